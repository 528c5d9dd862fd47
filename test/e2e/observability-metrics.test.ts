import { strict as assert } from 'node:assert';
import { PROCESS_METRICS } from '../../src/observability/process-metrics.js';
import { startHealthServer } from '../../src/observability/worker-health.js';
import { seedSubscriptions } from '../../src/embedded/seed-subscriptions.js';
import { GATEWAY_ACTIVITY_TIMEOUT_MS } from '../../src/temporal/names.js';
import { waitFor } from '../../src/embedded/wait-for.js';
import { metricsUrl } from '../helpers/observability.js';
import { queriedMetricNames, scrapedMetricNames } from '../helpers/observability-files.js';
import { useTestStack } from '../helpers/stack.js';

/** The value of the first sample of `name` whose labels include every one of `labels` (0 when none). */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const set = match[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`))) return Number(match[3]);
  }
  return 0;
}

async function scrape(url: string): Promise<string> {
  const reply = await fetch(url);
  assert.equal(reply.status, 200);
  return reply.text();
}

describe('metrics', function () {
  this.timeout(60_000);
  const stack = useTestStack();

  it("the worker's Prometheus endpoint counts charges, collected amounts and gateway calls, in seconds and snake_case", async () => {
    const queue = { task_queue: stack.taskQueue };
    const customerId = await stack.seedCustomer();
    const charge = await stack.client.startCharge({
      chargeId: stack.uid('metrics'),
      customerId,
      amountMinor: 1234,
      currency: 'EUR',
      initiator: 'merchant',
    });
    assert.equal((await charge.result()).status, 'succeeded');
    const declined = await stack.client.startCharge({
      chargeId: stack.uid('metrics'),
      customerId,
      amountMinor: 2003, // the simulator declines 20.03
      currency: 'EUR',
      initiator: 'merchant',
    });
    assert.equal((await declined.result()).status, 'declined');

    // Workflow metrics leave the sandbox after the activation, process gauges come each second at most: wait
    // until the scrape shows both.
    const text = await waitFor(async () => {
      const body = await scrape(metricsUrl);
      return sample(body, 'ixopay_charges_total', { ...queue, outcome: 'declined' }) > 0 &&
        body.includes(`\n${PROCESS_METRICS.heapUsed} `)
        ? body
        : undefined;
    });
    assert.equal(
      sample(text, 'ixopay_charges_total', { ...queue, outcome: 'succeeded', initiator: 'merchant' }),
      1,
    );
    assert.equal(
      sample(text, 'ixopay_charges_total', { ...queue, outcome: 'declined', initiator: 'merchant' }),
      1,
    );
    assert.equal(sample(text, 'ixopay_collected_minor_total', { ...queue, currency: 'EUR' }), 1234);
    // The exact result code is a counter label; the latency histogram has the coarse outcome only.
    const debits = (result_code: string) =>
      sample(text, 'ixopay_gateway_calls_total', { ...queue, operation: 'debit', result_code });
    assert.equal(debits('ok'), 1);
    assert.equal(debits('2003'), 1);
    const timed = (outcome: string) =>
      sample(text, 'ixopay_gateway_call_duration_seconds_count', { ...queue, operation: 'debit', outcome });
    assert.equal(timed('ok'), 1);
    assert.equal(timed('declined'), 1);
    assert.doesNotMatch(text, /^ixopay_gateway_call_duration_seconds_count\{[^}]*result_code=/m);
    const seconds = sample(text, 'ixopay_gateway_call_duration_seconds_sum', {
      ...queue,
      operation: 'debit',
    });
    assert.ok(seconds > 0 && seconds < 10, `debit latency sum ${seconds} s`);
    assert.match(text, /^ixopay_gateway_call_duration_seconds_bucket\{[^}]*le="0\.25"/m);
    // The SDK's own worker metrics come out of the same endpoint, durations in seconds too.
    assert.match(text, /^temporal_workflow_completed\{/m);
    const e2e = /^temporal_workflow_endtoend_latency_sum\{[^}]*\} (\S+)$/m.exec(text);
    const e2eCount = /^temporal_workflow_endtoend_latency_count\{[^}]*\} (\S+)$/m.exec(text);
    assert.ok(e2e && e2eCount, 'no workflow end-to-end latency');
    assert.ok(
      Number(e2e[1]) / Number(e2eCount[1]) < 60,
      `mean workflow latency ${e2e[1]}/${e2eCount[1]}: not seconds`,
    );
    // One label style: snake_case on every metric of the endpoint, ours and the SDK's.
    for (const match of text.matchAll(/^[a-z_]+\{([^}]*)\}/gm)) {
      for (const key of match[1]!.matchAll(/([A-Za-z_]+)="/g)) assert.match(key[1]!, /^[a-z_]+$/, match[0]);
    }
    // Node process metrics on the same endpoint.
    for (const name of Object.values(PROCESS_METRICS))
      assert.match(
        text,
        new RegExp(`^${name}(\\{[^}]*\\})? \\S+$`, 'm'),
        `${name}: ${text
          .split('\n')
          .filter((l) => l.includes('nodejs_') || l.includes('process_'))
          .join(' | ')}`,
      );
    assert.ok(sample(text, PROCESS_METRICS.heapUsed, {}) > 1_000_000);
  });

  it('a billing run shows its window under its own run id, cleared at its end, and counts its end', async () => {
    const subs = await seedSubscriptions({
      store: stack.store,
      gateway: stack.gateway,
      prefix: stack.uid('m').slice(0, 10),
      count: 2,
      billingDate: '2026-10-01',
    });
    const runId = stack.uid('mrun');
    const handle = await stack.client.startBillingRun({
      runId,
      billingDate: '2026-10-01',
      filters: { customerIds: subs.map((s) => s.customerId) },
    });
    assert.equal((await handle.result()).succeeded, 2);
    const run = { task_queue: stack.taskQueue, billing_run_id: runId };
    const text = await waitFor(async () => {
      const body = await scrape(metricsUrl);
      return /^ixopay_billing_runs_finished_total\{[^}]*outcome="completed"[^}]*\} [1-9]/m.test(body) &&
        body.includes(`billing_run_id="${runId}"`)
        ? body
        : undefined;
    });
    assert.equal(sample(text, 'ixopay_billing_in_flight', run), 0);
    assert.equal(sample(text, 'ixopay_billing_in_dunning', run), 0);
    const updated = sample(text, 'ixopay_billing_window_updated_timestamp_seconds', run);
    assert.ok(Math.abs(updated - Date.now() / 1000) < 120, `window updated at ${updated}`);
    assert.ok(
      sample(text, 'ixopay_billing_charges_finished_total', {
        task_queue: stack.taskQueue,
        outcome: 'succeeded',
      }) >= 2,
    );
    // The counters an alert watches exist at 0 before anything happens.
    assert.match(text, /^ixopay_charge_flags_total\{[^}]*flag="double-debit-unreversed"[^}]*\} 0$/m);
    assert.match(text, /^ixopay_billing_runs_finished_total\{[^}]*outcome="failed"[^}]*\} 0$/m);
  });

  it('every metric the dashboard and the alert rules query is in a real scrape of the worker or the webhook', async () => {
    // A debit the gateway refuses once (429) fails one activity attempt: the SDK's failure counter appears.
    stack.simulator.faults.script([{ fault: '429', operation: 'debit' }]);
    const charge = await stack.client.startCharge({
      chargeId: stack.uid('metrics'),
      customerId: await stack.seedCustomer(),
      amountMinor: 1500,
      currency: 'EUR',
      initiator: 'merchant',
    });
    assert.equal((await charge.result()).status, 'succeeded');
    await waitFor(async () =>
      (await scrape(metricsUrl)).includes('temporal_activity_execution_failed{') ? true : undefined,
    );
    const scraped = new Set([
      ...scrapedMetricNames(await scrape(metricsUrl)),
      ...scrapedMetricNames(await scrape(stack.webhook.metricsUrl!)),
    ]);
    const missing = [...queriedMetricNames()].filter((name) => !scraped.has(name));
    assert.deepEqual(missing, [], `queried but never scraped: ${missing.join(', ')}`);
  });

  it("the worker's health endpoint reports its state, and it stops no sooner than a gateway call may take", async () => {
    const worker = stack.worker!;
    assert.ok(worker.options.shutdownGraceTimeMs >= GATEWAY_ACTIVITY_TIMEOUT_MS);
    const health = await startHealthServer({ worker, port: 0 });
    try {
      const reply = await fetch(health.url);
      assert.equal(reply.status, 200);
      assert.deepEqual(await reply.json(), { status: 'ok', state: 'RUNNING' });
      assert.equal((await fetch(health.url.replace(/health$/, 'healthz'))).status, 200);
      assert.equal((await fetch(health.url.replace(/health$/, 'metrics'))).status, 404);
      const stopped = await startHealthServer({ worker: { getState: () => 'DRAINING' }, port: 0 });
      try {
        const down = await fetch(stopped.url);
        assert.equal(down.status, 503);
        assert.deepEqual(await down.json(), { status: 'unavailable', state: 'DRAINING' });
      } finally {
        await stopped.stop();
      }
    } finally {
      await health.stop();
    }
  });

  it("the webhook's /metrics counts callbacks received, signalled and rejected by reason", async () => {
    const url = stack.webhook.metricsUrl!;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    assert.equal((await fetch(`${stack.webhook.url}/metrics`)).status, 404); // never on the public port
    const before = await scrape(url);
    const count = (text: string, name: string, labels: Record<string, string> = {}) =>
      sample(text, `ixopay_webhook_callbacks_${name}_total`, labels);

    const customerId = await stack.seedCustomer();
    const charge = await stack.startPendingCharge(customerId, stack.uid('hook'));
    assert.equal((await charge.result()).status, 'succeeded'); // completed by the simulator's callback
    const unsigned = await fetch(stack.webhook.callbackUrl, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(unsigned.status, 401);

    const reply = await fetch(url);
    assert.match(reply.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const after = await reply.text();
    // The simulator calls back for every transaction (the seeding's registration too): count what changed.
    assert.ok(count(after, 'received') >= count(before, 'received') + 2);
    assert.ok(count(after, 'signalled') >= count(before, 'signalled') + 1);
    assert.equal(count(before, 'rejected', { reason: 'missing-signature' }), 0);
    assert.equal(count(after, 'rejected', { reason: 'missing-signature' }), 1);
    // Event-loop delay and memory of the webhook process on the same listener.
    for (const name of Object.values(PROCESS_METRICS))
      assert.match(after, new RegExp(`^${name} \\S+$`, 'm'), name);
    assert.ok(sample(after, PROCESS_METRICS.residentMemory, {}) > 1_000_000);
  });
});
