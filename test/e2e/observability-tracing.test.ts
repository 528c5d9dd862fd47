import { strict as assert } from 'node:assert';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { loadConfig } from '../../src/config/config.js';
import { startTracing, tracingOptionsFromConfig, type Tracing } from '../../src/observability/tracing.js';
import { waitFor } from '../../src/embedded/wait-for.js';
import { useTestStack } from '../helpers/stack.js';

/** The chain of spans from `span` up to its root, by parent span id. */
function ancestry(span: ReadableSpan, spans: readonly ReadableSpan[]): ReadableSpan[] {
  const chain = [span];
  for (let current = span; current.parentSpanId;) {
    const parent = spans.find((s) => s.spanContext().spanId === current.parentSpanId);
    if (!parent) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

describe('traces', function () {
  this.timeout(60_000);
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  before(() => {
    // Process-global (OpenTelemetry allows one provider): the workers of later suites export here as well.
    tracing = startTracing({
      ...tracingOptionsFromConfig(
        loadConfig({
          APP_MODE: 'development',
          OTEL_SERVICE_NAME: 'ixopay-test',
          OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=e2e,service.name=ignored',
        }).observability,
        'worker',
      ),
      exporter,
      immediate: true,
    });
  });
  after(async () => {
    await exporter.shutdown(); // stop keeping spans in memory for the suites that follow
  });
  // Started after the tracing provider above, so that the stack's worker and client export to it.
  const stack = useTestStack();

  it('one trace runs from the client start through the workflow and its activities to the gateway call', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('trace');
    const charge = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 1234,
      currency: 'EUR',
      initiator: 'merchant',
    });
    const result = await charge.result();
    assert.equal(result.status, 'succeeded');
    await tracing.flush();

    // Workflow spans leave the sandbox through the exporter sink after each activation: wait for the debit's.
    const workflowId = `charge-${chargeId}`;
    const spans = await waitFor(() => {
      const all = exporter.getFinishedSpans();
      const debit = all.find(
        (s) =>
          s.name === 'ixopay.gateway debit' &&
          ancestry(s, all).some((a) => a.name.startsWith('StartWorkflow')),
      );
      return Promise.resolve(debit ? all : undefined);
    });
    const gateway = spans.filter((s) => s.name === 'ixopay.gateway debit');
    const debit = gateway.find((s) =>
      ancestry(s, spans).some((a) => a.attributes['temporalWorkflowId'] === workflowId),
    )!;
    assert.ok(debit, 'the debit call span hangs under the charge workflow');
    const chain = ancestry(debit, spans);
    const names = chain.map((s) => s.name);
    assert.deepEqual(
      names.map((n) => n.split(':')[0]),
      ['ixopay.gateway debit', 'RunActivity', 'StartActivity', 'RunWorkflow', 'StartWorkflow'],
      names.join(' <- '),
    );
    assert.equal(names[1], 'RunActivity:debit');
    assert.equal(names[4], 'StartWorkflow:chargeStoredProfile');
    const traceIds = new Set(chain.map((s) => s.spanContext().traceId));
    assert.equal(traceIds.size, 1, 'every span of the chain is in one trace');
    assert.equal(chain.at(-1)!.parentSpanId, undefined, 'the client start is the root');

    // The other activities and the profile lookup belong to the same trace.
    const traceId = [...traceIds][0];
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId).map((s) => s.name);
    assert.ok(inTrace.includes('RunActivity:fetchProfile'), inTrace.join(', '));
    assert.ok(inTrace.includes('ixopay.gateway getProfile'), inTrace.join(', '));

    // The gateway span: operation, HTTP status, result; never a URL, a body or a token.
    assert.equal(debit.attributes['ixopay.operation'], 'debit');
    assert.equal(debit.attributes['http.response.status_code'], 200);
    assert.equal(debit.attributes['ixopay.result_code'], 'ok');
    assert.equal(debit.attributes['ixopay.outcome'], 'ok');
    const gatewayUrl = new URL(stack.simulator.url);
    assert.equal(debit.attributes['server.address'], gatewayUrl.hostname);
    assert.equal(debit.attributes['server.port'], Number(gatewayUrl.port));
    assert.equal(debit.attributes['url.template'], '/api/v3/transaction/{apiKey}/debit');
    assert.equal(debit.attributes['error.type'], undefined, 'a successful call has no error type');
    const lookup = spans.find((s) => s.name === 'ixopay.gateway getProfile');
    assert.match(String(lookup?.attributes['url.template']), /^\/api\/v3\/customerProfiles\/\{apiKey\}\//);
    // The resource: OTEL_SERVICE_NAME exactly as given, over OTEL_RESOURCE_ATTRIBUTES, which are kept.
    assert.equal(debit.resource.attributes['service.name'], 'ixopay-test');
    assert.equal(debit.resource.attributes['deployment.environment.name'], 'e2e');
    const attributes = JSON.stringify(spans.map((s) => s.attributes));
    assert.ok(!attributes.includes(result.paymentToken!), 'a payment token reached a span');
  });
});
