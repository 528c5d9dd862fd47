import { strict as assert } from 'node:assert';
import { SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { RedactingSpanProcessor } from '../../src/observability/redacting-span-processor.js';

describe('span redaction', () => {
  it('scrubs exception text, the status message and attributes before export, keeping ids and times', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new RedactingSpanProcessor(new SimpleSpanProcessor(exporter))],
    });
    const span = provider.getTracer('test').startSpan('RunActivity:debit', {
      attributes: { chargeId: 'order-1', email: 'jane@example.org', note: 'token pt::abcdef123456' },
    });
    const failure = new Error('declined 4111 1111 1111 1111 for jane@example.org via Bearer abc.def');
    span.recordException(failure);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
    span.end();
    await provider.forceFlush();

    const [exported] = exporter.getFinishedSpans();
    assert.ok(exported);
    const text = JSON.stringify({
      name: exported.name,
      attributes: exported.attributes,
      status: exported.status,
      events: exported.events,
    });
    for (const secret of ['4111 1111 1111 1111', 'jane@example.org', 'abc.def', 'abcdef12'])
      assert.ok(!text.includes(secret), `${secret} in ${text}`);
    assert.equal(exported.attributes['chargeId'], 'order-1');
    assert.equal(exported.attributes['email'], '[redacted]');
    assert.match(String(exported.events[0]?.attributes?.['exception.message']), /\[card …1111\]/);
    assert.equal(exported.status.code, SpanStatusCode.ERROR);
    assert.equal(exported.spanContext().spanId, span.spanContext().spanId);
    assert.deepEqual(exported.startTime, (span as unknown as { startTime: unknown }).startTime);
    await provider.shutdown();
  });
});
