/**
 * Business metrics emitted from workflow code through the SDK's workflow metric meter (skipped during replay,
 * so a replayed workflow never counts twice). They reach the worker's Prometheus endpoint with the SDK's
 * workflow tags (namespace, task_queue, workflow_type). Sandbox-safe: imports @temporalio/workflow only.
 */
import { metricMeter } from '@temporalio/workflow';
import type { ChargeResult } from '../domain.js';
import type { ChargeInput } from '../workflows/messages.js';

export const CHARGES_TOTAL = 'ixopay_charges_total';
export const COLLECTED_MINOR_TOTAL = 'ixopay_collected_minor_total';
export const BILLING_CHARGES_STARTED_TOTAL = 'ixopay_billing_charges_started_total';
export const BILLING_CHARGES_FINISHED_TOTAL = 'ixopay_billing_charges_finished_total';
export const BILLING_IN_FLIGHT = 'ixopay_billing_in_flight';
export const BILLING_IN_DUNNING = 'ixopay_billing_in_dunning';

/** A charge reached its outcome: counted by outcome and initiator; a succeeded debit adds to the collected sum. */
export function recordChargeOutcome(input: ChargeInput, result: ChargeResult): void {
  metricMeter
    .createCounter(CHARGES_TOTAL, '1', 'Charges finished, by outcome and initiator')
    .add(1, { outcome: result.status, initiator: input.initiator });
  if (result.status === 'succeeded' && (input.mode ?? 'debit') === 'debit') {
    metricMeter
      .createCounter(COLLECTED_MINOR_TOTAL, '1', 'Amount collected by succeeded debits, in minor units')
      .add(result.amountMinor, { currency: result.currency });
  }
}

/** A billing run started one child charge. */
export function recordBillingChargeStarted(): void {
  metricMeter.createCounter(BILLING_CHARGES_STARTED_TOTAL, '1', 'Billing-run child charges started').add(1);
}

/** A billing run learnt a child charge's final outcome. */
export function recordBillingChargeFinished(outcome: string): void {
  metricMeter
    .createCounter(BILLING_CHARGES_FINISHED_TOTAL, '1', 'Billing-run child charges finished, by outcome')
    .add(1, { outcome });
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
