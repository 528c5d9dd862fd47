/**
 * Handlers of the `ixopay-payments` Nexus service. Every operation goes through the same code as
 * PaymentsClient (src/client/start-once.ts and the client itself): validation, UnknownCustomerError, the
 * idempotency rules. Only the start differs: it carries the Nexus caller's completion callback, so a
 * workflow-run operation completes when its workflow does.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy } from '@temporalio/client';
import * as nexus from 'nexus-rpc';
import {
  TemporalOperationHandler,
  TemporalOperationResult,
  getClient,
  type TemporalNexusClient,
} from '@temporalio/nexus';
import { PaymentsClient, type PaymentsClientOptions } from '../client/payments-client.js';
import {
  CaptureRequestSchema,
  ChargeRefSchema,
  RefundRequestSchema,
  parseRequest,
} from '../contract/requests.js';
import {
  billingRunSpec,
  registrationSpec,
  startChargeOnce,
  startOnce,
  type StartContext,
  type WorkflowStarter,
} from '../client/start-once.js';
import type { ChargeResult } from '../contract/domain.js';
import type { RegisterResult } from '../contract/messages.js';
import { WORKFLOW_TYPES, type WorkflowContract } from '../contract/workflows.js';
import { refusing } from './errors.js';
import { paymentsService } from './service.js';

export interface PaymentsNexusOptions extends PaymentsClientOptions {
  /** The payments task queue: the workflows the operations start run there. */
  readonly taskQueue: string;
}

/** A start that attaches the caller's completion callback (and links) to the workflow it starts or finds. */
function nexusStarter<R>(client: TemporalNexusClient): WorkflowStarter<TemporalOperationResult<R>> {
  return (workflowType, options) =>
    client.startWorkflow<WorkflowContract[typeof workflowType]>(workflowType, options) as Promise<
      TemporalOperationResult<R>
    >;
}

/**
 * A workflow already under this id: attach to it while it runs (the operation completes with it); a closed
 * one answers at once with its result.
 */
async function attachOrResult<R>(
  client: TemporalNexusClient,
  start: () => Promise<TemporalOperationResult<R>>,
  workflowId: string,
): Promise<TemporalOperationResult<R>> {
  try {
    return await start();
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return TemporalOperationResult.sync(await client.client.workflow.getHandle(workflowId).result());
  }
}

/** The Nexus request id as an idempotency key (a UUID; anything else is left out rather than refused). */
function requestKey(ctx: nexus.StartOperationContext): string | undefined {
  const key = `nexus.${ctx.requestId}`;
  return /^[A-Za-z0-9_.:-]{1,100}$/.test(key) ? key : undefined;
}

export function paymentsNexusHandler(options: PaymentsNexusOptions) {
  const context = (): StartContext => ({ temporal: getClient(), ...options });
  const payments = (): PaymentsClient => new PaymentsClient(getClient(), options.taskQueue, options);

  return nexus.serviceHandler(paymentsService, {
    charge: new TemporalOperationHandler<Parameters<PaymentsClient['startCharge']>[0], ChargeResult>({
      start: (_ctx, client, request) =>
        refusing(async () => {
          const start = nexusStarter<ChargeResult>(client);
          const charge = await startChargeOnce(context(), request, start);
          if (charge.started) return charge.started;
          // The same charge again (the conflict check passed): attach to it.
          return attachOrResult(
            client,
            () =>
              start(WORKFLOW_TYPES.charge, {
                ...charge.options,
                workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
              }),
            charge.workflowId,
          );
        }),
    }),

    chargeStatus: (_ctx, request) =>
      refusing(async () => {
        const { chargeId } = parseRequest(ChargeRefSchema, request);
        return payments().chargeStatus(chargeId);
      }),

    // Without the caller's idempotencyKey, the Nexus request id keys the update: a request the server
    // retries (after a timeout) gets the first attempt's result instead of a second capture or refund.
    capture: (ctx, request) =>
      refusing(async () => {
        const input = parseRequest(CaptureRequestSchema, request);
        return payments()
          .charge(input.chargeId)
          .capture(input.amountMinor, { idempotencyKey: input.idempotencyKey ?? requestKey(ctx) });
      }),

    void: (_ctx, request) =>
      refusing(async () => {
        const { chargeId } = parseRequest(ChargeRefSchema, request);
        return payments().charge(chargeId).void();
      }),

    refund: (ctx, request) =>
      refusing(async () => {
        const input = parseRequest(RefundRequestSchema, request);
        return payments()
          .charge(input.chargeId)
          .refund(input.amountMinor, { idempotencyKey: input.idempotencyKey ?? requestKey(ctx) });
      }),

    register: new TemporalOperationHandler<
      Parameters<PaymentsClient['startRegistration']>[0],
      RegisterResult
    >({
      start: (_ctx, client, request) =>
        refusing(async () => {
          const spec = registrationSpec(request);
          const started = await startOnce(context(), spec, nexusStarter<RegisterResult>(client));
          // Nothing started and nothing running to attach to: the registration is closed, its result final.
          return (
            started ??
            TemporalOperationResult.sync(await getClient().workflow.getHandle(spec.workflowId).result())
          );
        }),
    }),

    startBillingRun: (_ctx, request) =>
      refusing(async () => {
        const spec = billingRunSpec(request);
        await startOnce(context(), spec, (type, start) =>
          getClient().workflow.start<WorkflowContract[typeof type]>(type, start),
        );
        return { runId: request.runId, workflowId: spec.workflowId };
      }),
  });
}
