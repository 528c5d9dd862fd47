/**
 * The billing run alone, on the real dev server, with stubbed activities and stub children: a run that carried
 * children over a continue-as-new frees their slots while its own children keep it busy.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { DueSubscription, SubscriptionOutcome } from '../../src/contract/billing-activities.js';
import type { ChargeOutcomeView } from '../../src/contract/charge-events-activities.js';
import type { BillingRunResult } from '../../src/contract/messages.js';
import { FAILURE_CONVERTER_PATH } from '../../src/codec/index.js';
import { billingChargeId, workflowIdFor } from '../../src/ids.js';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../src/observability/options.js';
import { freshState, pendingOf } from '../../src/workflows/billing-window.js';
import { useStubWorkers } from '../helpers/stub-worker.js';

const PERIOD = '2026-12-01';
const sub = (id: string): DueSubscription => ({
  subscriptionId: id,
  customerId: `cus-${id}`,
  period: PERIOD,
  amountMinor: 1000,
  currency: 'EUR',
});

/** The largest number of intervals that overlap at one time. */
function maxOverlap(intervals: readonly (readonly [number, number])[]): number {
  const edges = intervals.flatMap(([a, b]) => [
    [a, 1],
    [b, -1],
  ]);
  edges.sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (now += d!));
  return max;
}

describe('billing run with stub children', function () {
  this.timeout(120_000);
  const stubs = useStubWorkers();

  it('looks up carried children while its own keep freeing slots: the window is not held by closed children', async () => {
    const tag = randomUUID().slice(0, 8);
    // Three children carried from the run before: they closed unheard (no report, no handle in this run).
    const carriedSubs = [1, 2, 3].map((i) => sub(`carried-${tag}-${i}`));
    // Twelve of this run's own, one second each, in a window of four.
    const ownSubs = Array.from({ length: 12 }, (_, i) => sub(`own-${tag}-${i}-1000ms`));
    const carried = freshState({ runId: `run-${tag}`, billingDate: PERIOD });
    for (const s of carriedSubs) {
      carried.inFlight[billingChargeId(s.subscriptionId, PERIOD)] = pendingOf(s);
      carried.progress.scheduled++;
    }
    carried.progress.continuedAsNew = 1;
    const lookups: number[] = [];
    const recorded: SubscriptionOutcome[] = [];
    const activities = {
      listDueSubscriptions: () => Promise.resolve({ items: ownSubs }),
      recordSubscriptionOutcomes: (input: { outcomes: SubscriptionOutcome[] }) => {
        recorded.push(...input.outcomes);
        return Promise.resolve();
      },
      writeRunReport: () => Promise.resolve({ json: '/dev/null', csv: '/dev/null' }),
      closedChargeOutcomes: (input: { chargeIds: string[] }) => {
        lookups.push(Date.now());
        const closed: Record<string, ChargeOutcomeView> = {};
        for (const chargeId of input.chargeIds.filter((id) => id.includes('carried-'))) {
          closed[chargeId] = {
            workflowStatus: 'COMPLETED',
            result: { chargeId, status: 'succeeded', amountMinor: 1000, currency: 'EUR', attempts: 1 },
          };
        }
        return Promise.resolve(closed);
      },
    };
    const bundle = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./fixtures/billing-with-stub-children.ts', import.meta.url)),
      failureConverterPath: FAILURE_CONVERTER_PATH,
      workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
    });
    const result = await stubs.run({ activities, bundle, queue: 'billing' }, async (taskQueue) => {
      const handle = await stubs.client.workflow.start('billingRun', {
        workflowId: `billing-run-${tag}`,
        taskQueue,
        args: [{ runId: `run-${tag}`, billingDate: PERIOD, concurrency: 4, childCheckSeconds: 600 }, carried],
      });
      return (await handle.result()) as BillingRunResult;
    });

    const own = await Promise.all(
      ownSubs.map(async (s) => {
        const d = await stubs.client.workflow
          .getHandle(workflowIdFor('charge', billingChargeId(s.subscriptionId, PERIOD)))
          .describe();
        return [d.startTime.getTime(), d.closeTime!.getTime()] as const;
      }),
    );
    const lastOwnStart = Math.max(...own.map(([start]) => start));
    assert.ok(lookups.length > 0, 'carried children looked up');
    assert.ok(
      lookups[0]! < lastOwnStart,
      `the first look-up came ${lookups[0]! - lastOwnStart} ms after the last own child started: the carried ` +
        'children held their slots while the run charged',
    );
    const overlap = maxOverlap(own);
    assert.ok(overlap >= 3, `own children ran at most ${overlap} at once in a window of 4`);
    assert.deepEqual([result.done, result.succeeded, result.inFlight, result.scheduled], [15, 15, 0, 15]);
    assert.equal(new Set(recorded.map((o) => o.chargeId)).size, 15, 'every child recorded once');
    assert.equal(recorded.length, 15);
  });
});
