/**
 * chargeFollowUp: what happens to a charge after it closed. Its workflow id is "charge-<chargeId>.events"; the
 * webhook signal-with-starts it for every callback the closed charge can no longer take and for every event
 * that arrives after the fact: a late success of an attempt the charge had given up on, a chargeback, a
 * chargeback reversal, a refund made in the gateway's back office. Each is recorded durably here, changes the
 * charge's visible status (query, ChargeStatus/ChargeFlags search attributes, the client API and the CLI) and
 * corrects what depends on it: a second debit is reversed, a billing run's report row and subscription are fixed.
 * It stays open for the chargeback window after its last event, then closes with its state as result.
 */
import { DAY_SECONDS } from './durations.js';
import type { Mutable } from '../mutable.js';
import {
  condition,
  continueAsNew,
  isCancellation,
  log,
  patched,
  sleep,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ChargeFlag, ExtraDebit, GatewayCallbackEvent } from '../contract/domain.js';
import { attemptOfStep, merchantTransactionIdFor, parseMerchantTransactionId } from '../ids.js';
import { toDecimalString } from '../money.js';
import { recordChargeFlag } from '../observability/workflow-metrics.js';
import {
  AmountMinorKey,
  BillingRunIdKey,
  ChargeFlagsKey,
  ChargeStatusKey,
  CurrencyKey,
  CustomerIdKey,
} from '../temporal/search-attributes.js';
import { events } from './activity-options.js';
import { phaseLine } from '../contract/visibility.js';
import { CallbackInbox, isCallbackEvent } from './callback-inbox.js';
import { reverseExtraDebit } from './extra-debits.js';
import {
  billingStatusFrom,
  emptyFacts,
  netChargedBack,
  refundedTotal,
  statusFrom,
} from './follow-up-ledger.js';
import type { ChargeOutcomeView } from '../contract/charge-events-activities.js';
import { lateOperationEffect, ownOperationOf, type OwnOperationKind } from '../contract/late-operations.js';
import {
  chargeEventSignal,
  followUpStateQuery,
  type ChargeEventRecord,
  type ChargeFollowUpInput,
  type ChargeFollowUpState,
} from '../contract/messages.js';

const DEFAULT_IDLE_CLOSE_SECONDS = 180 * DAY_SECONDS;
/**
 * With its state kept in the store at close, a follow-up stays open only a day after its last event; a later
 * event (a chargeback months on) starts a new run that continues from the stored state.
 */
const STORED_IDLE_CLOSE_SECONDS = DAY_SECONDS;
export const FOLLOW_UP_STORED_PATCH = 'follow-up-state-stored';
/** Late callbacks of the charge's own capture, void, refund or reversal are applied (they were ignored before). */
export const FOLLOW_UP_OWN_OPS_PATCH = 'follow-up-own-ops';

/** A retried event (its correction failed) is not recorded twice: only what failed runs again. */
const APPLY_ONCE_PATCH = 'follow-up-apply-once';

const eventKey = (event: GatewayCallbackEvent): string =>
  `${(event.transactionType ?? '').toUpperCase()}:${event.uuid}:${event.result}`;

function initialState(chargeId: string): Mutable<ChargeFollowUpState> {
  return {
    chargeId,
    status: 'failed',
    flags: [],
    events: [],
    chargedBackMinor: 0,
    refundedMinor: 0,
    extraDebits: [],
    billingCorrected: 0,
  };
}

