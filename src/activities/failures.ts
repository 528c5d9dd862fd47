/**
 * The one place that turns errors into Temporal failures. Gateway errors carry `retryable` from the IXOPAY
 * error-code table; store refusals and authentication errors are business facts and never retried. Anything unknown is
 * left retryable (typed by class name), which is Temporal's default.
 */
import { ApplicationFailure } from '@temporalio/common';
import { CustomerStoreError } from '../customers/index.js';
import { GatewayError, GatewayRateLimitedError } from '../gateway/index.js';

/** Failure types a workflow may see as non-retryable outcomes. */
export const FAILURE_TYPES = {
  unknownCustomer: 'UnknownCustomer',
  customerDisabled: 'CustomerDisabled',
  missingSessionProof: 'MissingSessionProof',
  invalidSessionProof: 'InvalidSessionProof',
  missingMandate: 'MissingMandate',
  profileNotFound: 'ProfileNotFound',
  gatewayRejected: 'GatewayRejected',
  invalidInput: 'InvalidInput',
} as const;

export type FailureType = (typeof FAILURE_TYPES)[keyof typeof FAILURE_TYPES];

/** A business rule said no: never retried, surfaced to the workflow by type. */
export function nonRetryable(type: FailureType, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/**
 * Gateway error → ApplicationFailure: non-retryable unless the table (or HTTP status) says otherwise;
 * 429 waits as long as Retry-After asks. The message holds no request data (no card data, no credentials).
 */
export function toApplicationFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  // Store refusals (unknown or malformed ids, conflicts) are facts about the data: retrying cannot change them.
  if (err instanceof CustomerStoreError)
    return ApplicationFailure.create({ type: err.name, message: err.message, nonRetryable: true });
  if (!(err instanceof GatewayError)) return err;
  const details = [
    {
      code: err.code,
      adapterCode: err.adapterCode,
      httpStatus: err.httpStatus,
      outcomeUnknown: err.outcomeUnknown,
    },
  ];
  if (err instanceof GatewayRateLimitedError) {
    return ApplicationFailure.create({
      type: err.name,
      message: err.message,
      details,
      nonRetryable: false,
      ...(err.retryAfterMs !== undefined ? { nextRetryDelay: Math.max(err.retryAfterMs, 100) } : {}),
    });
  }
  return ApplicationFailure.create({
    type: err.retryable ? err.name : FAILURE_TYPES.gatewayRejected,
    message: err.message,
    details,
    nonRetryable: !err.retryable,
  });
}

/** Runs an activity body and converts whatever it throws, once. */
export async function withFailureMapping<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw toApplicationFailure(err);
  }
}
