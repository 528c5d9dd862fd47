/**
 * The worker side of the `ixopayMetrics` sink: business counters recorded through the SDK runtime's metric
 * meter (so they share the worker's Prometheus endpoint), each event at most once per worker process even when
 * a failed workflow task re-runs the code that reported it.
 */
import type { MetricMeter, MetricTags } from '@temporalio/common';
import type { WorkflowInfo } from '@temporalio/workflow';
import { Runtime, type InjectedSinks } from '@temporalio/worker';
import type { BusinessMetricsSinks, ChargeFinished } from './workflow-metrics.js';

export const CHARGES_TOTAL = 'ixopay_charges_total';
export const COLLECTED_MINOR_TOTAL = 'ixopay_collected_minor_total';
export const BILLING_CHARGES_STARTED_TOTAL = 'ixopay_billing_charges_started_total';
export const BILLING_CHARGES_FINISHED_TOTAL = 'ixopay_billing_charges_finished_total';

/** Remembers the last `capacity` keys; `add` is false for a key seen before. */
export class RecentKeys {
  readonly #keys = new Set<string>();
  constructor(readonly capacity = 100_000) {}
  add(key: string): boolean {
    if (this.#keys.has(key)) return false;
    this.#keys.add(key);
    if (this.#keys.size > this.capacity) this.#keys.delete(this.#keys.values().next().value!);
    return true;
  }
}

/** The workflow tags the SDK puts on workflow metrics, so both kinds filter alike. */
const workflowTags = (info: WorkflowInfo): MetricTags => ({
  namespace: info.namespace,
  taskQueue: info.taskQueue,
  workflowType: info.workflowType,
});

export function businessMetricsSinks(
  meter: MetricMeter = Runtime.instance().metricMeter,
): InjectedSinks<BusinessMetricsSinks> {
  const seen = new RecentKeys();
  const charges = meter.createCounter(CHARGES_TOTAL, '1', 'Charges finished, by outcome and initiator');
  const collected = meter.createCounter(
    COLLECTED_MINOR_TOTAL,
    '1',
    'Collected by succeeded debits, minor units',
  );
  const started = meter.createCounter(
    BILLING_CHARGES_STARTED_TOTAL,
    '1',
    'Billing-run child charges started',
  );
  const finished = meter.createCounter(
    BILLING_CHARGES_FINISHED_TOTAL,
    '1',
    'Billing-run child charges finished, by outcome',
  );
  return {
    ixopayMetrics: {
      chargeFinished: {
        fn(info: WorkflowInfo, event: ChargeFinished) {
          if (!seen.add(`charge/${info.workflowId}/${info.runId}`)) return;
          charges.add(1, { ...workflowTags(info), outcome: event.outcome, initiator: event.initiator });
          if (event.collectedMinor > 0) {
            collected.add(event.collectedMinor, { ...workflowTags(info), currency: event.currency });
          }
        },
      },
      billingChargeStarted: {
        fn(info: WorkflowInfo, chargeId: string) {
          if (seen.add(`billing-start/${info.workflowId}/${chargeId}`)) started.add(1, workflowTags(info));
        },
      },
      billingChargeFinished: {
        fn(info: WorkflowInfo, chargeId: string, outcome: string) {
          if (seen.add(`billing-finish/${info.workflowId}/${chargeId}`)) {
            finished.add(1, { ...workflowTags(info), outcome });
          }
        },
      },
    },
  };
}
