import { strict as assert } from 'node:assert';
import type { MetricMeter, MetricTags } from '@temporalio/common';
import type { WorkflowInfo } from '@temporalio/workflow';
import { businessMetricsSinks, RecentKeys } from '../../src/observability/business-metrics.js';
import { callOutcome, errorType, ixopayErrorCode, resultCode } from '../../src/observability/gateway-call.js';
import { PROCESS_METRICS, ProcessMetrics } from '../../src/observability/process-metrics.js';
import { chargeIdOfInput } from '../../src/observability/activity-interceptors.js';
import { businessIdsOf } from '../../src/observability/workflow-ids.js';
import { Counter, exposition } from '../../src/observability/prometheus-text.js';

/** A meter that records counter additions and gauge values (unit tests of pure logic only). */
function recordingMeter(): {
  meter: MetricMeter;
  added: { name: string; value: number; tags: MetricTags }[];
  gauges: Map<string, number>;
} {
  const added: { name: string; value: number; tags: MetricTags }[] = [];
  const gauges = new Map<string, number>();
  const meter = {
    createCounter: (name: string) => ({
      add: (value: number, tags: MetricTags = {}) => added.push({ name, value, tags }),
    }),
    createGauge: (name: string) => ({
      set: (value: number, tags: MetricTags = {}) =>
        gauges.set(`${name}{${String(tags['billing_run_id'])}}`, value),
    }),
  } as unknown as MetricMeter;
  return { meter, added, gauges };
}

const info = (runId: string, replaying = false) =>
  ({
    workflowId: 'charge-o-1',
    runId,
    namespace: 'default',
    taskQueue: 'q',
    workflowType: 'chargeStoredProfile',
    unsafe: { isReplaying: replaying },
  }) as unknown as WorkflowInfo;

