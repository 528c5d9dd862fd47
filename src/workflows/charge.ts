/**
 * chargeStoredProfile: authenticate → fetch profile → select token → debit → (callback | status) → result.
 * Every gateway call carries a merchantTransactionId derived from the charge id and step, so retries, crashes,
 * duplicate starts and duplicate callbacks never charge twice. Before any new attempt id, every earlier attempt
 * whose outcome is still open is looked up and adopted if it succeeded or is pending; a code the error table
 * does not know is never retried under a new id; and if two attempts still both succeed, the charge reverses
 * the extra one itself. Nothing the gateway reports while the charge closes is dropped: it goes to the
 * charge's follow-up workflow.
 *
 * The parts: charge-decision.ts reaches the answer (attempts, waits, the retry choice of charge-retry-choice.ts,
 * the look-ups of charge-earlier-attempts.ts); charge-progress.ts is what the state query and the Web UI show;
 * charge-closing.ts reverses extra debits and hands late successes on; charge-settlement.ts runs capture, void
 * and refunds while the charge stays open; charge-billing-report.ts signals the billing run.
 */
import {
  condition,
  log,
  patched,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { recordChargeOutcome } from '../observability/workflow-metrics.js';
import type { ChargeResult } from '../contract/domain.js';
import { CallbackInbox } from './callback-inbox.js';
import { gatewayFor } from './activity-options.js';
import { chargeMemo, chargeSearchAttributes } from '../contract/visibility.js';
import { ChargeFlagsKey, CustomerIdKey } from '../temporal/search-attributes.js';
import { ChargeSettlement } from './charge-settlement.js';
import { ChargeAttempts } from './charge-attempts.js';
import { ChargeClosing } from './charge-closing.js';
import { BillingReport } from './charge-billing-report.js';
import { strictChecksFor } from './charge-checks.js';
import { ChargeDecision } from './charge-decision.js';
import { ChargeProgress } from './charge-progress.js';
import { keepChargeOutcome } from './outcome-store.js';
import {
  awaitResultUpdate,
  chargeStateQuery,
  gatewayCallbackSignal,
  type ChargeInput,
} from '../contract/messages.js';

export {
  BILLING_REPORT_AFTER_DUNNING_PATCH,
  BILLING_REPORT_BY_RESULT_PATCH,
} from './charge-billing-report.js';

/**
 * Charges started since this patch: every success the gateway reports for any of the charge's debit ids is
 * adopted or reversed (not only the attempts history recorded); an unrecorded local-activity send is looked
 * for before the charge closes; callback successes are confirmed with the status API; a debit that timed out
 * is looked up; a gateway or look-up error never fails the charge.
 */
export const CHARGE_MONEY_SWEEP_PATCH = 'charge-money-sweep';

export async function chargeStoredProfile(input: ChargeInput): Promise<ChargeResult> {
  const inbox = new CallbackInbox();
  const settlement = new ChargeSettlement(input, inbox);
  const progress = new ChargeProgress(input.chargeId, inbox, settlement);
  setHandler(gatewayCallbackSignal, (event) => void inbox.record(event));
  setHandler(chargeStateQuery, () => progress.state());
  setHandler(awaitResultUpdate, async () => {
    await condition(() => progress.result !== undefined);
    return progress.latest()!;
  });

  const gateway = gatewayFor(input.gatewayCalls);
  const strict = patched(CHARGE_MONEY_SWEEP_PATCH);
  const attempts = new ChargeAttempts(inbox, strict ? strictChecksFor(input.chargeId, gateway) : undefined);
  const report = new BillingReport(input);
  const decision = new ChargeDecision({ input, inbox, gateway, strict, attempts, progress, report });
  // Starters set these at start; a workflow started some other way sets them here.
  const info = workflowInfo();
  if (info.typedSearchAttributes.get(CustomerIdKey) === undefined)
    upsertSearchAttributes(chargeSearchAttributes(input));
  progress.show();
  if (!info.memo?.['charge']) upsertMemo(chargeMemo(input));

  let decided = await decision.decide();
  const closing = new ChargeClosing({
    chargeId: input.chargeId,
    mode: input.mode ?? 'debit',
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
    if (input.gatewayCalls === 'local' && progress.plannedNext !== undefined)
      decided = await decision.findUnrecordedSend(decided, progress.plannedNext);
    // The answer names the extra debits it reversed (the sweep runs again when the charge closes).
    if (decided.status === 'succeeded') {
      decided = await closing.sweep(decided);
      showFlags();
    }
  }
  publish(progress, decided);
  recordChargeOutcome(input, decided);
  await report.send('final', decided);
  let final = await settlement.run(decided);

  const before = closing.reversals.length;
  final = await closing.sweep(final);
  if (closing.reversals.length > before) showFlags();
  await keepChargeOutcome(input, final);
  return final;
}

/** The charge has decided: its result is the query's and the awaitResult update's answer from now on. */
function publish(progress: ChargeProgress, decided: ChargeResult): void {
  progress.result = decided;
  progress.phase = 'done';
  progress.setStatus(decided.status);
  progress.show(
    decided.status,
    decided.reason ?? (decided.error ? `error ${decided.error.code}` : undefined),
  );
  log.info('charge finished', {
    status: decided.status,
    reason: decided.reason,
    errorCode: decided.error?.code,
    attempts: decided.attempts,
  });
}
