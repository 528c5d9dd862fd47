/** One subscription's charge, as a billing run starts it: the child's input, its start options, its end. */
import { ParentClosePolicy, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import type { DueSubscription } from '../contract/billing-activities.js';
import type { ChargeInput } from '../contract/messages.js';
import { chargeMemo, chargeSearchAttributes, chargeSummary } from '../contract/visibility.js';
import { workflowIdFor } from '../ids.js';
import { dunningDelays, type ResolvedBillingInput } from './billing-run-input.js';

export function billingChildInput(
  sub: DueSubscription,
  chargeId: string,
  input: ResolvedBillingInput,
  parentWorkflowId: string,
): ChargeInput {
  return {
    chargeId,
    customerId: sub.customerId,
    amountMinor: sub.amountMinor,
    currency: sub.currency,
    initiator: 'merchant',
    recurring: true,
    description: `Subscription ${sub.subscriptionId} ${sub.period}`,
    dunning: { retryDelaysSeconds: dunningDelays(input) },
    callbackWaitSeconds: input.callbackWaitSeconds,
    gatewayCalls: input.childGatewayCalls ?? 'local',
    reportTo: parentWorkflowId,
    billing: { runId: input.runId, subscriptionId: sub.subscriptionId, period: sub.period },
  };
}

/** Start options of a billing child: its id derives from (subscription, period) and is never run twice. */
export function billingChildOptions(args: ChargeInput) {
  return {
    workflowId: workflowIdFor('charge', args.chargeId),
    parentClosePolicy: ParentClosePolicy.ABANDON,
    // A closed child with this id was billed before: never run it again.
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    args: [args] as [ChargeInput],
    typedSearchAttributes: chargeSearchAttributes(args),
    ...chargeSummary(args),
    memo: chargeMemo(args),
  };
}

/** Why a child ended without a result: terminated, timed out, cancelled, or the failure's message. */
export function childEnd(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (cause instanceof TerminatedFailure) return 'child terminated';
  if (cause instanceof TimeoutFailure) return 'child timed out';
  if (cause instanceof CancelledFailure) return 'child cancelled';
  return `child failed: ${cause instanceof Error ? cause.message : String(cause)}`.slice(0, 300);
}
