/** The benchmark scenarios; each returns the same figures so the driver can compare them. */
import type { Stack } from '../../src/stack.js';
import type { SeededSubscription } from '../../src/seed-subscriptions.js';
import { selectToken } from '../../src/workflows/select-token.js';
import { summarizeProfile } from '../../src/activities/profiles.js';
import { RssSampler, pool, summarize, type LatencySummary } from '../stats.js';

export interface ScenarioResult {
  readonly scenario: string;
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly latency?: LatencySummary | undefined;
  readonly peakRssMb: number;
  readonly eventsPerCharge?: number | undefined;
  /** Gateway debits found in the simulator's ledger for this scenario (must equal count). */
  readonly ledgerDebits?: number | undefined;
}

type Log = (line: string) => void;

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

/** Average history length of a sample of workflows. */
async function sampleHistory(stack: Stack, workflowIds: readonly string[]): Promise<number> {
  const sample = workflowIds
    .filter((_, i) => i % Math.max(1, Math.floor(workflowIds.length / 50)) === 0)
    .slice(0, 50);
  let total = 0;
  for (const id of sample) total += (await stack.temporal.workflow.getHandle(id).describe()).historyLength;
  return sample.length ? total / sample.length : 0;
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
    taskQueue: 'bench-floor',
    workflowId,
    args: [n, concurrency],
  });
  const seconds = (Date.now() - started) / 1000;
  let events = 0;
  for await (const run of stack.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
    events += run.historyLength;
  return {
    scenario: 'floor',
    count: n,
    seconds,
    perSecond: n / seconds,
    peakRssMb: rss.stop(),
    eventsPerCharge: events / n,
  };
}

export async function runDirect(
  stack: Stack,
  subs: readonly SeededSubscription[],
  concurrency: number,
  log: Log,
): Promise<ScenarioResult> {
  log('direct: one chargeStoredProfile workflow per charge, started through the client API');
  const rss = new RssSampler();
  const latencies: number[] = [];
  const ids: string[] = [];
  const tick = progress('direct', subs.length);
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
    });
    const result = await handle.workflow.result();
    if (result.status !== 'succeeded')
      throw new Error(`direct charge ${i}: ${result.status} ${result.reason ?? ''}`);
    latencies.push(Date.now() - t);
    ids.push(handle.workflowId);
    tick(++done);
  });
  const seconds = (Date.now() - started) / 1000;
  return {
    scenario: 'direct',
    count: subs.length,
    seconds,
    perSecond: subs.length / seconds,
    latency: summarize(latencies),
    peakRssMb: rss.stop(),
    eventsPerCharge: await sampleHistory(stack, ids),
    ledgerDebits: debitsWithPrefix(stack, `c.dx${tag}-`),
  };
}

export async function runBilling(
  stack: Stack,
  billingDate: string,
  concurrency: number,
  n: number,
  log: Log,
): Promise<ScenarioResult> {
  log('billing: one billingRun over every due subscription');
  const rss = new RssSampler();
  const runId = `bench-${Date.now().toString(36)}`;
  const started = Date.now();
  const handle = await stack.client.startBillingRun({ runId, billingDate, concurrency, pageSize: 1000 });
  const tick = progress('billing', n);
  const result = handle.result();
  let finished = false;
  void result.finally(() => (finished = true));
  while (!finished) {
    const p = await stack.client.billingProgress(runId).catch(() => undefined);
    if (p) tick(Math.min(p.done, n - 1));
    await Promise.race([result, new Promise((r) => setTimeout(r, 1000))]);
  }
  const final = await result;
  tick(n);
  const seconds = (Date.now() - started) / 1000;
  if (final.succeeded !== n) log(`WARNING: billing succeeded ${final.succeeded} of ${n}`);
  const latencies: number[] = [];
  const children: string[] = [];
  let parentEvents = 0;
  for await (const wf of stack.temporal.workflow.list({ query: `BillingRunId = '${runId}'` })) {
    if (wf.type === 'billingRun') parentEvents += wf.historyLength;
    else if (wf.closeTime) {
      latencies.push(wf.closeTime.getTime() - wf.startTime.getTime());
      children.push(wf.workflowId);
    }
  }
  const childEvents = await sampleHistory(stack, children);
  return {
    scenario: 'billing',
    count: n,
    seconds,
    perSecond: n / seconds,
    latency: summarize(latencies),
    peakRssMb: rss.stop(),
    eventsPerCharge: childEvents + parentEvents / n,
    ledgerDebits: stack.simulator.ledger
      .entriesFor('c.bns')
      .filter((e) => e.type === 'DEBIT' && e.status === 'SUCCESS').length,
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
        taskQueue: 'bench-floor',
        workflowId,
        args: [2],
      });
      latencies.push(Date.now() - t);
      ids.push(workflowId);
      tick(++done);
    },
  );
  const seconds = (Date.now() - started) / 1000;
  return {
    scenario: 'floor-wf',
    count: n,
    seconds,
    perSecond: n / seconds,
    latency: summarize(latencies),
    peakRssMb: rss.stop(),
    eventsPerCharge: await sampleHistory(stack, ids),
  };
}
