/**
 * `npx tsx bench/tune.ts`: dev-server and worker settings of the embedded default, each measured against the
 * per-charge floor in the same stack: floor-wf, then direct charges, then the ratio. One fresh embedded stack
 * (dev server on a SQLite file, simulator, webhook, in-process worker) per setting. Never a test.
 * Options: --n 300 --concurrency 200 --latency-ms 100 --settings baseline,eager-activities,…
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { paymentsDataConverter } from '../src/codec/index.js';
import { seedSubscriptions } from '../src/embedded/seed-subscriptions.js';
import { startStack, type StackOptions } from '../src/embedded/stack.js';
import type { WorkerTuning } from '../src/worker.js';
import { FLOOR_TASK_QUEUE } from './floor-queue.js';
import { runDirect, runFloorWorkflows } from './scenarios/index.js';

interface Setting {
  readonly name: string;
  readonly dynamicConfig?: Readonly<Record<string, unknown>>;
  readonly logLevel?: StackOptions['devServerLogLevel'];
  readonly tuning?: WorkerTuning;
}

const ONE_PARTITION = { 'matching.numTaskqueueReadPartitions': 1, 'matching.numTaskqueueWritePartitions': 1 };
const EAGER_ACTIVITIES = { 'system.enableActivityEagerExecution': true };
const SETTINGS: readonly Setting[] = [
  { name: 'baseline' },
  { name: 'eager-activities', dynamicConfig: EAGER_ACTIVITIES },
  { name: 'one-partition', dynamicConfig: ONE_PARTITION },
  { name: 'eager+one-partition', dynamicConfig: { ...EAGER_ACTIVITIES, ...ONE_PARTITION } },
  { name: 'server-log-error', logLevel: 'error' },
  { name: 'pollers-2', tuning: { maxConcurrentWorkflowTaskPolls: 2, maxConcurrentActivityTaskPolls: 2 } },
  { name: 'pollers-20', tuning: { maxConcurrentWorkflowTaskPolls: 20, maxConcurrentActivityTaskPolls: 20 } },
  { name: 'wft-slots-400', tuning: { maxConcurrentWorkflowTaskExecutions: 400, maxCachedWorkflows: 5000 } },
  { name: 'wft-slots-20', tuning: { maxConcurrentWorkflowTaskExecutions: 20 } },
];

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '200' },
    'latency-ms': { type: 'string', default: '100' },
    settings: { type: 'string', default: SETTINGS.map((s) => s.name).join(',') },
  },
});
const n = Number(values.n);
const concurrency = Number(values.concurrency);
const latencyMs = Number(values['latency-ms']);
const chosen = values.settings.split(',').map((name) => {
  const combined = name.split('+').map((part) => SETTINGS.find((s) => s.name === part || s.name === name));
  if (combined.some((s) => !s)) throw new Error(`unknown setting ${name}`);
  const parts = combined as Setting[];
  return parts.reduce<Setting>(
    (acc, s) => ({
      name,
      dynamicConfig: { ...acc.dynamicConfig, ...s.dynamicConfig },
      ...((s.logLevel ?? acc.logLevel) ? { logLevel: s.logLevel ?? acc.logLevel } : {}),
      tuning: { ...acc.tuning, ...s.tuning },
    }),
    { name },
  );
});

Runtime.install({ logger: new DefaultLogger('WARN') });
const log = (line: string): void => console.log(`[tune ${new Date().toISOString().slice(11, 19)}] ${line}`);
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const floorBundle = await bundleWorkflowCode({
  workflowsPath: fileURLToPath(new URL('./floor-workflow.ts', import.meta.url)),
  logger: new DefaultLogger('WARN'),
});

interface Row {
  setting: string;
  floorWf: number;
  direct: number;
  ratio: number;
  directEvents: number | undefined;
  load: string;
}
const rows: Row[] = [];
for (const setting of chosen) {
  const dataDir = join('.data', `tune-${Date.now().toString(36)}`);
  log(`${setting.name}: ${JSON.stringify(setting)}; load ${load()}`);
  const stack = await startStack({
    dataDir,
    uiPort: false,
    simulator: { log: false },
    maxConcurrentActivityTaskExecutions: concurrency,
    devServerDynamicConfig: setting.dynamicConfig,
    devServerLogLevel: setting.logLevel,
    workerTuning: setting.tuning,
  });
  try {
    const seeded = await seedSubscriptions({
      store: stack.store,
      gateway: stack.gateway,
      prefix: 'tn',
      count: n,
      billingDate: '2099-01-01',
      concurrency: 64,
    });
    stack.simulator.faults.set({ latencyMs });
    const connection = await NativeConnection.connect({ address: stack.temporalAddress });
    const floorWorker = await Worker.create({
      connection,
      taskQueue: FLOOR_TASK_QUEUE,
      workflowBundle: floorBundle,
      activities: { noop: (i: number) => Promise.resolve(i) },
      dataConverter: paymentsDataConverter(stack.payloadKeys, 'development'),
      maxConcurrentActivityTaskExecutions: concurrency,
      ...setting.tuning,
    });
    // the payments worker idles while the floor runs, and the floor worker while charges run
    const floor = await floorWorker.runUntil(() => runFloorWorkflows(stack, n, concurrency, log));
    await connection.close();
    const direct = await runDirect(stack, seeded, concurrency, log);
    rows.push({
      setting: setting.name,
      floorWf: floor.perSecond,
      direct: direct.perSecond,
      ratio: direct.perSecond / floor.perSecond,
      directEvents: direct.eventsPerCharge,
      load: load(),
    });
    log(`${setting.name}: floor-wf ${floor.perSecond.toFixed(1)}/s, direct ${direct.perSecond.toFixed(1)}/s`);
  } finally {
    await stack.stop();
  }
}

const base = rows.find((r) => r.setting === 'baseline');
console.log(
  '\nsetting                      floor-wf/s  direct/s  direct ÷ floor-wf  direct vs baseline  load',
);
for (const r of rows)
  console.log(
    `${r.setting.padEnd(28)} ${r.floorWf.toFixed(1).padStart(10)} ${r.direct.toFixed(1).padStart(9)} ${r.ratio
      .toFixed(2)
      .padStart(18)} ${(base ? `${(r.direct / base.direct).toFixed(2)}x` : '-').padStart(19)}  ${r.load}`,
  );
mkdirSync(join('bench', 'results'), { recursive: true });
const file = join('bench', 'results', `tune-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ n, concurrency, latencyMs, rows }, null, 2)}\n`);
console.log(`written to ${file}`);
