/**
 * The worker side of the `ixopayMetrics` sink: business metrics recorded through the SDK runtime's metric meter
 * (so they share the worker's Prometheus endpoint), with the SDK's label style (metric-tags.ts). Each event
 * counts at most once per worker process even when a failed workflow task re-runs the code that reported it.
 * Counters an alert watches start at 0 for every value they can take, so the first increment is a visible
 * increase and the series exist in every scrape.
 */
import type { MetricMeter, MetricTags } from '@temporalio/common';
import type { WorkflowInfo } from '@temporalio/workflow';
import { Runtime, type InjectedSinks } from '@temporalio/worker';
import type { ChargeFlag } from '../contract/domain.js';
import { workflowMetricTags } from './metric-tags.js';
import type {
  BillingRunEnd,
  BillingWindow,
  BusinessMetricsSinks,
  ChargeFinished,
} from './workflow-metrics.js';

export const CHARGES_TOTAL = 'ixopay_charges_total';
export const COLLECTED_MINOR_TOTAL = 'ixopay_collected_minor_total';
export const CHARGE_FLAGS_TOTAL = 'ixopay_charge_flags_total';
export const CHARGES_OUTCOME_UNKNOWN_TOTAL = 'ixopay_charges_outcome_unknown_total';
export const BILLING_CHARGES_STARTED_TOTAL = 'ixopay_billing_charges_started_total';
export const BILLING_CHARGES_FINISHED_TOTAL = 'ixopay_billing_charges_finished_total';
export const BILLING_RUNS_FINISHED_TOTAL = 'ixopay_billing_runs_finished_total';
export const BILLING_IN_FLIGHT = 'ixopay_billing_in_flight';
export const BILLING_IN_DUNNING = 'ixopay_billing_in_dunning';
export const BILLING_WINDOW_UPDATED = 'ixopay_billing_window_updated_timestamp_seconds';

/** Every flag (a Record, so a new ChargeFlag cannot be forgotten here). */
const CHARGE_FLAGS = Object.keys({
  'double-debit-reversed': true,
  'double-debit-unreversed': true,
  'succeeded-late': true,
  'charged-back': true,
  'chargeback-reversed': true,
  'refunded-in-back-office': true,
  'currency-mismatch': true,
} satisfies Record<ChargeFlag, true>) as ChargeFlag[];
const BILLING_RUN_ENDS = ['completed', 'failed', 'cancelled'] as const satisfies readonly BillingRunEnd[];

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

export interface BusinessMetricsOptions {
  /** The worker's namespace and task queue: the zero-initialised series carry them. */
  readonly namespace?: string | undefined;
  readonly taskQueue?: string | undefined;
  readonly meter?: MetricMeter | undefined;
}

/** The worker's labels without the workflow type (metrics several workflow types report alike). */
const queueTags = (info: { namespace: string; taskQueue: string }): MetricTags => ({
  namespace: info.namespace,
  task_queue: info.taskQueue,
});

/** A charge's follow-up workflow (`charge-<id>.events`) flags the same charge as the charge itself. */
const chargeKey = (workflowId: string): string => workflowId.replace(/\.events$/, '');

