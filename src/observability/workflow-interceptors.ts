/**
 * Workflow interceptor module (bundled into the workflow code: see WORKFLOW_INTERCEPTOR_MODULES): OpenTelemetry
 * spans for the workflow, its activities and children. Bundled only where tracing is on; the log attributes
 * (workflow-log-attributes.ts) are in every bundle. Runs in the sandbox: pure imports only.
 */
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow/index.js';
import type { WorkflowInterceptors } from '@temporalio/workflow';

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [new OpenTelemetryInboundInterceptor()],
  outbound: [new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
