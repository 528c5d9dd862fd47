/**
 * Business metrics from workflow code. Counters go through a sink (`ixopayMetrics`, see business-metrics.ts)
 * because a workflow task that fails after the code ran (e.g. a signal arriving while the charge completes) is
 * retried without replay, which would count the outcome twice; the worker side drops such repeats. Gauges are
 * set directly through the workflow metric meter (setting twice is harmless; skipped during replay).
 * Sandbox-safe: imports @temporalio/workflow only.
 */
import { metricMeter, proxySinks, type Sinks } from '@temporalio/workflow';
import type { ChargeResult } from '../domain.js';
import type { ChargeInput } from '../workflows/messages.js';

export const BILLING_IN_FLIGHT = 'ixopay_billing_in_flight';
export const BILLING_IN_DUNNING = 'ixopay_billing_in_dunning';

export interface ChargeFinished {
  readonly outcome: string;
  readonly initiator: string;
  readonly currency: string;
  /** Minor units collected (a succeeded debit), else 0. */
  readonly collectedMinor: number;
}

export interface BusinessMetricsSinks extends Sinks {
  ixopayMetrics: {
    chargeFinished(event: ChargeFinished): void;
    billingChargeStarted(chargeId: string): void;
    billingChargeFinished(chargeId: string, outcome: string): void;
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
  });
}

/** A billing run started one child charge. */
export function recordBillingChargeStarted(chargeId: string): void {
  ixopayMetrics.billingChargeStarted(chargeId);
}

/** A billing run learnt a child charge's final outcome. */
export function recordBillingChargeFinished(chargeId: string, outcome: string): void {
  ixopayMetrics.billingChargeFinished(chargeId, outcome);
}

/** A billing run's current window: charges in flight and subscriptions waiting in dunning. */
export function recordBillingWindow(progress: { inFlight: number; inDunning: number }): void {
  metricMeter
    .createGauge(BILLING_IN_FLIGHT, 'int', '1', 'Billing-run child charges in flight')
    .set(progress.inFlight);
  metricMeter
    .createGauge(BILLING_IN_DUNNING, 'int', '1', 'Billing-run subscriptions in dunning')
    .set(progress.inDunning);
}
