/** The one mapping of activity failures to business refusals inside workflows. */
import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';

function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let cause: unknown = err, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++)
    out.push(cause);
  return out;
}

/**
 * The type of the ApplicationFailure behind an activity error (e.g. "UnknownCustomer"), or undefined when the
 * error is something else (a bug, a cancellation), which the caller rethrows.
 */
export function failureType(err: unknown): string | undefined {
  const app = causes(err).find((c) => c instanceof ApplicationFailure);
  return app ? (app.type ?? 'ApplicationFailure') : undefined;
}

/**
 * Like failureType, and an activity that ended without an ApplicationFailure (timed out, or its retries ran
 * out some other way) is `ActivityTimeout` / `ActivityFailed`: on the money path that is an outcome to look up,
 * never a reason to fail the workflow. Anything that is not an activity's failure stays undefined.
 */
export function activityFailureType(err: unknown): string | undefined {
  const type = failureType(err);
  if (type !== undefined) return type;
  const all = causes(err);
  if (!all.some((c) => c instanceof ActivityFailure)) return undefined;
  return all.some((c) => c instanceof TimeoutFailure) ? 'ActivityTimeout' : 'ActivityFailed';
}

/** The gateway error code an activity failure carries in its details (see activities/failures.ts). */
export function failureCode(err: unknown): number | undefined {
  for (const c of causes(err)) {
    if (!(c instanceof ApplicationFailure)) continue;
    const detail = (c.details as unknown[] | undefined)?.[0] as { code?: unknown } | undefined;
    if (typeof detail?.code === 'number') return detail.code;
  }
  return undefined;
}

/** A business refusal becomes its failure type (the charge's `reason`); anything else fails the workflow task. */
export function refusal(err: unknown): string {
  const type = failureType(err);
  if (type) return type;
  throw err;
}

/** refusal, with an activity that timed out or ran out of retries as its reason instead of a failure. */
export function activityRefusal(err: unknown): string {
  const type = activityFailureType(err);
  if (type) return type;
  throw err;
}
