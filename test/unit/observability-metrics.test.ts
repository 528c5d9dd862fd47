import { strict as assert } from 'node:assert';
import type { MetricMeter, MetricTags } from '@temporalio/common';
import type { WorkflowInfo } from '@temporalio/workflow';
import { businessMetricsSinks, RecentKeys } from '../../src/observability/business-metrics.js';
import { ixopayErrorCode, resultCode } from '../../src/observability/gateway-call.js';
import { chargeIdOfInput } from '../../src/observability/activity-interceptors.js';
import { businessIdsOf } from '../../src/observability/workflow-ids.js';
import { Counter, exposition } from '../../src/observability/prometheus-text.js';

/** A meter that records counter additions (unit tests of pure logic only). */
function recordingMeter(): {
  meter: MetricMeter;
  added: { name: string; value: number; tags: MetricTags }[];
} {
  const added: { name: string; value: number; tags: MetricTags }[] = [];
  const meter = {
    createCounter: (name: string) => ({
      add: (value: number, tags: MetricTags = {}) => added.push({ name, value, tags }),
    }),
  } as unknown as MetricMeter;
  return { meter, added };
}

const info = (runId: string) =>
  ({
    workflowId: 'charge-o-1',
    runId,
    namespace: 'default',
    taskQueue: 'q',
    workflowType: 'chargeStoredProfile',
  }) as WorkflowInfo;

describe('observability: metrics helpers', () => {
  it('counts a charge outcome once per run even when a retried workflow task reports it again', async () => {
    const { meter, added } = recordingMeter();
    const sink = businessMetricsSinks(meter).ixopayMetrics;
    const event = { outcome: 'succeeded', initiator: 'merchant', currency: 'EUR', collectedMinor: 1999 };
    await sink.chargeFinished.fn(info('run-1'), event);
    await sink.chargeFinished.fn(info('run-1'), event);
    await sink.chargeFinished.fn(info('run-2'), { ...event, outcome: 'declined', collectedMinor: 0 });
    assert.deepEqual(
      added.map((a) => [a.name, a.value, a.tags['outcome'] ?? a.tags['currency'], a.tags['taskQueue']]),
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
