/**
 * The chaos soak: N charges of every kind plus a billing run, while worker processes are SIGKILLed every few
 * seconds, the Temporal server is SIGKILLed and restarted on its SQLite file, the webhook is killed, and the
 * simulator injects 5xx, 429, ambiguous commits, late settles and dropped, duplicated and out-of-order callbacks.
 * At the end the simulator's ledger judges every charge; the invariants must all be 0.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { samplePeakRss, type PeakRss } from './peak-rss.js';
import type { ChargeResult } from '../../src/contract/domain.js';
import { billingChargeId } from '../../src/ids.js';
import { seedSubscriptions, type SeededSubscription } from '../../src/embedded/seed-subscriptions.js';
import { AMOUNT_PENDING } from '../../src/simulator/triggers.js';
import type { ChargeStatusView } from '../../src/client/payments-client.js';
import type { LedgerEntry } from '../../src/simulator/index.js';
import { chargeMoney, entriesByCharge } from './ledger-invariants.js';
import { startRig, type Rig } from './rig.js';

export interface SoakOptions {
  /** Direct charges (default 1,000). */
  readonly n: number;
  /** Subscriptions in the billing run (default = n). */
  readonly subscriptions: number;
  readonly workers: number;
  /** Worker SIGKILLs: one every killEveryMs ± half. */
  readonly killEveryMs: number;
  /** Temporal server SIGKILL + restart, spread over the run. */
  readonly serverKills: number;
  readonly webhookKills: number;
  /** Charges being started at once. */
  readonly concurrency: number;
  readonly seed: number;
  readonly log: (line: string) => void;
}

export const SOAK_DEFAULTS: SoakOptions = {
  n: 1000,
  subscriptions: 1000,
  workers: 2,
  killEveryMs: 4000,
  serverKills: 2,
  webhookKills: 2,
  concurrency: 40,
  seed: 7,
  log: (line) => console.log(line),
};

export interface Invariant {
  readonly name: string;
  readonly count: number;
  readonly examples: readonly string[];
}

export interface SoakReport {
  readonly charges: number;
  readonly subscriptions: number;
  readonly seconds: number;
  readonly outcomes: Record<string, number>;
  readonly kills: { readonly workers: number; readonly server: number; readonly webhook: number };
  readonly chargebacks: number;
  readonly lateSettles: number;
  readonly extraDebitsReversed: number;
  /** From the gateway sending a chargeback (or reversal) to the follow-up recording it (its visible status). */
  readonly eventToStatusMs: { readonly n: number; readonly p50: number; readonly p99: number };
  /** Follow-up workflows still running at the end. */
  readonly openFollowUps: number;
  /** Peak resident memory (MiB) of each process, by role. */
  readonly peakRssMiB?: PeakRss | undefined;
  readonly invariants: readonly Invariant[];
}

const DATE = '2026-11-25';
const LATER = '2027-06-01';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries a call while the Temporal server is down or restarting. */
async function persist<T>(what: () => Promise<T>, attempts = 600): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await what();
    } catch (err) {
      const name = (err as Error).name;
      if (i >= attempts || name === 'IdempotencyConflictError' || name === 'InvalidRequestError') throw err;
      await sleep(500);
    }
  }
}

interface Planned {
  readonly chargeId: string;
  readonly customerId: string;
  readonly amountMinor: number;
  readonly kind: string;
  readonly extra: Record<string, unknown>;
}

