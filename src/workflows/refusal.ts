/** The one mapping of activity failures to business refusals inside workflows. */
import { ApplicationFailure } from '@temporalio/workflow';

/**
 * The type of the ApplicationFailure behind an activity error (e.g. "UnknownCustomer"), or undefined when the
 * error is something else (a bug, a cancellation), which the caller rethrows.
 */
export function failureType(err: unknown): string | undefined {
  for (
    let cause: unknown = err, depth = 0;
    cause instanceof Error && depth < 5;
    cause = cause.cause, depth++
  ) {
    if (cause instanceof ApplicationFailure) return cause.type ?? 'ApplicationFailure';
  }
  return undefined;
}

/** A business refusal becomes its failure type (the charge's `reason`); anything else fails the workflow task. */
export function refusal(err: unknown): string {
  const type = failureType(err);
  if (type) return type;
  throw err;
}
