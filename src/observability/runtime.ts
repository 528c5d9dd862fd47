/**
 * The Temporal SDK runtime of a worker process, installed once (Runtime.install is process-global): the JSON
 * logger for SDK, workflow and activity lines (core's own lines forwarded to it), and the Prometheus endpoint
 * for the SDK's metrics, the business metrics and the Node process metrics when a bind address is given.
 * Durations are in seconds, the Prometheus base unit, for the SDK's histograms as for ours.
 */
import type { Logger } from '@temporalio/common';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { GATEWAY_CALL_DURATION } from './gateway-call.js';
import { ProcessMetrics } from './process-metrics.js';

/** Latency buckets (s) for the gateway histogram: a 100 ms simulator, a 10 s gateway timeout. */
export const GATEWAY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface RuntimeOptions {
  readonly logger: Logger;
  /** `host:port` for `/metrics`; no endpoint when undefined. */
  readonly metricsBindAddress?: string | undefined;
}

let processMetrics: ProcessMetrics | undefined;

export function installRuntime(options: RuntimeOptions): Runtime {
  const runtime = Runtime.install({
    logger: options.logger,
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
      ...(options.metricsBindAddress
        ? {
            metrics: {
              prometheus: {
                bindAddress: options.metricsBindAddress,
                useSecondsForDurations: true,
                histogramBucketOverrides: { [GATEWAY_CALL_DURATION]: GATEWAY_BUCKETS_SECONDS },
              },
            },
          }
        : {}),
    },
  });
  if (options.metricsBindAddress && !processMetrics) {
    processMetrics = new ProcessMetrics();
    // The runtime in place now, never a new one made for the gauges (Runtime.instance() would make one).
    processMetrics.feed(() => Runtime._instance?.metricMeter);
  }
  return runtime;
}

/** `METRICS_HOST:METRICS_PORT`, or undefined when no port is configured. */
export function metricsBindAddress(config: {
  readonly metricsHost: string;
  readonly metricsPort: number | undefined;
}): string | undefined {
  return config.metricsPort === undefined ? undefined : `${config.metricsHost}:${config.metricsPort}`;
}
