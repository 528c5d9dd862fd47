/**
 * A span processor in front of the exporting one that scrubs every span with the log redaction: the status
 * message, string attributes and event attributes (the interceptors record failures as `exception` events
 * with their message and stack trace in clear). Keys named like a secret are dropped.
 */
import type { Context } from '@opentelemetry/api';
import type { Attributes, AttributeValue, SpanStatus } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { isSecretKey, redactText } from './redact.js';

function scrubValue(value: AttributeValue | undefined): AttributeValue | undefined {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) {
    return value.map((item: unknown) =>
      typeof item === 'string' ? redactText(item) : item,
    ) as AttributeValue;
  }
  return value;
}

export function scrubAttributes(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    out[key] = isSecretKey(key) ? '[redacted]' : scrubValue(value);
  }
  return out;
}

/** A view of the span with scrubbed text; everything else (ids, times, context) is the span's own. */
export function scrubSpan(span: ReadableSpan): ReadableSpan {
  const status: SpanStatus =
    span.status.message === undefined
      ? span.status
      : { ...span.status, message: redactText(span.status.message) };
  const events: TimedEvent[] = span.events.map((event) =>
    event.attributes ? { ...event, attributes: scrubAttributes(event.attributes) } : event,
  );
  const view = Object.create(span) as ReadableSpan;
  Object.defineProperties(view, {
    name: { value: redactText(span.name) },
    attributes: { value: scrubAttributes(span.attributes) },
    status: { value: status },
    events: { value: events },
  });
  return view;
}

export class RedactingSpanProcessor implements SpanProcessor {
  constructor(private readonly inner: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    this.inner.onEnd(scrubSpan(span));
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