export async function chargeFollowUp(input: ChargeFollowUpInput): Promise<ChargeFollowUpState> {
  const state: Mutable<ChargeFollowUpState> = input.carried
    ? { ...input.carried }
    : initialState(input.chargeId);
  const queue: GatewayCallbackEvent[] = [];
  const seen = new Set<string>(input.carriedSeen ?? []);
  const inbox = new CallbackInbox();
  setHandler(chargeEventSignal, (event) => {
    if (!isCallbackEvent(event)) return; // not an event (e.g. a refused plaintext signal): never fails the task
    inbox.record(event);
    queue.push(event);
  });
  setHandler(followUpStateQuery, () => ({ ...state }));

  const charge: ChargeOutcomeView = await events.loadChargeOutcome(
    input.flow ? { chargeId: input.chargeId, flow: input.flow } : { chargeId: input.chargeId },
  );
  // A follow-up of this charge that closed earlier kept its state in the store: this run continues from it.
  if (!input.carried && charge.followUp && patched(FOLLOW_UP_STORED_PATCH)) {
    Object.assign(state, charge.followUp.state);
    for (const key of charge.followUp.seen) seen.add(key);
  }
  const resumed = state.events.length > 0;
  const memo = charge.memo;
  const result = charge.result;
  const amountMinor = memo?.amountMinor ?? result?.amountMinor ?? 0;
  /** Known from the stored outcome, the memo or the result; never guessed for a new decision. */
  const knownCurrency = memo?.currency ?? result?.currency;
  // Histories recorded before the by-meaning patch used 'EUR' when the charge was gone.
  const currency = knownCurrency ?? 'EUR';
  const mode = memo?.mode ?? 'debit';
  state.originalStatus = result?.status;
  if (!input.carried && !resumed) state.status = result?.status ?? 'failed';
  if (memo) {
    upsertSearchAttributes([
      { key: CustomerIdKey, value: memo.customerId },
      { key: AmountMinorKey, value: amountMinor },
      { key: CurrencyKey, value: currency },
      ...(memo.billing ? [{ key: BillingRunIdKey, value: memo.billing.runId }] : []),
    ]);
  }
  /** The Web UI's current details: the charge's status after the close, its flags and money moved since. */
  const show = (): void => {
    const money = (minor: number): string =>
      knownCurrency ? `${toDecimalString(minor, knownCurrency)} ${knownCurrency}` : `${minor} minor units`;
    setCurrentDetails(
      phaseLine(state.status, [
        `${state.events.length} event(s) after the close`,
        state.flags.length ? `flags ${state.flags.join(', ')}` : undefined,
        state.chargedBackMinor ? `charged back ${money(state.chargedBackMinor)}` : undefined,
        state.refundedMinor ? `refunded in back office ${money(state.refundedMinor)}` : undefined,
      ]),
    );
  };
  show();

  const flag = (f: ChargeFlag): void => {
    if (state.flags.includes(f)) return;
    state.flags = [...state.flags, f];
    recordChargeFlag(f);
  };
  const record = (
    kind: ChargeEventRecord['kind'],
    event: GatewayCallbackEvent,
    extra: Partial<ChargeEventRecord> = {},
  ): void => {
    state.events = [
      ...state.events,
      {
        kind,
        merchantTransactionId: event.merchantTransactionId,
        uuid: event.uuid,
        amountMinor: event.amountMinor,
        recordedAt: new Date().toISOString(),
        ...extra,
      },
    ];
  };
  const correctBilling = async (
    status: 'succeeded-late' | 'charged-back' | 'chargeback-reversed',
    reason: string,
  ): Promise<void> => {
    const billing = memo?.billing;
    if (!billing || !memo) return;
    await events.correctBillingOutcome({
      runId: billing.runId,
      subscriptionId: billing.subscriptionId,
      customerId: memo.customerId,
      period: billing.period,
      chargeId: input.chargeId,
      amountMinor,
      currency,
      status,
      reason,
    });
    state.billingCorrected++;
  };
  const reverse = async (event: GatewayCallbackEvent): Promise<ExtraDebit> => {
    const reversal = await reverseExtraDebit(
      {
        merchantTransactionId: event.merchantTransactionId,
        status: 'succeeded',
        uuid: event.uuid,
        source: 'callback',
      },
      { chargeId: input.chargeId, mode, amountMinor, currency },
      inbox,
    );
    state.extraDebits = [...state.extraDebits, reversal];
    flag(reversal.reversed ? 'double-debit-reversed' : 'double-debit-unreversed');
    return reversal;
  };

  /** A debit attempt of this charge reported OK after the charge closed. */
  const onDebitSuccess = async (event: GatewayCallbackEvent): Promise<void> => {
    const mtid = event.merchantTransactionId;
    // A registration's result names no merchantTransactionId: its one debit is "r.<id>.reg".
    const succeededWith =
      result?.merchantTransactionId ??
      (input.flow === 'register' ? merchantTransactionIdFor('register', input.chargeId, 'reg') : undefined);
    const kept = result?.status === 'succeeded' ? succeededWith : state.lateSuccess?.merchantTransactionId;
    if (kept === mtid) return; // the charge (or this follow-up) already counts this debit
    if (result?.extraDebits?.some((e) => e.merchantTransactionId === mtid)) return; // the charge reversed it
    if (state.extraDebits.some((e) => e.merchantTransactionId === mtid)) return;
    if (kept !== undefined || mode === 'preauthorize') {
      // A second debit of one charge (or a hold nobody will capture): the customer pays once.
      const reversal = await reverse(event);
      record('extra-debit', event, {
        reason: reversal.reversed ? `${reversal.reversal}ed` : 'reversal-failed',
      });
      return;
    }
    state.lateSuccess = { merchantTransactionId: mtid, uuid: event.uuid };
    state.status = 'succeeded-late';
    flag('succeeded-late');
    record('late-success', event, {
      amountMinor: amountMinor,
      reason: `charge had said ${result?.status ?? charge.workflowStatus}`,
    });
    await correctBilling('succeeded-late', `succeeded late (${mtid})`);
  };

  const onChargeback = async (event: GatewayCallbackEvent): Promise<void> => {
    const amount = event.chargeback?.amountMinor ?? event.amountMinor ?? amountMinor;
    const reversal = event.transactionType === 'CHARGEBACK-REVERSAL';
    state.chargedBackMinor = Math.max(0, state.chargedBackMinor + (reversal ? -amount : amount));
    const reason = event.chargeback?.reason ?? event.error?.message ?? '';
    if (reversal) {
      record('chargeback-reversal', event, { amountMinor: amount, reason });
      flag('chargeback-reversed');
      if (state.chargedBackMinor === 0) {
        state.status = state.lateSuccess ? 'succeeded-late' : 'chargeback-reversed';
        await correctBilling('chargeback-reversed', `chargeback reversed ${reason}`.trim());
      }
    } else {
      record('chargeback', event, { amountMinor: amount, reason });
      flag('charged-back');
      state.status = 'charged-back';
      await correctBilling('charged-back', `charged back ${reason}`.trim());
    }
  };

  const onBackOfficeRefund = (event: GatewayCallbackEvent): void => {
    const amount = event.amountMinor ?? 0;
    state.refundedMinor += amount;
    record('back-office-refund', event, { amountMinor: amount });
    flag('refunded-in-back-office');
    if (state.status !== 'charged-back')
      state.status = state.refundedMinor >= amountMinor ? 'refunded' : 'partially-refunded';
  };

  /** Events whose fact is recorded; a retry after a failed correction only redoes the correction. */
  const applied = new Set<string>();
  /** Records one fact, then derives the status and the billing correction from all facts so far. */
  const byMeaning = async (
    apply: (event: GatewayCallbackEvent) => Promise<void> | void,
    event: GatewayCallbackEvent,
  ): Promise<void> => {
    const key = eventKey(event);
    if (!applied.has(key) || !patched(APPLY_ONCE_PATCH)) {
      await apply(event);
      applied.add(key);
    }
    const facts = state.facts ?? emptyFacts();
    const lateSuccess = state.lateSuccess !== undefined;
    state.chargedBackMinor = netChargedBack(facts);
    state.refundedMinor = refundedTotal(facts);
    state.status = statusFrom(facts, { original: result?.status, lateSuccess, amountMinor });
    const billingStatus = billingStatusFrom(facts, lateSuccess);
    if (billingStatus && billingStatus !== state.billingStatus) {
      const reason =
        billingStatus === 'charged-back'
          ? `charged back ${state.chargedBackMinor}`
          : billingStatus === 'succeeded-late'
            ? `succeeded late (${state.lateSuccess?.merchantTransactionId ?? ''})`
            : 'chargeback reversed';
      await correctBilling(billingStatus, reason);
      state.billingStatus = billingStatus;
    }
  };

  /**
   * An event whose amount is in another currency than the charge's is recorded but not counted: summing it
   * would be wrong, and converting is not ours to guess. (Events recorded before events named their currency
   * have none and are counted as before.)
   */
  const otherCurrency = (
    kind: ChargeEventRecord['kind'],
    event: GatewayCallbackEvent,
    amount: number | undefined,
  ): boolean => {
    const eventCurrency = event.amountsUnreadable
      ? 'a currency this version cannot read'
      : (event.chargeback?.currency ?? event.currency);
    if (!eventCurrency || eventCurrency === knownCurrency) return false;
    if (!knownCurrency && !event.amountsUnreadable) return false;
    record(kind, event, {
      amountMinor: event.amountsUnreadable ? undefined : amount,
      reason: `currency-mismatch: ${eventCurrency} for a ${knownCurrency ?? 'charge of unknown currency'}, not counted`,
    });
    flag('currency-mismatch');
    return true;
  };

  const onChargebackFact = (event: GatewayCallbackEvent): void => {
    const amount = event.chargeback?.amountMinor ?? event.amountMinor ?? amountMinor;
    const reversal = event.transactionType?.toUpperCase() === 'CHARGEBACK-REVERSAL';
    if (otherCurrency(reversal ? 'chargeback-reversal' : 'chargeback', event, amount)) return;
    const reason = event.chargeback?.reason ?? event.error?.message ?? '';
    const facts = state.facts ?? emptyFacts();
    if (reversal) {
      const chargebackUuid = event.chargeback?.chargebackUuid;
      state.facts = {
        ...facts,
        reversals: { ...facts.reversals, [event.uuid]: { chargebackUuid, amountMinor: amount } },
      };
      record('chargeback-reversal', event, { amountMinor: amount, reason });
      flag('chargeback-reversed');
    } else {
      state.facts = { ...facts, chargebacks: { ...facts.chargebacks, [event.uuid]: amount } };
      record('chargeback', event, { amountMinor: amount, reason });
      flag('charged-back');
    }
  };

  const onBackOfficeRefundFact = (event: GatewayCallbackEvent): void => {
    const amount = event.amountMinor ?? 0;
    if (otherCurrency('back-office-refund', event, amount)) return;
    const facts = state.facts ?? emptyFacts();
    state.facts = { ...facts, refunds: { ...facts.refunds, [event.uuid]: amount } };
    record('back-office-refund', event, { amountMinor: amount });
    flag('refunded-in-back-office');
  };

  /** A debit's late success: kept as the one success, or reversed when the charge already has one. */
  const onDebitSuccessFact = async (event: GatewayCallbackEvent): Promise<void> => {
    const mtid = event.merchantTransactionId;
    const succeededWith =
      result?.merchantTransactionId ??
      (input.flow === 'register' ? merchantTransactionIdFor('register', input.chargeId, 'reg') : undefined);
    const kept = result?.status === 'succeeded' ? succeededWith : state.lateSuccess?.merchantTransactionId;
    if (kept === mtid) return;
    if (result?.extraDebits?.some((e) => e.merchantTransactionId === mtid)) return;
    if (state.extraDebits.some((e) => e.merchantTransactionId === mtid)) return;
    if (kept !== undefined || mode === 'preauthorize') {
      if (!knownCurrency) {
        // Nothing says what this charge was: no refund is made on a guessed currency; an operator decides.
        flag('double-debit-unreversed');
        record('extra-debit', event, { reason: 'reversal-failed: charge outcome unknown' });
        return;
      }
      const reversal = await reverse(event);
      record('extra-debit', event, {
        reason: reversal.reversed ? `${reversal.reversal}ed` : 'reversal-failed',
      });
      return;
    }
    state.lateSuccess = { merchantTransactionId: mtid, uuid: event.uuid };
    flag('succeeded-late');
    record('late-success', event, {
      amountMinor: amountMinor,
      reason: `charge had said ${result?.status ?? charge.workflowStatus}`,
    });
  };

  /** A capture, void, refund or reversal of the charge's own that settled after it was left open. */
  const onOwnOperation = (event: GatewayCallbackEvent, kind: OwnOperationKind): void => {
    const effect = lateOperationEffect(event, kind, result, state);
    if (!effect) return;
    Object.assign(state, effect.changes);
    record(effect.kind, event, { amountMinor: effect.amountMinor, reason: effect.reason });
  };

  const handle = async (event: GatewayCallbackEvent): Promise<void> => {
    const type = (event.transactionType ?? '').toUpperCase();
    const key = eventKey(event);
    if (seen.has(key)) return;
    seen.add(key);
    if (patched('follow-up-by-meaning')) {
      if (type === 'CHARGEBACK' || type === 'CHARGEBACK-REVERSAL') return byMeaning(onChargebackFact, event);
      if (event.relatesTo)
        return event.result === 'OK' && type === 'REFUND'
          ? byMeaning(onBackOfficeRefundFact, event)
          : undefined;
      const step = parseMerchantTransactionId(event.merchantTransactionId)?.step ?? '';
      const isDebit = attemptOfStep(step) !== undefined || (input.flow === 'register' && step === 'reg');
      if (isDebit && event.result === 'OK') return byMeaning(onDebitSuccessFact, event);
      const own = ownOperationOf(step);
      if (own && patched(FOLLOW_UP_OWN_OPS_PATCH)) return byMeaning((e) => onOwnOperation(e, own), event);
      return undefined;
    }
    if (type === 'CHARGEBACK' || type === 'CHARGEBACK-REVERSAL') return onChargeback(event);
    if (event.relatesTo)
      return event.result === 'OK' && type === 'REFUND' ? onBackOfficeRefund(event) : undefined;
    const step = parseMerchantTransactionId(event.merchantTransactionId)?.step ?? '';
    const isDebit = attemptOfStep(step) !== undefined || (input.flow === 'register' && step === 'reg');
    if (isDebit && event.result === 'OK') return onDebitSuccess(event);
    // Anything else (an error or pending of an attempt, results of our own refunds and voids) changes nothing.
    return undefined;
  };

  const storesState = patched(FOLLOW_UP_STORED_PATCH);
  const idleMs =
    (input.idleCloseSeconds ?? (storesState ? STORED_IDLE_CLOSE_SECONDS : DEFAULT_IDLE_CLOSE_SECONDS)) * 1000;
  for (;;) {
    while (queue.length > 0) {
      const event = queue.shift()!;
      try {
        await handle(event);
      } catch (err) {
        // No event is dropped on an error: it goes back to the queue and is tried again a minute later.
        if (isCancellation(err) || !patched('follow-up-keeps-events')) throw err;
        log.warn('follow-up event not applied, retrying', { uuid: event.uuid, error: String(err) });
        seen.delete(eventKey(event));
        queue.unshift(event);
        await sleep((input.retryAfterErrorSeconds ?? 60) * 1000);
        continue;
      }
      upsertSearchAttributes([
        { key: ChargeStatusKey, value: state.status },
        { key: ChargeFlagsKey, value: [...state.flags] },
      ]);
      show();
    }
    if (workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof chargeFollowUp>({
        ...input,
        carried: { ...state },
        carriedSeen: [...seen],
      });
    }
    // Nothing recorded (a repeat of what the charge already knew): nothing to keep open for.
    const wait = storesState && state.events.length === 0 ? 0 : idleMs;
    const more = wait > 0 ? await condition(() => queue.length > 0, wait) : queue.length > 0;
    if (!more) break;
  }
  if (storesState && state.events.length > 0) {
    await events.storeFollowUpState({
      chargeId: input.chargeId,
      ...(input.flow ? { flow: input.flow } : {}),
      followUp: { state: { ...state }, seen: [...seen] },
    });
  }
  log.info('follow-up closes', { status: state.status, events: state.events.length });
  return { ...state };
}
