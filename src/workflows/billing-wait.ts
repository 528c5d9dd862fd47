/**
 * The billing run's one way of waiting: for a condition on its window, looking up the children it carried over
 * a continue-as-new (see billing-carried-lookups.ts for when).
 */
import { condition, patched } from '@temporalio/workflow';
import type { ChargeOutcomeView } from '../contract/charge-events-activities.js';
import type { ChargeResult } from '../contract/domain.js';
import { events } from './activity-options.js';
import {
  BILLING_CARRIED_LOOKUP_PATCH,
  BILLING_CARRIED_PACED_PATCH,
  CarriedLookupPacer,
} from './billing-carried-lookups.js';
import type { BillingWindow } from './billing-window.js';

export type Settle = (chargeId: string, result: ChargeResult | undefined, why?: string) => void;
export type WaitFor = (done: () => boolean, maxMs?: number) => Promise<boolean>;

/** Look-ups ask for at most this many charges at once. */
const LOOKUP_BATCH = 200;

export function windowWaiter(
  window: BillingWindow,
  startedHere: ReadonlySet<string>,
  checkEveryMs: number,
  settle: Settle,
): WaitFor {
  const onTimeout = patched(BILLING_CARRIED_LOOKUP_PATCH);
  const paced = onTimeout && patched(BILLING_CARRIED_PACED_PATCH);
  const pacer = new CarriedLookupPacer(
    paced ? 'paced' : onTimeout ? 'on-timeout' : 'every-check',
    checkEveryMs,
    Date.now(),
  );
  const carriedInFlight = () => window.hasCarriedInFlight(startedHere);
  /** Children started by an earlier run are looked up: they may have ended unheard. */
  const lookUpCarried = async (): Promise<void> => {
    const ids = window.carried(startedHere);
    for (let i = 0; i < ids.length; i += LOOKUP_BATCH) {
      const closed: Record<string, ChargeOutcomeView> = await events.closedChargeOutcomes({
        chargeIds: ids.slice(i, i + LOOKUP_BATCH),
      });
      for (const [chargeId, view] of Object.entries(closed)) {
        settle(chargeId, view.result, `child ${view.workflowStatus.toLowerCase()}`);
      }
    }
    pacer.lookedUp(Date.now());
  };
  /** Waits for `done`; looks up carried children when the wait times out, and (paced) when they are due. */
  return async (done, maxMs) => {
    const until = maxMs === undefined ? undefined : Date.now() + maxMs;
    for (;;) {
      if (pacer.due(Date.now(), carriedInFlight())) await lookUpCarried();
      if (paced && done()) return true;
      const every = pacer.waitMs(Date.now(), carriedInFlight());
      const left = until === undefined ? every : Math.min(every, until - Date.now());
      if (left <= 0) return done();
      if (await condition(done, left)) return true;
      await lookUpCarried();
      if (done()) return true;
    }
  };
}
