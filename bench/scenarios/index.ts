/** The benchmark scenarios; each returns the same figures so the driver can compare them. */
import type { Stack } from '../../src/embedded/stack.js';
import type { SeededSubscription } from '../../src/embedded/seed-subscriptions.js';
import { selectToken } from '../../src/workflows/select-token.js';
import { summarizeProfile } from '../../src/activities/profiles.js';
import { RssSampler, pool, summarize, type LatencySummary } from '../stats.js';
import { countActions, sumCounts, type ActionCount } from '../actions.js';
import { FLOOR_TASK_QUEUE } from '../floor-queue.js';
import type { GatewayCallMode } from '../../src/contract/messages.js';

export interface ScenarioResult {
  readonly scenario: string;
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly latency?: LatencySummary | undefined;
  readonly peakRssMb: number;
  readonly eventsPerCharge?: number | undefined;
  /** Temporal Cloud actions per charge (bench/actions.ts), from the histories of a sample. */
  readonly actionsPerCharge?: number | undefined;
  readonly actionsByKind?: Readonly<Record<string, number>> | undefined;
  /** Filled in by the driver: worker processes, CPU ms per charge of workers and of the Temporal server. */
  readonly workers?: number | undefined;
  readonly workerCpuMsPerCharge?: number | undefined;
  readonly serverCpuMsPerCharge?: number | undefined;
  readonly driverCpuMsPerCharge?: number | undefined;
  /** Gateway debits found in the simulator's ledger for this scenario (must equal count). */
  readonly ledgerDebits?: number | undefined;
}

type Log = (line: string) => void;

/** The driver's hook at the end of each timed part (before histories are fetched), to read CPU counters. */
export const scenarioClock = { end: (): void => undefined };

function progress(label: string, total: number): (done: number) => void {
  let last = 0;
  return (done) => {
    if (done === total || Date.now() - last > 2000) {
      last = Date.now();
      process.stdout.write(`\r[bench] ${label}: ${done}/${total}   `);
      if (done === total) process.stdout.write('\n');
    }
  };
}

function debitsWithPrefix(stack: Stack, prefix: string): number {
  return stack.simulator.ledger.entriesFor(prefix).filter((e) => e.type === 'DEBIT' && e.status === 'SUCCESS')
    .length;
}

/** Every run of a workflow id (continue-as-new chains), actions and events summed. */
async function workflowCost(stack: Stack, workflowId: string): Promise<ActionCount> {
  const counts: ActionCount[] = [];
  for await (const run of stack.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    const history = await stack.temporal.workflow.getHandle(workflowId, run.runId).fetchHistory();
    counts.push(countActions(history.events ?? []));
  }
  return sumCounts(counts);
}

/** Average actions and events per workflow over a sample of up to 30 (full histories fetched). */
async function sampleCost(stack: Stack, workflowIds: readonly string[]): Promise<ActionCount> {
  const step = Math.max(1, Math.floor(workflowIds.length / 30));
  const sample = workflowIds.filter((_, i) => i % step === 0).slice(0, 30);
  const counts: ActionCount[] = [];
  for (const id of sample) {
    const history = await stack.temporal.workflow.getHandle(id).fetchHistory();
    counts.push(countActions(history.events ?? []));
  }
  const sum = sumCounts(counts);
  const k = Math.max(1, sample.length);
  return {
    actions: sum.actions / k,
    events: sum.events / k,
    byKind: Object.fromEntries(Object.entries(sum.byKind).map(([kind, v]) => [kind, v / k])),
  };
}

function costFields(c: ActionCount): Partial<ScenarioResult> {
  return { eventsPerCharge: c.events, actionsPerCharge: c.actions, actionsByKind: c.byKind };
}

