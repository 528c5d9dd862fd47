import { strict as assert } from 'node:assert';
import { waitFor } from '../../src/wait-for.js';
import { metricsUrl } from '../helpers/observability.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

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
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack();
  });
  after(async () => {
    await stack?.stop();
  });

  it("the worker's Prometheus endpoint counts charges, collected amounts and gateway latency", async () => {
    const queue = { taskQueue: stack.taskQueue };
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

    // Workflow metrics leave the sandbox after the activation: wait until the scrape shows them.
    const text = await waitFor(async () => {
      const body = await scrape(metricsUrl);
      return sample(body, 'ixopay_charges_total', { ...queue, outcome: 'declined' }) > 0 ? body : undefined;
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
    const debits = (result_code: string) =>
      sample(text, 'ixopay_gateway_call_duration_ms_count', { ...queue, operation: 'debit', result_code });
    assert.equal(debits('ok'), 1);
    assert.equal(debits('2003'), 1);
    assert.ok(sample(text, 'ixopay_gateway_call_duration_ms_sum', { ...queue, operation: 'debit' }) > 0);
    // The SDK's own worker metrics come out of the same endpoint.
    assert.match(text, /^temporal_workflow_completed\{/m);
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
  });
});