describe('observability: metrics helpers', () => {
  it('counts a charge outcome once per run even when a retried workflow task reports it again', async () => {
    const { meter, added } = recordingMeter();
    const sink = businessMetricsSinks({ meter }).ixopayMetrics;
    const event = { outcome: 'succeeded', initiator: 'merchant', currency: 'EUR', collectedMinor: 1999 };
    await sink.chargeFinished.fn(info('run-1'), event);
    await sink.chargeFinished.fn(info('run-1'), event);
    await sink.chargeFinished.fn(info('run-2'), { ...event, outcome: 'declined', collectedMinor: 0 });
    assert.deepEqual(
      added.map((a) => [a.name, a.value, a.tags['outcome'] ?? a.tags['currency'], a.tags['task_queue']]),
      [
        ['ixopay_charges_total', 1, 'succeeded', 'q'],
        ['ixopay_collected_minor_total', 1999, 'EUR', 'q'],
        ['ixopay_charges_total', 1, 'declined', 'q'],
      ],
    );
    await sink.billingChargeFinished.fn(info('b'), 'sub_2026-01', 'succeeded');
    await sink.billingChargeFinished.fn(info('b'), 'sub_2026-01', 'succeeded');
    assert.equal(added.filter((a) => a.name === 'ixopay_billing_charges_finished_total').length, 1);
  });

  it('labels snake_case, like the SDK core, and starts the alerting counters at zero for the queue', () => {
    const { meter, added } = recordingMeter();
    const sink = businessMetricsSinks({ meter, namespace: 'default', taskQueue: 'q' }).ixopayMetrics;
    const zero = added.map((a) => `${a.name}${JSON.stringify(a.tags)}=${a.value}`);
    assert.ok(
      zero.includes(
        'ixopay_charge_flags_total{"namespace":"default","task_queue":"q","flag":"double-debit-unreversed"}=0',
      ),
      zero.join('\n'),
    );
    assert.ok(zero.some((z) => z.startsWith('ixopay_billing_runs_finished_total') && z.includes('"failed"')));
    assert.ok(zero.some((z) => z.startsWith('ixopay_charges_outcome_unknown_total')));
    added.length = 0;
    void sink.chargeFinished.fn(info('run-1'), {
      outcome: 'succeeded',
      initiator: 'merchant',
      currency: 'EUR',
      collectedMinor: 100,
      flags: ['double-debit-reversed'],
    });
    // The follow-up workflow of the same charge raising the same flag counts it once.
    void sink.chargeFlagged.fn({ ...info('f-1'), workflowId: 'charge-o-1.events' }, 'double-debit-reversed');
    void sink.chargeFlagged.fn({ ...info('f-1'), workflowId: 'charge-o-1.events' }, 'charged-back');
    assert.deepEqual(
      added.filter((a) => a.name === 'ixopay_charge_flags_total').map((a) => a.tags['flag']),
      ['double-debit-reversed', 'charged-back'],
    );
    for (const { tags } of added) {
      for (const key of Object.keys(tags)) assert.match(key, /^[a-z][a-z0-9_]*$/, key);
    }
  });

  it('keeps each billing run its own window, cleared when the run ends, and counts the end once', () => {
    const { meter, added, gauges } = recordingMeter();
    const sink = businessMetricsSinks({ meter }).ixopayMetrics;
    const b = { ...info('r-1'), workflowId: 'billing-a', workflowType: 'billingRun' } as WorkflowInfo;
    void sink.billingWindow.fn(b, { runId: 'a', inFlight: 5, inDunning: 2, atMs: 10_000 });
    void sink.billingWindow.fn(b, { runId: 'b', inFlight: 7, inDunning: 0, atMs: 11_000 });
    assert.equal(gauges.get('ixopay_billing_in_flight{a}'), 5);
    assert.equal(gauges.get('ixopay_billing_in_flight{b}'), 7);
    assert.equal(gauges.get('ixopay_billing_in_dunning{a}'), 2);
    assert.equal(gauges.get('ixopay_billing_window_updated_timestamp_seconds{b}'), 11);
    void sink.billingRunEnded.fn(b, 'a', 'failed', 12_000);
    void sink.billingRunEnded.fn(b, 'a', 'failed', 12_000);
    void sink.billingRunEnded.fn(
      { ...b, runId: 'r-2', unsafe: { isReplaying: true } } as WorkflowInfo,
      'a',
      'failed',
      12_000,
    );
    assert.equal(gauges.get('ixopay_billing_in_flight{a}'), 0);
    assert.equal(gauges.get('ixopay_billing_in_dunning{a}'), 0);
    assert.equal(gauges.get('ixopay_billing_window_updated_timestamp_seconds{a}'), 12);
    assert.equal(gauges.get('ixopay_billing_in_flight{b}'), 7);
    const ends = added.filter((a) => a.name === 'ixopay_billing_runs_finished_total');
    assert.deepEqual(
      ends.map((a) => [a.value, a.tags['outcome']]),
      [[1, 'failed']],
    );
    assert.equal(sink.billingWindow.callDuringReplay, true);
    assert.equal(sink.billingRunEnded.callDuringReplay, true);
  });

  it('forgets the oldest keys beyond its capacity', () => {
    const keys = new RecentKeys(2);
    assert.equal(keys.add('a'), true);
    assert.equal(keys.add('a'), false);
    keys.add('b');
    keys.add('c');
    assert.equal(keys.add('a'), true);
  });

  it('reads the IXOPAY error code of a reply and names the result of a call', () => {
    assert.equal(ixopayErrorCode('{"success":false,"errorCode":1002}'), 1002);
    assert.equal(
      ixopayErrorCode('{"success":true,"returnType":"ERROR","errors":[{"errorCode":2003}]}'),
      2003,
    );
    assert.equal(ixopayErrorCode('{"success":true}'), undefined);
    assert.equal(ixopayErrorCode('<html>'), undefined);
    assert.equal(resultCode({ status: 200, text: '' }, undefined), 'ok');
    assert.equal(resultCode({ status: 200, text: '' }, 2003), '2003');
    assert.equal(resultCode({ status: 503, text: '' }, undefined), 'http_503');
    const timeout = Object.assign(new Error('slow'), { name: 'GatewayTimeoutError' });
    assert.equal(resultCode(undefined, undefined, timeout), 'timeout');
    assert.equal(resultCode(undefined, undefined, new Error('reset')), 'network');
  });

  it('sorts a call into ok, declined, error or timeout, and names its error type', () => {
    const ok = { status: 200, text: '' };
    const timeout = Object.assign(new Error('slow'), { name: 'GatewayTimeoutError' });
    assert.equal(callOutcome(ok, undefined), 'ok');
    assert.equal(callOutcome(ok, 2003), 'declined');
    assert.equal(callOutcome(ok, 2016), 'declined');
    assert.equal(callOutcome(ok, 3001), 'timeout');
    assert.equal(callOutcome(ok, 1002), 'error');
    assert.equal(callOutcome({ status: 503, text: '' }, undefined), 'error');
    assert.equal(callOutcome(undefined, undefined, timeout), 'timeout');
    assert.equal(callOutcome(undefined, undefined, new Error('reset')), 'error');
    assert.equal(errorType(ok, undefined), undefined);
    assert.equal(errorType(ok, 2003), 'ixopay_2003');
    assert.equal(errorType({ status: 503, text: '' }, undefined), '503');
    assert.equal(errorType(undefined, undefined, timeout), 'GatewayTimeoutError');
  });

  it('samples event-loop delay and memory, and writes them as gauges', async () => {
    const sampler = new ProcessMetrics();
    try {
      await new Promise((r) => setTimeout(r, 30)); // the monitor's timer runs
      const until = Date.now() + 60;
      while (Date.now() < until); // block the loop for a measurable delay
      await new Promise((r) => setTimeout(r, 30));
      const sample = sampler.sample();
      assert.ok(sample.eventLoopLagMax >= 0.03, String(sample.eventLoopLagMax));
      assert.ok(sample.eventLoopLagMax < 5);
      assert.ok(sample.heapUsed > 0 && sample.heapUsed <= sample.heapTotal);
      assert.ok(sample.residentMemory > sample.heapUsed);
      const text = sampler.expose();
      for (const name of Object.values(PROCESS_METRICS)) {
        assert.match(text, new RegExp(`^# TYPE ${name} gauge\\n${name} [0-9.e+-]+$`, 'm'));
      }
    } finally {
      sampler.stop();
    }
  });

  it('derives business ids from workflow ids and activity inputs', () => {
    assert.deepEqual(businessIdsOf('charge-order-1'), { chargeId: 'order-1' });
    assert.deepEqual(businessIdsOf('register-reg-1'), { registrationId: 'reg-1' });
    assert.deepEqual(businessIdsOf('billing-2026-01-01'), { billingRunId: '2026-01-01' });
    assert.deepEqual(businessIdsOf('something-else'), {});
    assert.equal(chargeIdOfInput({ merchantTransactionId: 'c.order-1.d2' }), 'order-1');
    assert.equal(chargeIdOfInput({ merchantTransactionId: 'r.reg-1.reg' }), undefined);
    assert.equal(chargeIdOfInput({ chargeId: 'order-9' }), 'order-9');
  });

  it('writes counters in the Prometheus text format, escaping label values', () => {
    const plain = new Counter('x_total', 'Plain');
    const labelled = new Counter('y_total', 'Labelled', ['reason'] as const);
    labelled.inc({ reason: 'bad "sig"' });
    labelled.inc({ reason: 'bad "sig"' });
    assert.equal(labelled.get({ reason: 'bad "sig"' }), 2);
    assert.equal(
      exposition([plain, labelled]),
      '# HELP x_total Plain\n# TYPE x_total counter\nx_total 0\n' +
        '# HELP y_total Labelled\n# TYPE y_total counter\ny_total{reason="bad \\"sig\\""} 2\n',
    );
  });
});
