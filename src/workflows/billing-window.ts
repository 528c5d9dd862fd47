/**
 * The billing run's window and tally, without Temporal: which children are in flight or in dunning, what each
 * finished one counted for, and the outcomes not yet written. The state is what continue-as-new carries.
 */
import type { DueSubscription, SubscriptionOutcome } from '../contract/billing-activities.js';
import type { ChargeResult, ChargeResultStatus } from '../contract/domain.js';
import type { BillingProgress } from '../contract/messages.js';
import { toDecimalString, type Currency } from '../money.js';

export interface Pending {
  readonly subscriptionId: string;
  readonly customerId: string;
  readonly period: string;
  readonly amountMinor: number;
  readonly currency: Currency;
}

/** The run's progress while it counts: amounts by currency as plain records. */
export type ProgressDraft<T> = {
  -readonly [K in keyof T]: T[K] extends object ? { [k: string]: number } : T[K];
};

/** Everything carried across continue-as-new. Bounded: in-flight ≤ concurrency, plus subscriptions in dunning. */
export interface CarriedState {
  progress: ProgressDraft<BillingProgress>;
  cursor?: string | undefined;
  inFlight: Record<string, Pending>;
  dunning: Record<string, Pending>;
  /** Final outcomes not yet written to the store. */
  outcomes: SubscriptionOutcome[];
}

export function freshState(input: { runId: string; billingDate: string }): CarriedState {
  return {
    progress: {
      runId: input.runId,
      billingDate: input.billingDate,
      phase: 'paging',
      scheduled: 0,
      done: 0,
      succeeded: 0,
      declined: 0,
      failed: 0,
      needsAction: 0,
      inDunning: 0,
      inFlight: 0,
      alreadyBilled: 0,
      continuedAsNew: 0,
      amountsScheduled: {},
      amountsSucceeded: {},
      amountsAlreadyBilled: {},
      pagesExhausted: false,
    },
    inFlight: {},
    dunning: {},
    outcomes: [],
  };
}

export function pendingOf(sub: DueSubscription): Pending {
  return {
    subscriptionId: sub.subscriptionId,
    customerId: sub.customerId,
    period: sub.period,
    amountMinor: sub.amountMinor,
    currency: sub.currency,
  };
}

const add = (amounts: { [k: string]: number }, currency: string, minor: number): void => {
  amounts[currency] = (amounts[currency] ?? 0) + minor;
};

export class BillingWindow {
  constructor(readonly state: CarriedState) {}

  get progress(): ProgressDraft<BillingProgress> {
    return this.state.progress;
  }

  get inFlight(): number {
    return Object.keys(this.state.inFlight).length;
  }

  get inDunning(): number {
    return Object.keys(this.state.dunning).length;
  }

  /** Neither in flight nor in dunning: nothing left to hear from. */
  get empty(): boolean {
    return this.inFlight === 0 && this.inDunning === 0;
  }

  holds(chargeId: string): boolean {
    return Boolean(this.state.inFlight[chargeId] ?? this.state.dunning[chargeId]);
  }

  /** Children in the window that this run did not start (carried over a continue-as-new). */
  carried(startedHere: ReadonlySet<string>): string[] {
    return [...Object.keys(this.state.inFlight), ...Object.keys(this.state.dunning)].filter(
      (id) => !startedHere.has(id),
    );
  }

  hasCarriedInFlight(startedHere: ReadonlySet<string>): boolean {
    return Object.keys(this.state.inFlight).some((id) => !startedHere.has(id));
  }

  /** Takes a slot before the child starts. */
  open(chargeId: string, pending: Pending): void {
    this.state.inFlight[chargeId] = pending;
    this.refresh();
  }

  /** The child started: it counts as scheduled. */
  started(pending: Pending): void {
    this.progress.scheduled++;
    add(this.progress.amountsScheduled, pending.currency, pending.amountMinor);
  }

  /** A child under this id existed already: an earlier run billed this (subscription, period). */
  alreadyBilled(chargeId: string): void {
    const pending = this.state.inFlight[chargeId];
    if (!pending) return;
    delete this.state.inFlight[chargeId];
    this.progress.alreadyBilled++;
    add(this.progress.amountsAlreadyBilled, pending.currency, pending.amountMinor);
    this.state.outcomes.push({
      ...pending,
      chargeId,
      status: 'already-billed',
      pastDue: false,
      reason: 'charged by an earlier run',
    });
    this.refresh();
  }

  /** The child declined softly and waits for its next attempt: its slot is free. */
  toDunning(chargeId: string): boolean {
    const pending = this.state.inFlight[chargeId];
    if (!pending) return false;
    delete this.state.inFlight[chargeId];
    this.state.dunning[chargeId] = pending;
    this.refresh();
    return true;
  }

  /**
   * A child's end, learned from its report, its result, or a look-up: whichever comes first counts, later ones
   * return undefined.
   */
  settle(chargeId: string, result: ChargeResult | undefined, why?: string): ChargeResultStatus | undefined {
    const pending = this.state.inFlight[chargeId] ?? this.state.dunning[chargeId];
    if (!pending) return undefined; // already settled, or a foreign report
    delete this.state.inFlight[chargeId];
    delete this.state.dunning[chargeId];
    const status = result?.status ?? 'failed';
    const p = this.progress;
    p.done++;
    if (status === 'succeeded') {
      p.succeeded++;
      add(p.amountsSucceeded, pending.currency, pending.amountMinor);
    } else if (status === 'declined') p.declined++;
    else if (status === 'needs-action') p.needsAction++;
    else p.failed++;
    this.state.outcomes.push({
      ...pending,
      chargeId,
      status,
      pastDue: status !== 'succeeded',
      reason: result?.error ? `${result.error.code} ${result.error.message}` : (result?.reason ?? why),
    });
    this.refresh();
    return status;
  }

  /** Up to `max` outcomes not yet written, oldest first. */
  takeOutcomes(max: number): SubscriptionOutcome[] {
    return this.state.outcomes.splice(0, max);
  }

  /** A copy for the progress query. */
  snapshot(): BillingProgress {
    const p = this.progress;
    return {
      ...p,
      amountsScheduled: { ...p.amountsScheduled },
      amountsSucceeded: { ...p.amountsSucceeded },
      amountsAlreadyBilled: { ...p.amountsAlreadyBilled },
    };
  }

  /** The progress line in the Web UI (current details): phase, counts and amounts paid. */
  line(): string {
    const p = this.progress;
    const paid = Object.entries(p.amountsSucceeded)
      .map(([currency, minor]) => `${toDecimalString(minor ?? 0, currency as Currency)} ${currency}`)
      .join(', ');
    return (
      `**${p.phase}** · ${p.done}/${p.scheduled} done · ${p.succeeded} paid, ${p.declined} declined, ` +
      `${p.failed} failed, ${p.needsAction} need action · ${p.inFlight} in flight, ${p.inDunning} in dunning` +
      (p.alreadyBilled ? ` · ${p.alreadyBilled} already billed` : '') +
      (paid ? ` · paid ${paid}` : '')
    );
  }

  private refresh(): void {
    this.progress.inFlight = this.inFlight;
    this.progress.inDunning = this.inDunning;
  }
}