export async function runPlain(
  stack: Stack,
  subs: readonly SeededSubscription[],
  concurrency: number,
  log: Log,
): Promise<ScenarioResult> {
  log('plain: fetch profile + select token + debit, straight through the gateway client');
  const rss = new RssSampler();
  const latencies: number[] = [];
  const tick = progress('plain', subs.length);
  let done = 0;
  const started = Date.now();
  await pool(subs, concurrency, async (sub, i) => {
    const t = Date.now();
    const customer = await stack.store.requireCustomer(sub.customerId);
    const profile = summarizeProfile(
      await stack.gateway.getProfile({ customerIdentification: customer.customerIdentification }),
    );
    const choice = selectToken(profile.instruments, new Date());
    if (!choice.ok) throw new Error(choice.reason);
    const reply = await stack.gateway.debit({
      merchantTransactionId: `bench.plain.${i}`,
      amount: sub.amountMinor,
      currency: 'EUR',
      transactionToken: choice.instrument.paymentToken,
      transactionIndicator: 'RECURRING',
    });
    if (reply.returnType !== 'FINISHED') throw new Error(`plain debit ${i}: ${reply.returnType}`);
    latencies.push(Date.now() - t);
    tick(++done);
  });
  const seconds = (Date.now() - started) / 1000;
  scenarioClock.end();
  return {
    scenario: 'plain',
    count: subs.length,
    seconds,
    perSecond: subs.length / seconds,
    latency: summarize(latencies),
    peakRssMb: rss.stop(),
    ledgerDebits: debitsWithPrefix(stack, 'bench.plain.'),
  };
}

export async function runFloor(
  stack: Stack,
  n: number,
  concurrency: number,
  log: Log,
): Promise<ScenarioResult> {
  log('floor: one workflow, the same number of no-op activities, sliding window + continue-as-new');
  const rss = new RssSampler();
  const started = Date.now();
  const workflowId = `bench-floor-${Date.now().toString(36)}`;
  await stack.temporal.workflow.execute('temporalFloor', {
    taskQueue: FLOOR_TASK_QUEUE,
    workflowId,
    args: [n, concurrency],
  });
  const seconds = (Date.now() - started) / 1000;
  scenarioClock.end();
  const cost = await workflowCost(stack, workflowId);
  return {
    scenario: 'floor',
    count: n,
    seconds,
    perSecond: n / seconds,
    peakRssMb: rss.stop(),
    eventsPerCharge: cost.events / n,
    actionsPerCharge: cost.actions / n,
  };
}

export async function runDirect(
  stack: Stack,
  subs: readonly SeededSubscription[],
  concurrency: number,
  log: Log,
  gatewayCalls: GatewayCallMode = 'activities',
): Promise<ScenarioResult> {
  const scenario = gatewayCalls === 'local' ? 'direct-local' : 'direct';
  log(`${scenario}: one chargeStoredProfile workflow per charge (gateway calls as ${gatewayCalls})`);
  const rss = new RssSampler();
  const latencies: number[] = [];
  const ids: string[] = [];
  const tick = progress(scenario, subs.length);
  let done = 0;
  const tag = Date.now().toString(36);
  const started = Date.now();
  await pool(subs, concurrency, async (sub, i) => {
    const t = Date.now();
    const handle = await stack.client.startCharge({
      chargeId: `dx${tag}-${i}`,
      customerId: sub.customerId,
      amountMinor: sub.amountMinor,
      currency: 'EUR',
      initiator: 'merchant',
      recurring: true,
      gatewayCalls,
    });
    const result = await handle.workflow.result();
    if (result.status !== 'succeeded')
      throw new Error(`direct charge ${i}: ${result.status} ${result.reason ?? ''}`);
    latencies.push(Date.now() - t);
    ids.push(handle.workflowId);
    tick(++done);
  });
  const seconds = (Date.now() - started) / 1000;
  scenarioClock.end();
  return {
    scenario,
    count: subs.length,
    seconds,
    perSecond: subs.length / seconds,
    latency: summarize(latencies),
    peakRssMb: rss.stop(),
    ...costFields(await sampleCost(stack, ids)),
    ledgerDebits: debitsWithPrefix(stack, `c.dx${tag}-`),
  };
}

