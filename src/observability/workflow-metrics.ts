/**
 * Business metrics from workflow code, all through one sink (`ixopayMetrics`, see business-metrics.ts): a
 * workflow task that fails after the code ran (e.g. a signal arriving while the charge completes) is retried
 * without replay, which would count an outcome twice; the worker side drops such repeats. The billing window is
 * a level, not an event: it is sent with the billing run's id and the workflow time, also during replay, so the
 * worker that holds the run shows its current value (see docs/observability.md). Sink calls are no commands.
 * Sandbox-safe: imports @temporalio/workflow only.
 */
import { proxySinks, type Sinks } from '@temporalio/workflow';
import type { ChargeFlag, ChargeResult } from '../contract/domain.js';
import type { ChargeInput } from '../contract/messages.js';

export interface ChargeFinished {
  readonly outcome: string;
  readonly initiator: string;
  readonly currency: string;
  /** Minor units collected (a succeeded debit), else 0. */
  readonly collectedMinor: number;
  /** The operator markers the charge closed with (e.g. `double-debit-reversed`); absent from older code. */
  readonly flags?: readonly ChargeFlag[] | undefined;
}

/** A billing run's window at workflow time `atMs`: charges in flight and subscriptions waiting in dunning. */
export interface BillingWindow {
  readonly runId: string;
  readonly inFlight: number;
  readonly inDunning: number;
  readonly atMs: number;
}

/** How a billing run's code ended: `completed`, `failed` (the run fails) or `cancelled`. */
export type BillingRunEnd = 'completed' | 'failed' | 'cancelled';

export interface BusinessMetricsSinks extends Sinks {
  ixopayMetrics: {
    chargeFinished(event: ChargeFinished): void;
    chargeFlagged(flag: ChargeFlag): void;
    chargeOutcomeUnknown(): void;
    billingChargeStarted(chargeId: string): void;
    billingChargeFinished(chargeId: string, outcome: string): void;
    billingWindow(window: BillingWindow): void;
    billingRunEnded(runId: string, end: BillingRunEnd, atMs: number): void;
  };
}

const { ixopayMetrics } = proxySinks<BusinessMetricsSinks>();

/** A charge reached its outcome: counted by outcome and initiator; a succeeded debit adds to the collected sum. */
export function recordChargeOutcome(input: ChargeInput, result: ChargeResult): void {
  const collected = result.status === 'succeeded' && (input.mode ?? 'debit') === 'debit';
  ixopayMetrics.chargeFinished({
    outcome: result.status,
    initiator: input.initiator,
    currency: result.currency,
    collectedMinor: collected ? result.amountMinor : 0,
    flags: result.flags ?? [],
  });
}

/** A closed charge's follow-up raised a flag (a double debit found after the charge closed, a chargeback). */
export function recordChargeFlag(flag: ChargeFlag): void {
  ixopayMetrics.chargeFlagged(flag);
}

/** A charge entered the outcome-unknown phase: the gateway has not said what became of an attempt. */
export function recordChargeOutcomeUnknown(): void {
  ixopayMetrics.chargeOutcomeUnknown();
}

/** A billing run started one child charge. */
export function recordBillingChargeStarted(chargeId: string): void {
  ixopayMetrics.billingChargeStarted(chargeId);
}

/** A billing run learnt a child charge's final outcome. */
export function recordBillingChargeFinished(chargeId: string, outcome: string): void {
  ixopayMetrics.billingChargeFinished(chargeId, outcome);
}

/** A billing run's current window (Date.now() is the workflow's deterministic time). */
export function recordBillingWindow(runId: string, progress: { inFlight: number; inDunning: number }): void {
  ixopayMetrics.billingWindow({
    runId,
    inFlight: progress.inFlight,
    inDunning: progress.inDunning,
    atMs: Date.now(),
  });
}

/** A billing run's code ended (not a continue-as-new): its window is cleared and the end counted. */
export function recordBillingRunEnded(runId: string, end: BillingRunEnd): void {
  ixopayMetrics.billingRunEnded(runId, end, Date.now());
}
