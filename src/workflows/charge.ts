/**
 * chargeStoredProfile: authenticate → fetch profile → select token → debit → (callback | status) → result.
 * Every gateway call carries a merchantTransactionId derived from the charge id and step, so retries, crashes,
 * duplicate starts and duplicate callbacks never charge twice. Before any new attempt id, every earlier attempt
 * whose outcome is still open is looked up and adopted if it succeeded or is pending; a code the error table
 * does not know is never retried under a new id; and if two attempts still both succeed, the charge reverses
 * the extra one itself. Nothing the gateway reports while the charge closes is dropped: it goes to the
 * charge's follow-up workflow.
 */
import { DAY_SECONDS } from './durations.js';
import {
  condition,
  getExternalWorkflowHandle,
  log,
  patched,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { recordChargeOutcome, recordChargeOutcomeUnknown } from '../observability/workflow-metrics.js';
import { isFinal } from '../outcomes.js';
import type { ChargeResult, TransactionOutcome } from '../contract/domain.js';
import { attemptOfStep, debitStep, merchantTransactionIdFor, parseMerchantTransactionId } from '../ids.js';
import type { TransactionIndicator } from '../contract/activities.js';
import { CallbackInbox } from './callback-inbox.js';
import { awaitFinalOutcome } from './await-outcome.js';
import { gatewayFor, store } from './activity-options.js';
import { selectToken } from './select-token.js';
import { chargeMemo, chargeSearchAttributes, phaseLine } from '../contract/visibility.js';
import { ChargeFlagsKey, ChargeStatusKey, CustomerIdKey } from '../temporal/search-attributes.js';
import { ChargeSettlement } from './charge-settlement.js';
import { ChargeAttempts, type PriorOutcome } from './charge-attempts.js';
import { ChargeClosing } from './charge-closing.js';
import { confirmSuccess, lookUpUntilAnswered } from './gateway-lookup.js';
import { keepChargeOutcome } from './outcome-store.js';
import { activityFailureType, activityRefusal, failureCode, failureType, refusal } from './refusal.js';
import {
  awaitResultUpdate,
  chargeReportSignal,
  chargeStateQuery,
  gatewayCallbackSignal,
  type ChargeInput,
  type ChargePhase,
  type ChargeState,
} from '../contract/messages.js';

/** Pauses (seconds) between look-ups of an attempt the gateway has not answered for (strict). */
const WATCH_PAUSES = [5, 10, 30, 60, 120, 300, 600];

/**
 * Charges started since this patch: every success the gateway reports for any of the charge's debit ids is
 * adopted or reversed (not only the attempts history recorded); an unrecorded local-activity send is looked
 * for before the charge closes; callback successes are confirmed with the status API; a debit that timed out
 * is looked up; a gateway or look-up error never fails the charge.
 */
export const CHARGE_MONEY_SWEEP_PATCH = 'charge-money-sweep';

/**
 * A billing child that closes right after deciding (a debit without a refund window) sends no final report:
 * the run that started it settles it from the child's result, a later run (after continue-as-new) by looking
 * its carried children up (billing-run.ts, BILLING_CARRIED_LOOKUP_PATCH). One signal, one action and a
 * workflow task of the run fewer per child. The in-dunning report stays.
 */
export const BILLING_REPORT_BY_RESULT_PATCH = 'billing-report-by-result';

/**
 * A billing child that went through dunning sends its final report after all: it lived days, so the run that
 * started it has most likely continued-as-new since, and the run it reports to would otherwise learn its end
 * only from a look-up every childCheckSeconds.
 */
export const BILLING_REPORT_AFTER_DUNNING_PATCH = 'billing-report-after-dunning';

const closesAtOnce = (input: ChargeInput): boolean =>
  (input.mode ?? 'debit') === 'debit' && (input.refundWindowSeconds ?? 0) <= 0;

function indicatorFor(input: ChargeInput): TransactionIndicator {
  if (input.initiator === 'customer') return 'CARDONFILE';
  return input.recurring ? 'RECURRING' : 'CARDONFILE-MERCHANT-INITIATED';
}

export async function chargeStoredProfile(input: ChargeInput): Promise<ChargeResult> {
  const inbox = new CallbackInbox();
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
  const strict = patched(CHARGE_MONEY_SWEEP_PATCH);
  const confirm = (outcome: TransactionOutcome) => confirmSuccess(gateway.reconcile, outcome);
  const isOwnDebit = (merchantTransactionId: string): boolean => {
    const parsed = parseMerchantTransactionId(merchantTransactionId);
    return (
      parsed?.kind === 'charge' &&
      parsed.businessId === input.chargeId &&
      attemptOfStep(parsed.step) !== undefined
    );
  };
  const attempts = new ChargeAttempts(inbox, strict ? { confirm, isOwnDebit } : undefined);
  /** The attempt a retry wait was for, until it is sent: a lost workflow task may have sent it unrecorded. */
  let plannedNext: number | undefined;
  const mode = input.mode ?? 'debit';
  const base = { chargeId: input.chargeId, amountMinor: input.amountMinor, currency: input.currency };
  // A wait of 0 (a start that skipped the client's validation) would poll the status API in a tight loop.
  const atLeast = (seconds: number): number => (strict ? Math.max(1, seconds) : seconds);
  const waitOptions = {
    callbackWaitSeconds: atLeast(input.callbackWaitSeconds ?? 600),
    maxWaitSeconds: atLeast(input.maxWaitSeconds ?? DAY_SECONDS),
    ...(strict
      ? {
          confirm,
          // Another attempt's success ends a wait: it is checked and, confirmed, adopted.
          interrupt: (merchantTransactionId: string) =>
            attempts.inboxSuccess(merchantTransactionId) !== undefined,
        }
      : {}),
  };
  const refuse = strict ? activityRefusal : refusal;
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
  let reportedInDunning = false;
  const report = async (kind: 'in-dunning' | 'final'): Promise<void> => {
    if (!input.reportTo || !input.billing) return;
    if (
      kind === 'final' &&
      closesAtOnce(input) &&
      patched(BILLING_REPORT_BY_RESULT_PATCH) &&
      !(reportedInDunning && patched(BILLING_REPORT_AFTER_DUNNING_PATCH))
    )
      return;
    if (kind === 'in-dunning') reportedInDunning = true;
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

  /**
   * A local-activity debit runs before history records it: a worker that dies before its workflow task
   * completes leaves a transaction at the gateway that history does not know, and the retried task may decide
   * differently (a signal arrived in between). The charge stopped after a retry wait, so attempt `n` may have
   * been sent: ask the gateway. Found, it is an attempt like any other: adopted, or reversed when closing.
   */
  const findUnrecordedSend = async (decided: ChargeResult, n: number): Promise<ChargeResult> => {
    const merchantTransactionId = merchantTransactionIdFor('charge', input.chargeId, debitStep(n));
    const answer = await lookUpUntilAnswered(
      gateway.reconcile,
      merchantTransactionId,
      waitOptions.maxWaitSeconds,
    );
    if (typeof answer !== 'object') return decided; // not sent; or unanswered, and then its callback still comes
    log.warn('found a debit history did not record', { merchantTransactionId, status: answer.status });
    const tracked = attempts.track(answer);
    if (decided.status === 'succeeded') return decided;
    let found = answer;
    if (found.status === 'pending' || found.status === 'redirect') {
      found = await awaitFinalOutcome(inbox, found, waitOptions);
      tracked.outcome = found;
    }
    return found.status === 'succeeded' ? adopt(found) : decided;
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
      .catch(refuse);
    if (typeof customer === 'string') return failed(customer);

    phase = 'fetching-profile';
    log.info('phase', { phase });
    show();
    const profile = await gateway
      .fetchProfile({
        customerIdentification: customer.customerIdentification,
        profileGuid: customer.profileGuid,
      })
      .catch(refuse);
    if (typeof profile === 'string') return failed(profile);

    const choice = selectToken(profile.instruments, new Date(), input.paymentToken);
    if (!choice.ok) return failed(choice.reason);
    paymentToken = choice.instrument.paymentToken;

    /**
     * An attempt the gateway did not answer for (or cannot find though it holds it) is asked about again, with
     * growing pauses, until it answers or maxWaitSeconds pass: the charge keeps watching instead of failing.
     */
    const watchUnanswered = async (first: PriorOutcome): Promise<PriorOutcome> => {
      let prior = first;
      phase = 'outcome-unknown';
      log.warn('phase', { phase });
      recordChargeOutcomeUnknown();
      show(`attempt ${attempt}`, 'asking the gateway again');
      setStatus(phase);
      const deadline = Date.now() + waitOptions.maxWaitSeconds * 1000;
      for (let i = 0; prior.unanswered && !prior.success; i++) {
        const pauseMs = WATCH_PAUSES[Math.min(i, WATCH_PAUSES.length - 1)]! * 1000;
        if (Date.now() + pauseMs > deadline) break;
        await condition(() => attempts.inboxSuccess() !== undefined, pauseMs);
        prior = await attempts.settledPrior(gateway.reconcile, undefined);
      }
      return prior;
    };

    /** Before giving up or using a new id: an earlier attempt that settled (or is pending) is the answer. */
    const priorOutcome = async (beforeNewId = false): Promise<ChargeResult | 'unknown' | undefined> => {
      if (attempts.open().length === 0 && !attempts.inboxSuccess()) return undefined;
      let prior = await attempts.settledPrior(gateway.reconcile, beforeNewId ? waitOptions : undefined);
      if (strict && prior.unanswered && !prior.success) prior = await watchUnanswered(prior);
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
      plannedNext = undefined;
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
          const type = strict ? activityFailureType(err) : failureType(err);
          if (type === undefined) throw err;
          // 3004: the gateway holds this id, whatever a look-up says later.
          if (strict && failureCode(err) === 3004) tracked.exists = true;
          const found = await gateway.reconcile({ merchantTransactionId }).catch(() => undefined);
          return found ?? type;
        });
      if (typeof sent === 'string') {
        // No answer: the attempt stays open (tracked.outcome undefined) and is watched for a late settle.
        const prior = await priorOutcome();
        if (prior && prior !== 'unknown') return prior;
        if (strict && prior === 'unknown')
          return failed('outcome-unknown', { merchantTransactionId, paymentToken });
        return failed(sent, { merchantTransactionId, paymentToken });
      }
      current = sent;
      tracked.outcome = sent;
      if (current.status === 'pending' || current.status === 'redirect') {
        phase = current.status === 'redirect' ? 'needs-action' : 'awaiting-callback';
        log.info('phase', { phase, uuid: current.uuid });
        show(`attempt ${attempt}`, `gateway ${current.status}`);
        setStatus(phase);
        const until = Date.now() + waitOptions.maxWaitSeconds * 1000;
        for (;;) {
          const remaining = Math.max(0, (until - Date.now()) / 1000);
          current = await awaitFinalOutcome(inbox, current, { ...waitOptions, maxWaitSeconds: remaining });
          tracked.outcome = current;
          // Strict: the wait ends early when another attempt reported a success; confirmed, it is the answer.
          if (!strict || isFinal(current.status) || !attempts.inboxSuccess(merchantTransactionId)) break;
          const prior = await priorOutcome();
          if (prior && prior !== 'unknown') return prior;
          if (Date.now() >= until) break;
        }
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
      plannedNext = attempt + 1;
      // A late success of an earlier attempt ends the wait: it is the charge's answer.
      await condition(() => attempts.inboxSuccess() !== undefined, delaySeconds * 1000);
      nextAttemptAt = undefined;
      const prior = await priorOutcome(true);
      if (prior === 'unknown') return { ...declined, status: 'failed', reason: 'outcome-unknown' };
      if (prior) return prior;
    }
  };

  let decided = await decide();
  const closing = new ChargeClosing({
    chargeId: input.chargeId,
    mode,
    amountMinor: input.amountMinor,
    currency: input.currency,
    attempts,
    inbox,
    strict,
  });
  const showFlags = (): void => {
    const flag = closing.flag();
    if (flag) upsertSearchAttributes([{ key: ChargeFlagsKey, value: [flag] }]);
  };
  if (strict) {
    if (input.gatewayCalls === 'local' && plannedNext !== undefined)
      decided = await findUnrecordedSend(decided, plannedNext);
    // The answer names the extra debits it reversed (the sweep runs again when the charge closes).
    if (decided.status === 'succeeded') {
      decided = await closing.sweep(decided);
      showFlags();
    }
  }
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

  const before = closing.reversals.length;
  final = await closing.sweep(final);
  if (closing.reversals.length > before) showFlags();
  await keepChargeOutcome(input, final);
  return final;
}