function plan(
  customers: readonly SeededSubscription[],
  random: () => number,
  uid: (p: string) => string,
): Planned[] {
  return customers.map((c, i) => {
    const r = random();
    const chargeId = uid(`s${i}`);
    const base = { chargeId, customerId: c.customerId };
    if (r < 0.5) return { ...base, kind: 'success', amountMinor: 1000 + (i % 500), extra: {} };
    if (r < 0.6)
      return { ...base, kind: 'pending', amountMinor: AMOUNT_PENDING, extra: { callbackWaitSeconds: 3 } };
    if (r < 0.65)
      return {
        ...base,
        kind: 'pending-short',
        amountMinor: AMOUNT_PENDING,
        extra: { callbackWaitSeconds: 1, maxWaitSeconds: 1 },
      };
    if (r < 0.75)
      return {
        ...base,
        kind: 'soft-decline',
        amountMinor: 2006,
        extra: { dunning: { retryDelaysSeconds: [1, 2] } },
      };
    if (r < 0.82) return { ...base, kind: 'hard-decline', amountMinor: 2016, extra: {} };
    if (r < 0.9) return { ...base, kind: 'transient', amountMinor: 3003, extra: {} };
    return {
      ...base,
      kind: 'preauth',
      amountMinor: 1500 + (i % 100),
      extra: { mode: 'preauthorize', authorizationHoldSeconds: 2 },
    };
  });
}

export async function runSoak(partial: Partial<SoakOptions> = {}): Promise<SoakReport> {
  const o: SoakOptions = {
    ...SOAK_DEFAULTS,
    subscriptions: partial.n ?? SOAK_DEFAULTS.subscriptions,
    ...partial,
  };
  const random = prng(o.seed);
  const started = Date.now();
  const memory = samplePeakRss();
  const rig = await startRig({
    workers: o.workers,
    simulator: { pendingCompleteAfterMs: 1500, callbackRetry: { initialMs: 200, maxMs: 3000 }, seed: o.seed },
  });
  try {
    const report = await soak(rig, o, random, started);
    return { ...report, peakRssMiB: memory.stop() };
  } finally {
    await rig.stop();
  }
}

