/**
 * The Temporal SDK runtime of a worker process, installed once (Runtime.install is process-global): the JSON
 * logger for SDK, workflow and activity lines (core's own lines forwarded to it), and the Prometheus endpoint
 * for the SDK's metrics and the business metrics when a bind address is given.
 */
import type { Logger } from '@temporalio/common';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { GATEWAY_CALL_DURATION } from './gateway-call.js';

/** Latency buckets (ms) for the gateway histogram: a 100 ms simulator, a 10 s gateway timeout. */
const GATEWAY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];

export interface RuntimeOptions {
  readonly logger: Logger;
  /** `host:port` for `/metrics`; no endpoint when undefined. */
  readonly metricsBindAddress?: string | undefined;
}

export function installRuntime(options: RuntimeOptions): Runtime {
  return Runtime.install({
    logger: options.logger,
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
      ...(options.metricsBindAddress
        ? {
            metrics: {
              prometheus: {
                bindAddress: options.metricsBindAddress,
                histogramBucketOverrides: { [GATEWAY_CALL_DURATION]: GATEWAY_BUCKETS_MS },
              },
            },
          }
        : {}),
    },
  });
}

/** `METRICS_HOST:METRICS_PORT`, or undefined when no port is configured. */
export function metricsBindAddress(config: {
  readonly metricsHost: string;
  readonly metricsPort: number | undefined;
}): string | undefined {
  return config.metricsPort === undefined ? undefined : `${config.metricsHost}:${config.metricsPort}`;
}
