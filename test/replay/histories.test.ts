import { strict as assert } from 'node:assert';
import { Worker, type ReplayResult } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { DEV_PAYLOAD_KEY_LIST, paymentsDataConverter } from '../../src/codec/index.js';
import { workerObservabilityOptions } from '../../src/observability/options.js';
import { workflowBundle } from '../helpers/temporal.js';
import {
  historyFixtureNames,
  historyVersions,
  loadHistoryFixture,
  versionDir,
  type HistoryFixture,
} from './history-fixtures.js';
import { historyFromJson } from './history-json.js';

const RELEASE_0_1_0 = [
  'charge-success',
  'charge-pending-callback',
  'charge-dunning',
  'charge-capture-refund',
  'billing-run-first',
  'billing-run-last',
  'billing-child-dunning',
  'charge-follow-up',
  'register-customer',
  'charge-sweep-late-settle-local',
  'charge-sweep-pending-callback',
];

/** What scripts/record-histories.ts recorded at each release; a fixture that goes missing fails here. */
const RECORDED: Readonly<Record<string, readonly string[]>> = {
  '0.1.0': RELEASE_0_1_0,
  '0.2.0': [
    ...RELEASE_0_1_0,
    'charge-reads-local',
    'charge-late-settle-adopted',
    'charge-extra-debit-reversed',
    'follow-up-extra-debit-reversal',
    'follow-up-chargeback-refund',
    'charge-idempotency-conflict',
    'charge-ambiguous-reply-looked-up',
    'billing-run-carried-first',
    'billing-run-carried-last',
    'charge-back-office-and-open-refund',
    'follow-up-late-refund',
    'billing-by-result-run-last',
    'billing-by-result-child',
    'billing-after-dunning-child',
    'billing-after-dunning-run-last',
    'billing-carried-paced-middle',
    'billing-carried-paced-last',
  ],
};

async function replay(fixtures: readonly HistoryFixture[]): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  const { sinks } = workerObservabilityOptions(true);
  const histories = fixtures.map((f) => ({ workflowId: f.workflowId, history: historyFromJson(f.history) }));
  const replaying = Worker.runReplayHistories(
    {
      workflowBundle: await workflowBundle(),
      // The worker's converter: payloads in the histories are encrypted with the development key.
      dataConverter: paymentsDataConverter(DEV_PAYLOAD_KEY_LIST, 'production'),
      // The worker's sinks (tracing exporter, business metrics); replayed calls reach only the billing window's.
      ...(sinks ? { sinks } : {}),
      replayName: 'history-fixtures',
    },
    histories,
  );
  for await (const result of replaying) results.push(result);
  return results;
}

describe('recorded workflow histories of every release replay on the current workflow code', function () {
  this.timeout(180_000);
  const versions = historyVersions();

  it('has the histories of every release that recorded some', () => {
    assert.deepEqual(versions, Object.keys(RECORDED));
  });

  for (const version of versions) {
    describe(`release ${version}`, () => {
      const dir = versionDir(version);
      const names = historyFixtureNames(dir);
      const byName = new Map<string, ReplayResult>();

      before(async () => {
        const results = await replay(names.map((n) => loadHistoryFixture(n, dir)));
        assert.equal(results.length, names.length, 'every history was replayed');
        names.forEach((name, i) => byName.set(name, results[i]!));
      });

      it('has a recorded history for every scenario of the release', () => {
        assert.deepEqual(
          (RECORDED[version] ?? []).filter((n) => !names.includes(n)),
          [],
        );
      });

      for (const name of names) {
        it(`${name} replays without a nondeterminism or workflow task failure`, () => {
          const result = byName.get(name);
          assert.ok(result, `no replay result for ${name}`);
          assert.equal(result.error, undefined, `${version}/${name}: ${String(result.error?.message)}`);
        });
      }
    });
  }

  it('detects a history the code no longer matches (an activity type changed)', async () => {
    const fixture = loadHistoryFixture('charge-success', versionDir('0.1.0'));
    const events = structuredClone(fixture.history.events) as Record<string, Record<string, unknown>>[];
    const scheduled = events.find((e) => e['activityTaskScheduledEventAttributes']);
    assert.ok(scheduled, 'charge-success schedules an activity');
    scheduled['activityTaskScheduledEventAttributes']!['activityType'] = { name: 'somethingElse' };
    const [result] = await replay([{ ...fixture, history: { events } }]);
    assert.ok(result?.error instanceof DeterminismViolationError, String(result?.error));
  });
});
