/**
 * The test process's one SDK runtime (Runtime.install is process-global): the JSON logger, whose lines tests
 * can capture, and the worker's Prometheus endpoint on a free port. Installed by hooks.ts before any worker.
 */
import { JsonLogger } from '../../src/observability/logger.js';
import { freePort } from '../../src/embedded/free-port.js';

const listeners = new Set<(line: string) => void>();

/** INFO and up reach capturing tests; only errors are printed (worker noise stays out of test output). */
export const testLogger = new JsonLogger({
  level: 'INFO',
  sink: (line, level) => {
    for (const listener of listeners) listener(line);
    if (level === 'ERROR') process.stderr.write(`${line}\n`);
  },
});

/** Collects every log line written from now until stop(). */
export function captureLogs(): { readonly lines: string[]; stop(): void } {
  const lines: string[] = [];
  const listener = (line: string): void => void lines.push(line);
  listeners.add(listener);
  return { lines, stop: () => void listeners.delete(listener) };
}

export const metricsPort = await freePort();
export const metricsBindAddress = `127.0.0.1:${metricsPort}`;
export const metricsUrl = `http://${metricsBindAddress}/metrics`;
