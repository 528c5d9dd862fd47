/**
 * The one place that turns the pipeline's typed errors into Nexus errors. The cause is an ApplicationFailure
 * whose `type` is the error's class name and whose details carry its structured fields, so a caller in any
 * language matches on the type; the message names what is wrong (never personal data or card data).
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import * as nexus from 'nexus-rpc';
import { IdempotencyConflictError, InvalidRequestError } from '../contract/requests.js';
import { UnknownCustomerError } from '../customers/errors.js';

function typed(err: Error, details: unknown): ApplicationFailure {
  return ApplicationFailure.create({
    type: err.name,
    message: err.message,
    nonRetryable: true,
    details: [details],
  });
}

function refused(type: nexus.HandlerErrorType, err: Error, details: unknown): nexus.HandlerError {
  return new nexus.HandlerError(type, `${err.name}: ${err.message}`, {
    cause: typed(err, details),
    retryableOverride: false,
  });
}

/** Maps a refusal to a non-retryable Nexus error; anything else is rethrown as it is (retryable). */
export function toNexusError(err: unknown): unknown {
  if (err instanceof InvalidRequestError) return refused('BAD_REQUEST', err, { issues: err.issues });
  if (err instanceof IdempotencyConflictError) {
    return refused('CONFLICT', err, { workflowId: err.workflowId, differences: err.differences });
  }
  if (err instanceof UnknownCustomerError) {
    return refused('NOT_FOUND', err, { customerId: err.customerId });
  }
  if (err instanceof WorkflowNotFoundError) {
    // Updates (capture, void, refund) answer the same for a charge that has closed.
    const message = `no charge under ${err.workflowId} (or no longer open, for capture, void and refund)`;
    return new nexus.HandlerError('NOT_FOUND', `ChargeNotFoundError: ${message}`, {
      cause: ApplicationFailure.create({
        type: 'ChargeNotFoundError',
        message,
        nonRetryable: true,
        details: [{ workflowId: err.workflowId }],
      }),
      retryableOverride: false,
    });
  }
  // A capture, void or refund the charge refused (wrong stage, amount above what is left): the operation failed.
  if (err instanceof WorkflowUpdateFailedError) {
    return new nexus.OperationError('failed', err.message, {
      cause: err.cause instanceof Error ? err.cause : err,
    });
  }
  return err;
}

/** Runs a handler body with the mapping applied to what it throws. */
export async function refusing<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw toNexusError(err);
  }
}