async function soak(rig: Rig, o: SoakOptions, random: () => number, started: number): Promise<SoakReport> {
  const log = o.log;
  log(`seeding ${o.n} customers for direct charges and ${o.subscriptions} subscriptions…`);
  const prefix = rig.uid('k').slice(0, 8);
  const chargeCustomers = await seedSubscriptions({
    store: rig.store,
    gateway: rig.gateway,
    prefix: `${prefix}c`,
    count: o.n,
    billingDate: LATER,
  });
  const subs = await seedSubscriptions({
    store: rig.store,
    gateway: rig.gateway,
    prefix: `${prefix}s`,
    count: o.subscriptions,
    billingDate: DATE,
    amountFor: (i) => (i % 20 === 3 ? 2006 : i % 20 === 7 ? 2016 : 900 + (i % 300)),
  });
  const planned = plan(chargeCustomers, random, rig.uid);

  rig.simulator.faults.set({
    latencyMs: 10,
    latencyJitterMs: 30,
    rate5xx: 0.03,
    rate429: 0.02,
    retryAfterSeconds: 1,
    ambiguousRate: 0.03,
    callbackDropRate: 0.05,
    callbackDuplicateRate: 0.05,
    callbackOutOfOrderRate: 0.05,
    callbackHoldMs: 1500,
    lateSettleRate: 0.04,
    lateSettleAfterMs: 2500,
  });

  // Chaos: worker SIGKILLs all along; server and webhook kills spread over the run.
  const kills = { workers: 0, server: 0, webhook: 0 };
  let progress = 0;
  const total = o.n + o.subscriptions;
  let directDone = 0;
  let chaosOn = true;
  const serverKillAt = Array.from({ length: o.serverKills }, (_, i) => (i + 1) / (o.serverKills + 1));
  const webhookKillAt = Array.from({ length: o.webhookKills }, (_, i) => (i + 0.5) / (o.webhookKills + 1));
  // Worker SIGKILLs all along, in a loop of their own.
  const workerChaos = (async () => {
    while (chaosOn) {
      await sleep(o.killEveryMs * (0.5 + random()));
      if (!chaosOn) break;
      const w = rig.workers[Math.floor(random() * rig.workers.length)]!;
      await w.kill();
      kills.workers++;
      await sleep(300 + random() * 1500);
      await w.start();
    }
  })();
  // Server and webhook kills, spread over the direct charges' progress (all done by their end).
  const infraChaos = (async () => {
    while (chaosOn && (serverKillAt.length > 0 || webhookKillAt.length > 0)) {
      await sleep(1000);
      const share = o.n === 0 ? 1 : directDone / o.n;
      if (serverKillAt.length > 0 && share >= serverKillAt[0]!) {
        serverKillAt.shift();
        log(`chaos: SIGKILL temporal server (direct charges ${(share * 100).toFixed(0)}% done)`);
        await rig.server.kill();
        kills.server++;
        await sleep(1000 + random() * 2000);
        await rig.server.restart();
        await sleep(5000); // let the workers reconnect before the next blow
      } else if (webhookKillAt.length > 0 && share >= webhookKillAt[0]!) {
        webhookKillAt.shift();
        log('chaos: SIGKILL webhook');
        await rig.webhook.kill();
        kills.webhook++;
        await sleep(500 + random() * 2000);
        await rig.webhook.start();
      }
    }
  })();
  const chaos = Promise.all([workerChaos, infraChaos]);

  // The billing run, started first so it overlaps the direct charges.
  const runId = rig.uid('soak');
  const run = await persist(() =>
    rig.client.startBillingRun({
      runId,
      billingDate: DATE,
      filters: { customerIds: subs.map((s) => s.customerId) },
      concurrency: 50,
      pageSize: 200,
      childrenPerRun: 300,
      dunningDelaysSeconds: [1, 2],
      callbackWaitSeconds: 3,
      childCheckSeconds: 30,
    }),
  );
  const runDone = persist(() => run.result());

  // Direct charges: started in a window, each start repeated once (a duplicate start attaches).
  const results = new Map<string, ChargeResult>();
  let next = 0;
  const starters = Array.from({ length: o.concurrency }, async () => {
    for (let i = next++; i < planned.length; i = next++) {
      const p = planned[i]!;
      const request = {
        chargeId: p.chargeId,
        customerId: p.customerId,
        amountMinor: p.amountMinor,
        currency: 'EUR' as const,
        initiator: 'merchant' as const,
        ...p.extra,
      };
      const handle = await persist(() => rig.client.startCharge(request));
      if (i % 10 === 0) await persist(() => rig.client.startCharge(request));
      results.set(
        p.chargeId,
        await persist(() => (handle.workflow as WorkflowHandle).result() as Promise<ChargeResult>),
      );
      progress++;
      directDone++;
      if (progress % 100 === 0) log(`progress: ${progress}/${total} charges done`);
    }
  });
  await Promise.all(starters);
  // Kills still scheduled happen now, while the billing run goes on.
  while (serverKillAt.length > 0 || webhookKillAt.length > 0) await sleep(500);
  log('direct charges done; chargebacks on some of the successes…');

  // Chargebacks (and some reversals) on succeeded charges, while the chaos goes on.
  const chargebacks: { chargeId: string; uuid: string; sentAt: number }[] = [];
  for (const [chargeId, r] of results) {
    if (r.status !== 'succeeded' || r.merchantTransactionId === undefined || random() > 0.06) continue;
    if (planned.find((p) => p.chargeId === chargeId)?.kind === 'preauth') continue;
    try {
      const cb = rig.simulator.events.chargeback({
        merchantTransactionId: r.merchantTransactionId,
        reason: 'soak',
      });
      chargebacks.push({ chargeId, uuid: cb.uuid, sentAt: Date.now() });
      if (random() < 0.3) {
        const rev = rig.simulator.events.chargebackReversal({ chargebackUuid: cb.uuid });
        chargebacks.push({ chargeId, uuid: rev.uuid, sentAt: Date.now() });
      }
    } catch (err) {
      log(`chargeback of ${chargeId} refused: ${(err as Error).message}`);
    }
  }

  // The billing run goes on after the direct charges: its own progress, every 30 s (a query; none while the
  // server is down).
  const billingTicker = setInterval(() => {
    rig.client.billingProgress(runId).then(
      (p) =>
        log(
          `billing run: ${p.done}/${o.subscriptions} done, ${p.inFlight} in flight, ${p.inDunning} in dunning`,
        ),
      () => undefined,
    );
  }, 30_000);
  const runResult = await runDone.finally(() => clearInterval(billingTicker));
  progress += o.subscriptions;
  log(
    `billing run done: ${runResult.succeeded} paid, ${runResult.declined} declined, ${runResult.failed} failed`,
  );
  chaosOn = false;
  await chaos;
  for (const w of rig.workers) await w.start();
  await rig.webhook.start();
  await rig.server.restart();

  // Quiet down: no new faults; late settles settle, callbacks are delivered, follow-ups record them.
  rig.simulator.faults.reset();
  log('settling: waiting for late settles, callbacks and follow-ups…');
  const deadline = Date.now() + 180_000;
  const billingIds = subs.map((s) => billingChargeId(s.subscriptionId, DATE));
  const allIds = [...planned.map((p) => p.chargeId), ...billingIds];
  let invariants: Invariant[] = [];
  for (;;) {
    await rig.simulator.flushCallbacks();
    const awaiting = rig.simulator.ledger.summary().charges.reduce((a, c) => a + c.awaitingSettle, 0);
    invariants = await check(rig, allIds, chargebacks);
    const bad = invariants.reduce((a, i) => a + i.count, 0);
    if ((awaiting === 0 && bad === 0) || Date.now() > deadline) break;
    await sleep(3000);
  }

  const eventToStatusMs = await eventLatencies(rig, chargebacks);
  let openFollowUps = 0;
  for await (const _ of rig.client.temporal.workflow.list({
    query: 'WorkflowType = "chargeFollowUp" AND ExecutionStatus = "Running"',
  }))
    openFollowUps++;
  const outcomes: Record<string, number> = {};
  for (const r of results.values()) outcomes[r.status] = (outcomes[r.status] ?? 0) + 1;
  const entries = rig.simulator.ledger.committed();
  return {
    charges: o.n,
    subscriptions: o.subscriptions,
    seconds: Math.round((Date.now() - started) / 1000),
    outcomes,
    kills: { workers: kills.workers, server: rig.server.kills, webhook: kills.webhook },
    chargebacks: chargebacks.length,
    eventToStatusMs,
    openFollowUps,
    lateSettles: entries.filter((e) => e.lateSettle).length,
    extraDebitsReversed: extraDebitsReversed(entries, allIds),
    invariants,
  };
}

