/**
 * Workflow interceptor module (bundled into the workflow code: see WORKFLOW_INTERCEPTOR_MODULES): OpenTelemetry
 * spans for the workflow, its activities and children, and log attributes on every workflow `log` line:
 * `chargeId` (or `registrationId` / `billingRunId`) and `attempt`. Runs in the sandbox: pure imports only.
 */
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow/index.js';
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

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [new OpenTelemetryInboundInterceptor()],
  outbound: [new OpenTelemetryOutboundInterceptor(), new BusinessLogAttributes()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