export function businessMetricsSinks(
  options: BusinessMetricsOptions = {},
): InjectedSinks<BusinessMetricsSinks> {
  const meter = options.meter ?? Runtime.instance().metricMeter;
  const seen = new RecentKeys();
  const charges = meter.createCounter(CHARGES_TOTAL, '1', 'Charges finished, by outcome and initiator');
  const collected = meter.createCounter(
    COLLECTED_MINOR_TOTAL,
    '1',
    'Collected by succeeded debits, minor units',
  );
  const flags = meter.createCounter(CHARGE_FLAGS_TOTAL, '1', 'Charges flagged for an operator, by flag');
  const outcomeUnknown = meter.createCounter(
    CHARGES_OUTCOME_UNKNOWN_TOTAL,
    '1',
    'Charges that entered the outcome-unknown phase (the gateway did not say what became of an attempt)',
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
  const runsFinished = meter.createCounter(
    BILLING_RUNS_FINISHED_TOTAL,
    '1',
    'Billing runs ended, by outcome (completed, failed, cancelled)',
  );
  const inFlight = meter.createGauge(
    BILLING_IN_FLIGHT,
    'int',
    '1',
    'Billing-run child charges in flight, by run',
  );
  const inDunning = meter.createGauge(
    BILLING_IN_DUNNING,
    'int',
    '1',
    'Billing-run subscriptions in dunning, by run',
  );
  const windowUpdated = meter.createGauge(
    BILLING_WINDOW_UPDATED,
    'int',
    's',
    "Workflow time of the billing run's last window change, by run: the freshest worker's value is the current one",
  );
  if (options.namespace !== undefined && options.taskQueue !== undefined) {
    const queue = queueTags({ namespace: options.namespace, taskQueue: options.taskQueue });
    for (const flag of CHARGE_FLAGS) flags.add(0, { ...queue, flag });
    for (const outcome of BILLING_RUN_ENDS) runsFinished.add(0, { ...queue, outcome });
    outcomeUnknown.add(0, queue);
    finished.add(0, { ...queue, workflow_type: 'billingRun', outcome: 'failed' });
  }
  const setWindow = (info: WorkflowInfo, window: BillingWindow): void => {
    const tags = { ...queueTags(info), billing_run_id: window.runId };
    inFlight.set(window.inFlight, tags);
    inDunning.set(window.inDunning, tags);
    windowUpdated.set(Math.floor(window.atMs / 1000), tags);
  };
  return {
    ixopayMetrics: {
      chargeFinished: {
        fn(info: WorkflowInfo, event: ChargeFinished) {
          if (!seen.add(`charge/${info.workflowId}/${info.runId}`)) return;
          const tags = workflowMetricTags(info);
          charges.add(1, { ...tags, outcome: event.outcome, initiator: event.initiator });
          if (event.collectedMinor > 0) {
            collected.add(event.collectedMinor, { ...tags, currency: event.currency });
          }
          for (const flag of event.flags ?? []) {
            if (seen.add(`flag/${chargeKey(info.workflowId)}/${flag}`))
              flags.add(1, { ...queueTags(info), flag });
          }
        },
      },
      chargeFlagged: {
        fn(info: WorkflowInfo, flag: ChargeFlag) {
          if (seen.add(`flag/${chargeKey(info.workflowId)}/${flag}`))
            flags.add(1, { ...queueTags(info), flag });
        },
      },
      chargeOutcomeUnknown: {
        fn(info: WorkflowInfo) {
          if (seen.add(`unknown/${info.workflowId}/${info.runId}`)) outcomeUnknown.add(1, queueTags(info));
        },
      },
      billingChargeStarted: {
        fn(info: WorkflowInfo, chargeId: string) {
          if (seen.add(`billing-start/${info.workflowId}/${chargeId}`))
            started.add(1, workflowMetricTags(info));
        },
      },
      billingChargeFinished: {
        fn(info: WorkflowInfo, chargeId: string, outcome: string) {
          if (seen.add(`billing-finish/${info.workflowId}/${chargeId}`)) {
            finished.add(1, { ...workflowMetricTags(info), outcome });
          }
        },
      },
      billingWindow: {
        fn: setWindow,
        // A worker that takes a run over (replaying it) shows the run's window at once.
        callDuringReplay: true,
      },
      billingRunEnded: {
        fn(info: WorkflowInfo, runId: string, end: BillingRunEnd, atMs: number) {
          setWindow(info, { runId, inFlight: 0, inDunning: 0, atMs });
          if (info.unsafe.isReplaying) return; // the end was counted where it happened
          if (seen.add(`billing-end/${info.workflowId}/${info.runId}`)) {
            runsFinished.add(1, { ...queueTags(info), outcome: end });
          }
        },
        // A replay (a query on the closed run) must not leave the window it passed through behind.
        callDuringReplay: true,
      },
    },
  };
}