/** The charges' own reversals of their extra debits (each `xr<n>` that fully reversed a debit of its charge). */
function extraDebitsReversed(entries: readonly LedgerEntry[], chargeIds: readonly string[]): number {
  const byCharge = entriesByCharge(entries);
  return chargeIds.reduce((n, id) => n + chargeMoney(byCharge.get(id) ?? []).reversals.length, 0);
}

const PAID = new Set([
  'succeeded',
  'succeeded-late',
  'charged-back',
  'chargeback-reversed',
  'refunded',
  'partially-refunded',
]);

/** The invariants, judged by the simulator's ledger against what each charge says. */
/** p50/p99 of (recordedAt in the follow-up − time the simulator sent the event), over recorded events. */
async function eventLatencies(
  rig: Rig,
  chargebacks: readonly { chargeId: string; uuid: string; sentAt: number }[],
): Promise<SoakReport['eventToStatusMs']> {
  const ms: number[] = [];
  for (const cb of chargebacks) {
    const f = await rig.client.followUp(cb.chargeId).catch(() => undefined);
    const e = f?.events.find((x) => x.uuid === cb.uuid);
    if (e) ms.push(Math.max(0, Date.parse(e.recordedAt) - cb.sentAt));
  }
  ms.sort((a, b) => a - b);
  const at = (q: number): number => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0;
  return { n: ms.length, p50: at(0.5), p99: at(0.99) };
}

