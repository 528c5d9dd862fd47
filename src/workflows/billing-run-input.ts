/** A billing run's input with its defaults resolved: run id, billing date, window, pages, dunning. */
import { patched, workflowInfo } from '@temporalio/workflow';
import { DAY_SECONDS } from './durations.js';
import { scheduledRunId } from '../ids.js';
import type { BillingRunInput } from '../contract/messages.js';

/** Default dunning: four retries at 1, 3, 5 and 7 days after the first decline (see README). */
export const DEFAULT_DUNNING_DAYS = [1, 3, 5, 7] as const;

/** Scheduled runs name themselves after the time of day too, when it is not midnight UTC. */
export const RUN_ID_PER_START_PATCH = 'billing-run-id-per-start';

/** Temporal's limit of pending child workflows per execution. */
export const MAX_CHILDREN_PER_RUN = 2000;

export type ResolvedBillingInput = BillingRunInput & { runId: string; billingDate: string };

/**
 * Scheduled runs carry no date: they bill the day the schedule meant to start them (a backfill bills the
 * backfilled day, not today), and name themselves after the schedule and that day.
 */
export function resolveInput(input: BillingRunInput): ResolvedBillingInput {
  const scheduled = workflowInfo().searchAttributes?.['TemporalScheduledStartTime']?.[0];
  const at = scheduled ? new Date(scheduled as string | Date) : new Date();
  const billingDate = input.billingDate ?? at.toISOString().slice(0, 10);
  const scheduleId = input.scheduleId ?? 'scheduled';
  if (input.runId) return { ...input, billingDate, runId: input.runId };
  // Two runs of one schedule the same day had one id, and one report overwrote the other.
  const runId = patched(RUN_ID_PER_START_PATCH)
    ? scheduledRunId(scheduleId, at, billingDate)
    : `${scheduleId}-${billingDate}`;
  return { ...input, billingDate, runId };
}

/** How many children one run starts before it continues-as-new (`capped`: never above Temporal's limit). */
export function childrenPerRun(input: BillingRunInput, capped: boolean): number {
  return capped
    ? Math.min(input.childrenPerRun ?? MAX_CHILDREN_PER_RUN, MAX_CHILDREN_PER_RUN)
    : (input.childrenPerRun ?? 2000);
}

export function dunningDelays(input: BillingRunInput): readonly number[] {
  return input.dunningDelaysSeconds ?? DEFAULT_DUNNING_DAYS.map((d) => d * DAY_SECONDS);
}
