/**
 * chargeStoredProfile: authenticate → fetch profile → select token → debit → (callback | status) → result.
 * Every gateway call carries a merchantTransactionId derived from the charge id and step, so retries, crashes,
 * duplicate starts and duplicate callbacks never charge twice. Before any new attempt id, every earlier attempt
 * whose outcome is still open is looked up and adopted if it succeeded or is pending; a code the error table
 * does not know is never retried under a new id; and if two attempts still both succeed, the charge reverses
 * the extra one itself. Nothing the gateway reports while the charge closes is dropped: it goes to the
 * charge's follow-up workflow.
 */
import {
  condition,
  getExternalWorkflowHandle,
  log,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { recordChargeOutcome } from '../observability/workflow-metrics.js';
import type { ChargeFlag, ChargeResult, ExtraDebit, TransactionOutcome } from '../domain.js';
import { debitStep, merchantTransactionIdFor } from '../ids.js';
import type { TransactionIndicator } from '../activities/types.js';
import { CallbackInbox } from './callback-inbox.js';
import { awaitFinalOutcome } from './await-outcome.js';
import { events, gatewayFor, store } from './activity-options.js';
import { selectToken } from './select-token.js';
import { chargeMemo, chargeSearchAttributes, phaseLine } from './search-attributes.js';
import { ChargeFlagsKey, ChargeStatusKey, CustomerIdKey } from '../temporal/search-attributes.js';
import { ChargeSettlement } from './charge-settlement.js';
import { ChargeAttempts } from './charge-attempts.js';
import { reverseExtraDebit } from './extra-debits.js';
import { keepChargeOutcome } from './outcome-store.js';
import { failureType, refusal } from './refusal.js';
import {
  awaitResultUpdate,
  chargeReportSignal,
  chargeStateQuery,
  gatewayCallbackSignal,
  type ChargeInput,
  type ChargePhase,
  type ChargeState,
} from './messages.js';

const DAY = 86_400;

function indicatorFor(input: ChargeInput): TransactionIndicator {
  if (input.initiator === 'customer') return 'CARDONFILE';
  return input.recurring ? 'RECURRING' : 'CARDONFILE-MERCHANT-INITIATED';
}

export async function chargeStoredProfile(input: ChargeInput): Promise<ChargeResult> {
  const inbox = new CallbackInbox();
  const attempts = new ChargeAttempts(inbox);
  let phase: ChargePhase = 'authenticating';
  let attempt = 0;
  let current: TransactionOutcome | undefined;
  let paymentToken: string | undefined = undefined;
  let nextAttemptAt: string | undefined;
  let result: ChargeResult | undefined = undefined;
  const settlement = new ChargeSettlement(input, inbox);
  const latest = (): ChargeResult | undefined => settlement.result ?? result;

  setHandler(gatewayCallbackSignal, (event) => void inbox.record(event));
  setHandler(chargeStateQuery, (): ChargeState => ({
    chargeId: input.chargeId,
    phase: settlement.phase ?? phase,
    attempt,
    merchantTransactionId: current?.merchantTransactionId,
    uuid: current?.uuid,
    redirectUrl: current?.status === 'redirect' ? current.redirectUrl : undefined,
    paymentToken,
    nextAttemptAt,
    result: latest(),
    callbacksSeen: inbox.accepted,
  }));
  setHandler(awaitResultUpdate, async () => {
    await condition(() => result !== undefined);
    return latest()!;
  });

  const gateway = gatewayFor(input.gatewayCalls);
  const mode = input.mode ?? 'debit';
  const base = { chargeId: input.chargeId, amountMinor: input.amountMinor, currency: input.currency };
  const waitOptions = {
    callbackWaitSeconds: input.callbackWaitSeconds ?? 600,
    maxWaitSeconds: input.maxWaitSeconds ?? DAY,
  };
  const setStatus = (status: string): void =>
    upsertSearchAttributes([{ key: ChargeStatusKey, value: status }]);
  const show = (...parts: (string | undefined)[]): void => setCurrentDetails(phaseLine(phase, parts));
  // Starters set these at start; a workflow started some other way sets them here.
  const info = workflowInfo();
  if (info.typedSearchAttributes.get(CustomerIdKey) === undefined)
    upsertSearchAttributes(chargeSearchAttributes(input));
  show();
  if (!info.memo?.['charge']) upsertMemo(chargeMemo(input));

  /** Reports to the billing run; a parent that cannot be signalled never fails the charge (it watches us). */
  const report = async (kind: 'in-dunning' | 'final'): Promise<void> => {
    if (!input.reportTo || !input.billing) return;
    try {
      await getExternalWorkflowHandle(input.reportTo).signal(chargeReportSignal, {
        chargeId: input.chargeId,
        subscriptionId: input.billing.subscriptionId,
        kind,
        result: kind === 'final' ? result : undefined,
      });
    } catch (err) {
      log.warn('billing run could not be signalled; it learns the outcome from the child result', {
        reportTo: input.reportTo,
        error: String(err),
      });
    }
  };

  const failed = (reason: string, extra: Partial<ChargeResult> = {}): ChargeResult => ({
    ...base,
    status: 'failed',
    attempts: attempt,
    reason,
    ...extra,
  });

  const adopt = (success: TransactionOutcome): ChargeResult => {
    const n = attempts.list.findIndex((a) => a.merchantTransactionId === success.merchantTransactionId);
    current = success;
    return {
      ...base,
      status: 'succeeded',
      attempts: n >= 0 ? n + 1 : attempt,
      merchantTransactionId: success.merchantTransactionId,
      uuid: success.uuid,
      purchaseId: success.purchaseId,
      paymentToken,
    };
  };

  const decide = async (): Promise<ChargeResult> => {
    log.info('charge started', { initiator: input.initiator, currency: input.currency });
    const customer = await store
      .authenticate({
        customerId: input.customerId,
        initiator: input.initiator,
        sessionProof: input.sessionProof,
        chargeId: input.chargeId,
      })
      .catch(refusal);
    if (typeof customer === 'string') return failed(customer);

    phase = 'fetching-profile';
    log.info('phase', { phase });
    show();
    const profile = await gateway
      .fetchProfile({
        customerIdentification: customer.customerIdentification,
        profileGuid: customer.profileGuid,
      })
      .catch(refusal);
    if (typeof profile === 'string') return failed(profile);

    const choice = selectToken(profile.instruments, new Date(), input.paymentToken);
    if (!choice.ok) return failed(choice.reason);
    paymentToken = choice.instrument.paymentToken;

    /** Before giving up or using a new id: an earlier attempt that settled (or is pending) is the answer. */
    const priorOutcome = async (beforeNewId = false): Promise<ChargeResult | 'unknown' | undefined> => {
      if (attempts.open().length === 0 && !attempts.inboxSuccess()) return undefined;
      const prior = await attempts.settledPrior(gateway.reconcile, beforeNewId ? waitOptions : undefined);
      if (prior.success) return adopt(prior.success);
      return prior.unknown ? 'unknown' : undefined;
    };

    const transientBudget = input.transientRetries ?? 2;
    const dunningDelays = input.dunning?.retryDelaysSeconds ?? [];
    let transientUsed = 0;
    let dunningUsed = 0;
    for (;;) {
      attempt++;
      phase = 'charging';
      log.info('phase', { phase, chargeAttempt: attempt });
      show(`attempt ${attempt}`);
      if (attempt > 1) setStatus(`attempt-${attempt}`);
      const merchantTransactionId = merchantTransactionIdFor('charge', input.chargeId, debitStep(attempt));
      const tracked = attempts.add(merchantTransactionId);
      const sent = await gateway
        .debit({
          kind: mode,
          merchantTransactionId,
          amountMinor: input.amountMinor,
          currency: input.currency,
          paymentToken,
          transactionIndicator: indicatorFor(input),
          customerIdentification: customer.customerIdentification,
          description: input.description,
        })
        // Rejected or out of retries: the gateway may still have committed it, so ask before deciding.
        .catch(async (err: unknown) => {
          const type = failureType(err);
          if (type === undefined) throw err;
          const found = await gateway.reconcile({ merchantTransactionId }).catch(() => undefined);
          return found ?? type;
        });
      if (typeof sent === 'string') {
        // No answer: the attempt stays open (tracked.outcome undefined) and is watched for a late settle.
        const prior = await priorOutcome();
        if (prior && prior !== 'unknown') return prior;
        return failed(sent, { merchantTransactionId, paymentToken });
      }
      current = sent;
      tracked.outcome = sent;
      if (current.status === 'pending' || current.status === 'redirect') {
        phase = current.status === 'redirect' ? 'needs-action' : 'awaiting-callback';
        log.info('phase', { phase, uuid: current.uuid });
        show(`attempt ${attempt}`, `gateway ${current.status}`);
        setStatus(phase);
        current = await awaitFinalOutcome(inbox, current, waitOptions);
        tracked.outcome = current;
      }
      const done = {
        ...base,
        attempts: attempt,
        merchantTransactionId,
        uuid: current.uuid,
        purchaseId: current.purchaseId,
        paymentToken,
      };
      if (current.status === 'succeeded') return adopt(current);
      if (current.status === 'pending') {
        const prior = await priorOutcome();
        if (prior && prior !== 'unknown') return prior;
        return { ...done, status: 'failed', reason: 'no-final-outcome' };
      }
      if (current.status === 'redirect')
        return { ...done, status: 'needs-action', redirectUrl: current.redirectUrl };

      const error = current.error;
      let delaySeconds: number | undefined;
      if (error?.unknownCode) {
        delaySeconds = undefined; // an unknown code is never retried under a new id
      } else if (error?.transient && transientUsed < transientBudget) {
        delaySeconds = 2 ** transientUsed * 5;
        transientUsed++;
      } else if (error?.decline === 'soft' && dunningUsed < dunningDelays.length) {
        delaySeconds = dunningDelays[dunningUsed];
        dunningUsed++;
        if (dunningUsed === 1) await report('in-dunning');
        phase = 'in-dunning';
        log.info('phase', { phase, delaySeconds, errorCode: error?.code });
        show(`attempt ${attempt} declined ${error?.code ?? ''}`, `next in ${delaySeconds}s`);
        setStatus('in-dunning');
      }
      const declined = {
        ...done,
        status: current.status === 'declined' ? 'declined' : 'failed',
        error,
      } as const;
      if (delaySeconds === undefined) {
        const prior = await priorOutcome();
        if (prior && prior !== 'unknown') return prior;
        return error?.unknownCode ? { ...declined, status: 'failed', reason: 'outcome-unknown' } : declined;
      }
      nextAttemptAt = new Date(Date.now() + delaySeconds * 1000).toISOString();
      // A late success of an earlier attempt ends the wait: it is the charge's answer.
      await condition(() => attempts.inboxSuccess() !== undefined, delaySeconds * 1000);
      nextAttemptAt = undefined;
      const prior = await priorOutcome(true);
      if (prior === 'unknown') return { ...declined, status: 'failed', reason: 'outcome-unknown' };
      if (prior) return prior;
    }
  };

  const decided = await decide();
  result = decided;
  phase = 'done';
  setStatus(decided.status);
  show(decided.status, decided.reason ?? (decided.error ? `error ${decided.error.code}` : undefined));
  log.info('charge finished', {
    status: decided.status,
    reason: decided.reason,
    errorCode: decided.error?.code,
    attempts: decided.attempts,
  });
  recordChargeOutcome(input, decided);
  await report('final');
  let final = await settlement.run(decided);

  // Closing: nothing the gateway reported may be left unhandled. Checked again after every await, so a callback
  // that arrives while the charge closes is seen here (signal handlers run before this code resumes).
  const reversals: ExtraDebit[] = [];
  const handled = new Set<string>();
  for (;;) {
    if (final.status === 'succeeded' && final.merchantTransactionId) {
      const extras = attempts
        .extraSuccesses(final.merchantTransactionId)
        .filter((e) => !handled.has(e.merchantTransactionId));
      if (extras.length === 0) break;
      for (const extra of extras) {
        handled.add(extra.merchantTransactionId);
        const reversal = await reverseExtraDebit(
          extra,
          { chargeId: input.chargeId, mode, amountMinor: input.amountMinor, currency: input.currency },
          inbox,
        );
        reversals.push(reversal);
        log.warn('extra debit reversed', {
          merchantTransactionId: extra.merchantTransactionId,
          ok: reversal.reversed,
        });
      }
    } else {
      const late = attempts.inboxSuccess();
      if (!late || handled.has(late.merchantTransactionId)) break;
      handled.add(late.merchantTransactionId);
      // The charge already answered; its follow-up records the late success and corrects what depends on it.
      await events.forwardChargeEvent({
        chargeId: input.chargeId,
        event: {
          merchantTransactionId: late.merchantTransactionId,
          uuid: late.uuid ?? '',
          result: 'OK',
          transactionType: mode === 'preauthorize' ? 'PREAUTHORIZE' : 'DEBIT',
          purchaseId: late.purchaseId,
        },
      });
    }
  }
  if (reversals.length > 0) {
    const flags: ChargeFlag[] = [
      reversals.every((r) => r.reversed) ? 'double-debit-reversed' : 'double-debit-unreversed',
    ];
    final = { ...final, extraDebits: reversals, flags };
    upsertSearchAttributes([{ key: ChargeFlagsKey, value: [...flags] }]);
  }
  await keepChargeOutcome(input, final);
  return final;
}
