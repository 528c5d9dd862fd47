/**
 * When a billing run looks up the children it carried over a continue-as-new. Children that close right after
 * deciding send no final report (charge.ts, BILLING_REPORT_BY_RESULT_PATCH) and the new run holds no handle to
 * them: only a look-up frees their slots.
 *
 * - no patch: every `checkEvery` without progress;
 * - `billing-carried-lookup`: the wait without progress is shorter while carried children are in flight, 5 s
 *   and doubling up to `checkEvery`, but only a wait that times out looks up, so a run whose own children keep
 *   freeing slots never looked up and kept the carried ones' slots;
 * - `billing-carried-lookup-paced`: carried in-flight children are looked up when due, whether the wait timed
 *   out or not: 5 s after the run started, then after 10, 20, … up to `checkEvery`.
 */
export const BILLING_CARRIED_LOOKUP_PATCH = 'billing-carried-lookup';
export const BILLING_CARRIED_PACED_PATCH = 'billing-carried-lookup-paced';
export const CARRIED_LOOKUP_FIRST_MS = 5_000;

export type CarriedLookupMode = 'every-check' | 'on-timeout' | 'paced';

export class CarriedLookupPacer {
  private pauseMs = CARRIED_LOOKUP_FIRST_MS;
  private nextAt: number;

  constructor(
    readonly mode: CarriedLookupMode,
    private readonly checkEveryMs: number,
    startedAt: number,
  ) {
    this.nextAt = startedAt + Math.min(CARRIED_LOOKUP_FIRST_MS, checkEveryMs);
    if (mode === 'paced') this.pauseMs = Math.min(CARRIED_LOOKUP_FIRST_MS * 2, checkEveryMs);
  }

  /** Paced only: a look-up of carried in-flight children is due, even though the wait itself ended early. */
  due(now: number, carriedInFlight: boolean): boolean {
    return this.mode === 'paced' && carriedInFlight && now >= this.nextAt;
  }

  /** A look-up ran at `now`: the next one is due after the (growing) pause. */
  lookedUp(now: number): void {
    if (this.mode !== 'paced') return;
    this.nextAt = now + this.pauseMs;
    this.pauseMs = Math.min(this.pauseMs * 2, this.checkEveryMs);
  }

  /** How long the next wait may last before it times out (and looks up). Call once per wait. */
  waitMs(now: number, carriedInFlight: boolean): number {
    if (this.mode === 'every-check' || !carriedInFlight) return this.checkEveryMs;
    if (this.mode === 'paced') return Math.max(1, Math.min(this.nextAt - now, this.checkEveryMs));
    const pause = Math.min(this.pauseMs, this.checkEveryMs);
    this.pauseMs = Math.min(this.pauseMs * 2, this.checkEveryMs);
    return pause;
  }
}