async function check(
  rig: Rig,
  chargeIds: readonly string[],
  chargebacks: readonly { chargeId: string; uuid: string }[],
): Promise<Invariant[]> {
  const byCharge = entriesByCharge(rig.simulator.ledger.committed());
  const doubles: string[] = [];
  const chargedNotSaid: string[] = [];
  const successNoDebit: string[] = [];
  const noResult: string[] = [];
  const views = new Map<string, ChargeStatusView>();
  for (const chargeId of chargeIds) {
    const list = byCharge.get(chargeId) ?? [];
    const taken = list.filter((e) => e.charged).length;
    // Money kept (or held) from the customer: the charge's debits after its own reversals (xr refunds/voids).
    const money = chargeMoney(list);
    const kept = money.net.length;
    if (kept > 1) doubles.push(`${chargeId}:${money.net.map((d) => d.merchantTransactionId).join('+')}`);
    let view: ChargeStatusView | undefined;
    try {
      view = await rig.client.chargeStatus(chargeId);
      views.set(chargeId, view);
    } catch {
      view = undefined;
    }
    const final =
      view && (view.workflowStatus === 'COMPLETED' || (view.workflowStatus === 'RUNNING' && view.result));
    if (!view || !final) {
      noResult.push(chargeId);
      continue;
    }
    const status = view.status ?? view.result?.status ?? 'unknown';
    const voided = view.result?.voided === true;
    if (kept >= 1 && !PAID.has(status) && !(voided && taken === 0))
      chargedNotSaid.push(`${chargeId}:${status}`);
    if (PAID.has(status) && money.debits.length === 0) successNoDebit.push(`${chargeId}:${status}`);
  }
  const unrecorded: string[] = [];
  for (const cb of chargebacks) {
    const f =
      views.get(cb.chargeId)?.followUp ?? (await rig.client.followUp(cb.chargeId).catch(() => undefined));
    if (!f?.events.some((e) => e.uuid === cb.uuid)) unrecorded.push(`${cb.chargeId}:${cb.uuid}`);
  }
  const inv = (name: string, list: string[]): Invariant => ({
    name,
    count: list.length,
    examples: list.slice(0, 5),
  });
  return [
    inv("double debits (net of the charge's own reversals)", doubles),
    inv('customers charged whose charge does not say so', chargedNotSaid),
    inv('successes without a debit', successNoDebit),
    inv('charges without a final result', noResult),
    inv('chargebacks not recorded', unrecorded),
  ];
}

export function formatReport(r: SoakReport): string {
  const lines = [
    `| invariant | count |`,
    `| --- | --- |`,
    ...r.invariants.map(
      (i) => `| ${i.name} | ${i.count}${i.count ? ` (e.g. ${i.examples.join(', ')})` : ''} |`,
    ),
    '',
    `charges ${r.charges} + subscriptions ${r.subscriptions} in ${r.seconds} s; outcomes ${JSON.stringify(r.outcomes)}`,
    `kills: ${r.kills.workers} worker SIGKILLs, ${r.kills.server} server SIGKILLs + restarts, ${r.kills.webhook} webhook SIGKILLs`,
    `chargebacks/reversals sent ${r.chargebacks}; late settles ${r.lateSettles}; extra debits reversed ${r.extraDebitsReversed}`,
    `event to status (ms, n=${r.eventToStatusMs.n}): p50 ${r.eventToStatusMs.p50}, p99 ${r.eventToStatusMs.p99}; open follow-ups at the end ${r.openFollowUps}`,
    ...(r.peakRssMiB
      ? [
          `peak RSS (MiB): ${Object.entries(r.peakRssMiB)
            .map(([role, mib]) => `${role} ${mib}`)
            .join(', ')}`,
        ]
      : []),
  ];
  return lines.join('\n');
}
