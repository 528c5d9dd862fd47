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
import type { GatewayCallbackEvent } from '../contract/domain.js';
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
import { CallbackInbox, isCallbackEvent } from './callback-inbox.js';
import { reverseExtraDebit } from './extra-debits.js';
import { FollowUpBook, initialFollowUpState } from './follow-up-book.js';
import { FollowUpEvents } from './follow-up-apply.js';
import type { FollowUpEffects } from './follow-up-legacy.js';
import {
  chargeEventSignal,
  followUpStateQuery,
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

export async function chargeFollowUp(input: ChargeFollowUpInput): Promise<ChargeFollowUpState> {
  const state: Mutable<ChargeFollowUpState> = input.carried
    ? { ...input.carried }
    : initialFollowUpState(input.chargeId);
  const queue: GatewayCallbackEvent[] = [];
  const seen = new Set<string>(input.carriedSeen ?? []);
  const inbox = new CallbackInbox();
  setHandler(chargeEventSignal, (event) => {
    if (!isCallbackEvent(event)) return; // not an event (e.g. a refused plaintext signal): never fails the task
    inbox.record(event);
    queue.push(event);
  });
  setHandler(followUpStateQuery, () => ({ ...state }));

  const charge = await events.loadChargeOutcome(
    input.flow ? { chargeId: input.chargeId, flow: input.flow } : { chargeId: input.chargeId },
  );
  // A follow-up of this charge that closed earlier kept its state in the store: this run continues from it.
  if (!input.carried && charge.followUp && patched(FOLLOW_UP_STORED_PATCH)) {
    Object.assign(state, charge.followUp.state);
    for (const key of charge.followUp.seen) seen.add(key);
  }
  const resumed = state.events.length > 0;
  const book = new FollowUpBook(
    state,
    {
      chargeId: input.chargeId,
      flow: input.flow,
      workflowStatus: charge.workflowStatus,
      memo: charge.memo,
      result: charge.result,
    },
    recordChargeFlag,
  );
  state.originalStatus = charge.result?.status;
  if (!input.carried && !resumed) state.status = charge.result?.status ?? 'failed';
  if (charge.memo) {
    upsertSearchAttributes([
      { key: CustomerIdKey, value: charge.memo.customerId },
      { key: AmountMinorKey, value: book.amountMinor },
      { key: CurrencyKey, value: book.currency },
      ...(charge.memo.billing ? [{ key: BillingRunIdKey, value: charge.memo.billing.runId }] : []),
    ]);
  }
  setCurrentDetails(book.line());
  const applier = new FollowUpEvents(book, followUpEffects(book, inbox), seen);

  const storesState = patched(FOLLOW_UP_STORED_PATCH);
  const idleMs =
    (input.idleCloseSeconds ?? (storesState ? STORED_IDLE_CLOSE_SECONDS : DEFAULT_IDLE_CLOSE_SECONDS)) * 1000;
  for (;;) {
    while (queue.length > 0) {
      const event = queue.shift()!;
      try {
        await applier.handle(event);
      } catch (err) {
        // No event is dropped on an error: it goes back to the queue and is tried again a minute later.
        if (isCancellation(err) || !patched('follow-up-keeps-events')) throw err;
        log.warn('follow-up event not applied, retrying', { uuid: event.uuid, error: String(err) });
        applier.retryLater(event);
        queue.unshift(event);
        await sleep((input.retryAfterErrorSeconds ?? 60) * 1000);
        continue;
      }
      upsertSearchAttributes([
        { key: ChargeStatusKey, value: state.status },
        { key: ChargeFlagsKey, value: [...state.flags] },
      ]);
      setCurrentDetails(book.line());
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

/** What applying an event may call for: a billing correction, the reversal of an extra debit. */
function followUpEffects(book: FollowUpBook, inbox: CallbackInbox): FollowUpEffects {
  const { memo } = book.charge;
  return {
    async correctBilling(status, reason) {
      const billing = memo?.billing;
      if (!billing || !memo) return;
      await events.correctBillingOutcome({
        runId: billing.runId,
        subscriptionId: billing.subscriptionId,
        customerId: memo.customerId,
        period: billing.period,
        chargeId: book.charge.chargeId,
        amountMinor: book.amountMinor,
        currency: book.currency,
        status,
        reason,
      });
      book.state.billingCorrected++;
    },
    reverse: (event) =>
      reverseExtraDebit(
        {
          merchantTransactionId: event.merchantTransactionId,
          status: 'succeeded',
          uuid: event.uuid,
          source: 'callback',
        },
        {
          chargeId: book.charge.chargeId,
          mode: book.mode,
          amountMinor: book.amountMinor,
          currency: book.currency,
        },
        inbox,
      ),
  };
}
