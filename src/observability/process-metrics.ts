/**
 * Node process metrics, named as the common Node exporters name them: event-loop delay (node:perf_hooks
 * monitorEventLoopDelay) and memory (process.memoryUsage). One sampler per process; each `sample()` reads the
 * delay seen since the previous one and starts a new window. The worker sets them as gauges on the SDK
 * runtime's meter (so they share its /metrics); the webhook writes them into its own exposition.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { MetricMeter } from '@temporalio/common';

export const PROCESS_METRICS = {
  eventLoopLagP50: 'nodejs_eventloop_lag_p50_seconds',
  eventLoopLagP99: 'nodejs_eventloop_lag_p99_seconds',
  eventLoopLagMax: 'nodejs_eventloop_lag_max_seconds',
  heapUsed: 'nodejs_heap_size_used_bytes',
  heapTotal: 'nodejs_heap_size_total_bytes',
  external: 'nodejs_external_memory_bytes',
  residentMemory: 'process_resident_memory_bytes',
} as const;

export type ProcessMetricKey = keyof typeof PROCESS_METRICS;
export type ProcessSample = Record<ProcessMetricKey, number>;

const HELP: Record<ProcessMetricKey, string> = {
  eventLoopLagP50: 'Event-loop delay, median over the last sampling window, seconds',
  eventLoopLagP99: 'Event-loop delay, 99th percentile over the last sampling window, seconds',
  eventLoopLagMax: 'Event-loop delay, maximum over the last sampling window, seconds',
  heapUsed: 'V8 heap used, bytes',
  heapTotal: 'V8 heap allocated, bytes',
  external: 'Memory of C++ objects bound to JavaScript objects, bytes',
  residentMemory: 'Resident set size, bytes',
};

const NS_PER_S = 1e9;

export class ProcessMetrics {
  readonly #delay: IntervalHistogram;

  constructor() {
    this.#delay = monitorEventLoopDelay({ resolution: 10 });
    this.#delay.enable();
  }

  /** The delay since the last sample (0 before the monitor saw a tick) and memory now. */
  sample(): ProcessSample {
    const seen = this.#delay.count > 0;
    const memory = process.memoryUsage();
    const sample: ProcessSample = {
      eventLoopLagP50: seen ? this.#delay.percentile(50) / NS_PER_S : 0,
      eventLoopLagP99: seen ? this.#delay.percentile(99) / NS_PER_S : 0,
      eventLoopLagMax: seen ? this.#delay.max / NS_PER_S : 0,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      external: memory.external,
      residentMemory: memory.rss,
    };
    this.#delay.reset();
    return sample;
  }

  /** Gauge lines in the Prometheus text format (the webhook's /metrics). */
  expose(): string {
    const sample = this.sample();
    return (Object.keys(PROCESS_METRICS) as ProcessMetricKey[])
      .map((key) => {
        const name = PROCESS_METRICS[key];
        return `# HELP ${name} ${HELP[key]}\n# TYPE ${name} gauge\n${name} ${sample[key]}`;
      })
      .join('\n');
  }

  /**
   * Sets the samples as gauges on the current meter every `intervalMs` (the worker's /metrics). `meter` is asked
   * at each tick: the SDK closes an idle runtime and builds a new one (a new endpoint) for the next worker, so
   * a meter kept from the start would go nowhere; a new one gets the gauges within a second. The timer does not
   * keep the process alive. Returns the stop function.
   */
  feed(meter: () => MetricMeter | undefined, intervalMs = 5_000): () => void {
    let fed: MetricMeter | undefined;
    let fedAt = 0;
    const tick = (): void => {
      const current = meter();
      if (!current || (current === fed && Date.now() - fedAt < intervalMs)) return;
      const sample = this.sample();
      try {
        for (const key of Object.keys(PROCESS_METRICS) as ProcessMetricKey[]) {
          current.createGauge(PROCESS_METRICS[key], 'float', '', HELP[key]).set(sample[key]);
        }
        fed = current;
        fedAt = Date.now();
      } catch {
        // the runtime is closing: the next one is fed at a later tick
      }
    };
    tick();
    const timer = setInterval(tick, Math.min(1_000, intervalMs));
    timer.unref();
    return () => clearInterval(timer);
  }

  stop(): void {
    this.#delay.disable();
  }
}
