/**
 * Workflow interceptor module bundled into every workflow bundle, traced or not: log attributes on every workflow
 * `log` line, `chargeId` (or `registrationId` / `billingRunId`) and `attempt`. Runs in the sandbox: pure imports
 * only.
 */
import {
  workflowInfo,
  type GetLogAttributesInput,
  type Next,
  type WorkflowInterceptors,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import { businessIdsOf } from './workflow-ids.js';

class BusinessLogAttributes implements WorkflowOutboundCallsInterceptor {
  getLogAttributes(
    input: GetLogAttributesInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'getLogAttributes'>,
  ): Record<string, unknown> {
    const info = workflowInfo();
    return next({ ...input, ...businessIdsOf(info.workflowId), attempt: info.attempt });
  }
}

export const interceptors = (): WorkflowInterceptors => ({ outbound: [new BusinessLogAttributes()] });
