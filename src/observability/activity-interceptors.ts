/**
 * Activity interceptors: OpenTelemetry spans (a child of the workflow's StartActivity span, carried in the
 * headers) and log attributes on every activity `log` line: `chargeId` (from the input's chargeId or
 * merchantTransactionId, else the workflow id), `workflowId` and `runId` (the SDK names them workflowRunId).
 */
import type { Context as ActivityContext } from '@temporalio/activity';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptors, ActivityInterceptorsFactory } from '@temporalio/worker';
import { parseMerchantTransactionId } from '../ids.js';
import { businessIdsOf } from './workflow-ids.js';

/** The charge id an activity's input names, if any. */
export function chargeIdOfInput(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const { chargeId, merchantTransactionId } = input as {
    chargeId?: unknown;
    merchantTransactionId?: unknown;
  };
  if (typeof chargeId === 'string') return chargeId;
  if (typeof merchantTransactionId !== 'string') return undefined;
  const parsed = parseMerchantTransactionId(merchantTransactionId);
  return parsed?.kind === 'charge' ? parsed.businessId : undefined;
}

export const logAttributesInterceptors: ActivityInterceptorsFactory = (ctx: ActivityContext) => {
  const execution = ctx.info.workflowExecution;
  let fields: Record<string, unknown> = {
    ...businessIdsOf(execution?.workflowId),
    ...(execution ? { workflowId: execution.workflowId, runId: execution.runId } : {}),
  };
  const interceptors: ActivityInterceptors = {
    inbound: {
      execute(input, next) {
        const chargeId = chargeIdOfInput(input.args[0]);
        if (chargeId) fields = { ...fields, chargeId };
        return next(input);
      },
    },
    outbound: {
      getLogAttributes(input, next) {
        return next({ ...input, ...fields });
      },
    },
  };
  return interceptors;
};

export const tracingInterceptors: ActivityInterceptorsFactory = (ctx: ActivityContext) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});
