/**
 * OpenTelemetry tracing for one process: a tracer provider registered globally (AsyncLocalStorage context,
 * W3C propagation), fed to one span processor that also receives the workflow spans (through the worker's
 * `exporter` sink) through the log redaction (src/observability/redacting-span-processor.ts). Off unless
 * started: with OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads the standard
 * OTEL_EXPORTER_OTLP_* variables), or with any exporter a caller passes (tests: in memory). The resource is
 * OTEL_RESOURCE_ATTRIBUTES with `service.name` = OTEL_SERVICE_NAME as given (config.ts parses both).
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { RedactingSpanProcessor } from './redacting-span-processor.js';

export interface Tracing {
  readonly processor: SpanProcessor;
  readonly resource: Resource;
  /** Flushes pending spans (batching) to the exporter. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** `service.name`, exactly as given. */
  readonly serviceName: string;
  /** More resource attributes (OTEL_RESOURCE_ATTRIBUTES); `service.name` above wins over one in here. */
  readonly resourceAttributes?: Readonly<Record<string, string>> | undefined;
  readonly exporter: SpanExporter;
  /** Export each span as it ends (tests) instead of in batches. Default false. */
  readonly immediate?: boolean;
}

let active: Tracing | undefined;

/** Starts tracing for this process; the OpenTelemetry globals can be set once, so a second call is refused. */
export function startTracing(options: TracingOptions): Tracing {
  if (active) throw new Error('tracing is already started in this process');
  const resource = new Resource({
    ...options.resourceAttributes,
    'service.name': options.serviceName,
  });
  // Every span, the workflow spans of the worker's sink included, is scrubbed before it is exported.
  const processor = new RedactingSpanProcessor(
    options.immediate ? new SimpleSpanProcessor(options.exporter) : new BatchSpanProcessor(options.exporter),
  );
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  const tracing: Tracing = {
    processor,
    resource,
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
  active = tracing;
  return tracing;
}

export interface TracingConfig {
  readonly otlpEndpoint: string | undefined;
  readonly serviceName: string | undefined;
  readonly resourceAttributes: Readonly<Record<string, string>>;
}

/**
 * The resource of one process: OTEL_RESOURCE_ATTRIBUTES, then `service.name` = OTEL_SERVICE_NAME exactly as
 * given, else `service.name` from the attributes, else `ixopay-temporal-<role>`.
 */
export function tracingOptionsFromConfig(
  config: Omit<TracingConfig, 'otlpEndpoint'>,
  role: string,
): Pick<TracingOptions, 'serviceName' | 'resourceAttributes'> {
  return {
    serviceName: config.serviceName ?? config.resourceAttributes['service.name'] ?? `ixopay-temporal-${role}`,
    resourceAttributes: config.resourceAttributes,
  };
}

/** OTLP over HTTP when an endpoint is configured; undefined (tracing off) otherwise. */
export function startTracingFromConfig(config: TracingConfig, role: string): Tracing | undefined {
  if (!config.otlpEndpoint) return undefined;
  return startTracing({ ...tracingOptionsFromConfig(config, role), exporter: new OTLPTraceExporter() });
}

/** The running tracing, if any; workers built while it is off export workflow spans nowhere. */
export function activeTracing(): Tracing | undefined {
  return active;
}

/** Where the worker's workflow-span sink sends spans. */
export function workflowSpanTarget(): { processor: SpanProcessor; resource: Resource } {
  return active ?? { processor: new NoopSpanProcessor(), resource: Resource.empty() };
}
