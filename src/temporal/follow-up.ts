/**
 * Hands an event to a charge's follow-up workflow: signal-with-start, so the first event starts it and later
 * ones join it. Used by the webhook (a callback for a closed charge, a chargeback, a back-office refund) and by
 * the charge itself when something arrives while it closes.
 */
import type { Client } from '@temporalio/client';
import type { GatewayCallbackEvent } from '../contract/domain.js';
import { followUpWorkflowId, type FlowKind } from '../ids.js';
import { chargeEventSignal, type ChargeFollowUpInput } from '../contract/messages.js';
import { WORKFLOW_TYPES, type ChargeFollowUpWorkflow } from '../contract/workflows.js';
import { ChargeStatusKey } from './search-attributes.js';

export async function sendChargeEvent(
  client: Client,
  taskQueue: string,
  chargeId: string,
  event: GatewayCallbackEvent,
  /** `register`: an event for a first purchase (its debit can be charged back too). */
  flow: FlowKind = 'charge',
): Promise<string> {
  const workflowId = followUpWorkflowId(chargeId, flow);
  const input: ChargeFollowUpInput = flow === 'charge' ? { chargeId } : { chargeId, flow };
  await client.workflow.signalWithStart<ChargeFollowUpWorkflow, [GatewayCallbackEvent]>(
    WORKFLOW_TYPES.followUp,
    {
      workflowId,
      taskQueue,
      args: [input],
      signal: chargeEventSignal,
      signalArgs: [event],
      typedSearchAttributes: [{ key: ChargeStatusKey, value: 'follow-up' }],
      staticSummary: `Events after charge ${chargeId} closed`,
      staticDetails: `**charge** ${chargeId}\n\nFirst event: ${event.transactionType ?? 'callback'} ${event.result}`,
    },
  );
  return workflowId;
}
