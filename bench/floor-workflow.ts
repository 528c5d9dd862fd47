/**
 * The "Temporal floor": the same number of activities as charges, each a no-op, in a sliding window with
 * continue-as-new like the billing run. What Temporal itself costs per unit of work on this machine.
 */
import { continueAsNew, proxyActivities } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(i: number): Promise<number> }>({ startToCloseTimeout: '30 seconds' });

export async function temporalFloor(
  total: number,
  concurrency: number,
  startAt = 0,
  perRun = 2000,
): Promise<number> {
  const end = Math.min(total, startAt + perRun);
  let next = startAt;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < end; i = next++) await noop(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, end - startAt) }, lane));
  if (end < total) return continueAsNew<typeof temporalFloor>(total, concurrency, end, perRun);
  return total;
}

/** One workflow per unit of work with a charge's shape (two activities): the floor for per-charge workflows. */
export async function noopCharge(activities: number): Promise<number> {
  for (let i = 0; i < activities; i++) await noop(i);
  return activities;
}
