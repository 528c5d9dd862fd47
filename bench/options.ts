/**
 * The bench's command line: parsed and checked before anything starts (no server, no seeding), so `--help`
 * prints the usage and a typo in a scenario name is an error, not a scenario silently left out.
 */
import { parseArgs } from 'node:util';
import { CONCERNS, parseWithout, type Concern } from './without.js';

export const SCENARIOS = [
  'plain',
  'floor',
  'floor-wf',
  'direct',
  'direct-local',
  'billing',
  'billing-activities',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const BENCH_USAGE = `Usage: npm run bench -- [options]

  --target embedded|cluster   embedded dev server (default) or a running cluster (TEMPORAL_ADDRESS)
  --workers 1,2               worker process counts to measure (default 1,2)
  --n 2000                    charges per scenario
  --concurrency 200           charges in flight
  --latency-ms 100            simulator latency per gateway call
  --scenarios LIST            comma-separated, from: ${SCENARIOS.join(', ')}
                              (default: plain,floor-wf,direct,direct-local,billing,billing-activities)
  --memory                    the dev server keeps its SQLite database in memory (default: a file)
  --log-level INFO            the workers' log level
  --traced                    the payment workers load the bundle with the OpenTelemetry workflow interceptors,
                              as a worker with tracing on does (default: without, as with tracing off)
  --profile                   V8 CPU profile of the workers over each timed part: .cpuprofile files and
                              self time per concern, ms per charge
  --without LIST              after each direct/billing scenario, run it again once per concern switched off
                              in the worker, from: ${CONCERNS.join(', ')}, all (every one at once)
  --help                      this text`;

export interface BenchOptions {
  readonly target: 'embedded' | 'cluster';
  readonly workerCounts: readonly number[];
  readonly n: number;
  readonly concurrency: number;
  readonly latencyMs: number;
  readonly scenarios: readonly Scenario[];
  readonly memory: boolean;
  readonly logLevel: string;
  readonly profile: boolean;
  readonly traced: boolean;
  /** Each entry one more run of the payment scenarios with these concerns switched off. */
  readonly without: readonly (readonly Concern[])[];
}

/** A command line the bench cannot run: print `message` and the usage, exit 2. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

const whole = (name: string, value: string, min: number): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min)
    throw new BenchUsageError(`--${name} must be a whole number ≥ ${min}`);
  return n;
};

/** `otel,codec,all` → [[otel], [codec], [every concern]]. */
function withoutRuns(list: string): Concern[][] {
  const names = list.split(',').filter((s) => s !== '');
  let single: Set<Concern>;
  try {
    single = parseWithout(names.filter((n) => n !== 'all').join(','));
  } catch (err) {
    throw new BenchUsageError(`--without: ${(err as Error).message}`);
  }
  return [...[...single].map((c) => [c]), ...(names.includes('all') ? [[...CONCERNS]] : [])];
}

/** undefined for --help. */
export function parseBenchArgs(args: readonly string[]): BenchOptions | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        target: { type: 'string', default: 'embedded' },
        workers: { type: 'string', default: '1,2' },
        n: { type: 'string', default: '2000' },
        concurrency: { type: 'string', default: '200' },
        'latency-ms': { type: 'string', default: '100' },
        scenarios: {
          type: 'string',
          default: 'plain,floor-wf,direct,direct-local,billing,billing-activities',
        },
        memory: { type: 'boolean', default: false },
        'log-level': { type: 'string', default: 'INFO' },
        profile: { type: 'boolean', default: false },
        traced: { type: 'boolean', default: false },
        without: { type: 'string', default: '' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    throw new BenchUsageError((err as Error).message);
  }
  if (values.help) return undefined;
  if (values.target !== 'embedded' && values.target !== 'cluster')
    throw new BenchUsageError('--target is embedded or cluster');
  const names = values.scenarios.split(',').filter((s) => s !== '');
  const unknown = names.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
  if (unknown.length > 0 || names.length === 0)
    throw new BenchUsageError(
      `unknown scenario ${unknown.join(', ') || '(none given)'}; known: ${SCENARIOS.join(', ')}`,
    );
  return {
    target: values.target,
    workerCounts: values.workers.split(',').map((w) => whole('workers', w, 1)),
    n: whole('n', values.n, 1),
    concurrency: whole('concurrency', values.concurrency, 1),
    latencyMs: whole('latency-ms', values['latency-ms'], 0),
    scenarios: SCENARIOS.filter((s) => names.includes(s)),
    memory: values.memory,
    logLevel: values['log-level'],
    profile: values.profile,
    traced: values.traced,
    without: withoutRuns(values.without),
  };
}