export async function runBilling(
  stack: Stack,
  billingDate: string,
  concurrency: number,
  n: number,
  log: Log,
  childGatewayCalls: GatewayCallMode = 'local',
): Promise<ScenarioResult> {
  const scenario = childGatewayCalls === 'local' ? 'billing' : 'billing-activities';
  log(
    `${scenario}: one billingRun over every due subscription (children's gateway calls as ${childGatewayCalls})`,
  );
  const rss = new RssSampler();
  const runId = `bench-${Date.now().toString(36)}`;
  const started = Date.now();
  const handle = await stack.client.startBillingRun({
    runId,
    billingDate,
    concurrency,
    pageSize: 1000,
    childGatewayCalls,
  });
  const tick = progress(scenario, n);
  const result = handle.result();
  let finished = false;
  void result.finally(() => (finished = true));
  while (!finished) {
    // a query each 2 s (an action on Temporal Cloud, not part of the figures below)
    const p = await stack.client.billingProgress(runId).catch(() => undefined);
    if (p) tick(Math.min(p.done, n - 1));
    await Promise.race([result, new Promise((r) => setTimeout(r, 2000))]);
  }
  const final = await result;
  tick(n);
  const seconds = (Date.now() - started) / 1000;
  scenarioClock.end();
  if (final.succeeded !== n) log(`WARNING: billing succeeded ${final.succeeded} of ${n}`);
  const latencies: number[] = [];
  const children: string[] = [];
  const parents: ActionCount[] = [];
  for await (const wf of stack.temporal.workflow.list({ query: `BillingRunId = '${runId}'` })) {
    if (wf.type === 'billingRun') {
      const history = await stack.temporal.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
      parents.push(countActions(history.events ?? []));
    } else if (wf.closeTime) {
      latencies.push(wf.closeTime.getTime() - wf.startTime.getTime());
      children.push(wf.workflowId);
    }
  }
  const child = await sampleCost(stack, children);
  const parent = sumCounts(parents);
  const byKind: Record<string, number> = { ...child.byKind };
  for (const [k, v] of Object.entries(parent.byKind)) byKind[k] = (byKind[k] ?? 0) + v / n;
  return {
    scenario,
    count: n,
    seconds,
    perSecond: n / seconds,
    latency: summarize(latencies),
    peakRssMb: rss.stop(),
    eventsPerCharge: child.events + parent.events / n,
    actionsPerCharge: child.actions + parent.actions / n,
    actionsByKind: byKind,
    ledgerDebits: final.succeeded,
  };
}

export async function runFloorWorkflows(
  stack: Stack,
  n: number,
  concurrency: number,
  log: Log,
): Promise<ScenarioResult> {
  log(
    'floor-wf: one no-op workflow per charge with the same two activities (fetch profile, debit), no gateway',
  );
  const rss = new RssSampler();
  const latencies: number[] = [];
  const ids: string[] = [];
  const tick = progress('floor-wf', n);
  let done = 0;
  const tag = Date.now().toString(36);
  const started = Date.now();
  await pool(
    Array.from({ length: n }, (_, i) => i),
    concurrency,
    async (i) => {
      const t = Date.now();
      const workflowId = `bench-floor-wf-${tag}-${i}`;
      await stack.temporal.workflow.execute('noopCharge', {
        taskQueue: FLOOR_TASK_QUEUE,
        workflowId,
        args: [2],
      });
      latencies.push(Date.now() - t);
      ids.push(workflowId);
      tick(++done);
    },
  );
  const seconds = (Date.now() - started) / 1000;
  scenarioClock.end();
  return {
    scenario: 'floor-wf',
    count: n,
    seconds,
    perSecond: n / seconds,
    latency: summarize(latencies),
    peakRssMb: rss.stop(),
    ...costFields(await sampleCost(stack, ids)),
  };
}
