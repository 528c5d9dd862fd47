/** Test caller workflow: one operation of the ixopay-payments service, its result or its refusal as a value. */
import { createNexusServiceClient } from '@temporalio/workflow';
import { paymentsService } from '../../src/nexus/service.js';

type Operations = (typeof paymentsService)['operations'];

export interface CallOutcome {
  readonly ok?: unknown;
  readonly refused?: {
    readonly failure: string;
    readonly handlerErrorType?: string | undefined;
    readonly type?: string | undefined;
    readonly message: string;
    readonly details?: unknown;
  };
}

export async function callPayments(
  endpoint: string,
  operation: keyof Operations,
  input: unknown,
): Promise<CallOutcome> {
  const payments = createNexusServiceClient({ service: paymentsService, endpoint });
  try {
    return {
      ok: await payments.executeOperation(operation, input as never, { scheduleToCloseTimeout: '2m' }),
    };
  } catch (err) {
    let cause: unknown = (err as Error).cause;
    const refused: {
      -readonly [K in keyof NonNullable<CallOutcome['refused']>]: NonNullable<CallOutcome['refused']>[K];
    } = {
      failure: (err as Error).name,
      message: (err as Error).message,
    };
    while (cause instanceof Error) {
      const typed = cause as Error & { type?: string; details?: unknown[] };
      if (typed.name === 'HandlerError') {
        refused.handlerErrorType = typed.type;
        refused.message = typed.message;
      } else if (typed.name === 'ApplicationFailure') {
        refused.type = typed.type;
        refused.details = typed.details?.[0];
      }
      cause = typed.cause;
    }
    return { refused };
  }
}
