import { strict as assert } from 'node:assert';
import { billingChargeId, followUpWorkflowId } from '../../src/ids.js';
import { seedSubscriptions } from '../../src/embedded/seed-subscriptions.js';
import type { LedgerEntry } from '../../src/simulator/index.js';
import { AMOUNT_PENDING } from '../../src/simulator/triggers.js';
import { waitFor } from '../../src/embedded/wait-for.js';
import { chargeEventSignal, type ChargeFollowUpState } from '../../src/contract/messages.js';
import { chargeMoney } from '../chaos/ledger-invariants.js';
import { RELEASE_B_MEMO } from './release-b/workflows.js';
import { startUpgradeRig, Timeline, type Release, type UpgradeRig } from './upgrade-rig.js';

const DATE = '2026-11-25';
const DECLINE_SOFT = 2006; // the simulator's "insufficient funds": a dunning retry follows

/**
 * Worker Deployment Versioning with money in flight, on real worker processes: release A runs charges waiting
 * in PENDING, a dunning billing child, an open follow-up and a billing run in mid fan-out; release B (the same
 * code with one patched workflow change) is deployed and made current. The simulator's ledger is the judge.
 */
describe('a rolling upgrade with charges in flight', function () {
  this.timeout(600_000);
  let rig: UpgradeRig;
  before(async () => {
    rig = await startUpgradeRig();
  });
  after(async () => {
    await rig?.stop();
  });

  const entries = (chargeId: string): LedgerEntry[] => rig.simulator.ledger.entriesFor(`c.${chargeId}.`);
  const completePendings = (chargeIds: readonly string[]): number => {
    let n = 0;
    for (const id of chargeIds)
      for (const e of entries(id))
        if (e.status === 'PENDING' && (e.type === 'DEBIT' || e.type === 'PREAUTHORIZE')) {
          rig.simulator.completePending(e.uuid);
          n++;
        }
    return n;
  };
  const memoOf = async (workflowId: string): Promise<Record<string, unknown> | undefined> =>
    (await rig.temporal.workflow.getHandle(workflowId).describe()).memo;
  const lastBuild = async (workflowId: string): Promise<string | undefined> =>
    (await rig.taskBuildIds(rig.temporal.workflow.getHandle(workflowId))).at(-1);
  const waitDrained = async (release: Release, timeline: Timeline): Promise<void> => {
    await waitFor(
      async () => ((await rig.versionState(release))?.status === 'drained' ? true : undefined),
      120_000,
    );
    timeline.mark(`server reports ${release.buildId} drained`);
  };

  it('pinned work finishes on A, A stops only once drained, new and auto-upgraded work runs on B', async () => {
    const t = new Timeline();
    const a = await rig.release('payments', '0.2.0+release-a', 'a');
    await rig.makeCurrent(a);
    t.mark(`release A (${a.buildId}) polling and current`);

    // The new release is deployed next to the old one first; work in flight is then started on A.
    const b = await rig.release('payments', '0.2.0+release-b', 'b');
    t.mark(`release B (${b.buildId}) deployed next to A: polling, not current (no task reaches it)`);
    for (const r of [a, b]) {
      const metrics = await (await fetch(r.metricsUrl)).text();
      const info = metrics.split('\n').find((l) => l.startsWith('ixopay_worker_build_info{')) ?? '';
      assert.ok(info.includes(`build_id="${r.buildId}"`) && info.endsWith(' 1'), `${r.buildId}: ${info}`);
      assert.ok(info.includes('deployment_name="payments"') && info.includes('versioning="on"'), info);
    }

    // Charges waiting in PENDING (the gateway completes them only when the test says so).
    const customerId = await rig.seedCustomer();
    const pendingIds = [0, 1, 2].map((i) => rig.uid(`pend${i}`));
    const pending = await Promise.all(
      pendingIds.map((chargeId) =>
        rig.client.startCharge({
          chargeId,
          customerId,
          amountMinor: AMOUNT_PENDING,
          currency: 'EUR',
          initiator: 'merchant',
          callbackWaitSeconds: 3600,
        }),
      ),
    );
    await waitFor(async () => {
      const states = await Promise.all(pending.map((h) => h.state()));
      return states.every((s) => s.phase === 'awaiting-callback') ? true : undefined;
    });
    t.mark('3 direct charges PENDING on A');

    // A billing run in mid fan-out: 6 subscriptions, 3 in flight at a time (a child in dunning frees its slot),
    // continue-as-new after every 2 children started (children carried across runs). Subscription 0 declines
    // softly and waits for its dunning retry.
    const subs = await seedSubscriptions({
      store: rig.store,
      gateway: rig.gateway,
      prefix: rig.uid('s').slice(0, 8),
      count: 6,
      billingDate: DATE,
      amountFor: (i) => (i === 0 ? DECLINE_SOFT : AMOUNT_PENDING),
    });
    const childIds = subs.map((s) => billingChargeId(s.subscriptionId, DATE));
    const run = await rig.client.startBillingRun({
      runId: rig.uid('run'),
      billingDate: DATE,
      filters: { customerIds: subs.map((s) => s.customerId) },
      concurrency: 3,
      childrenPerRun: 2,
      pageSize: 2,
      dunningDelaysSeconds: [30],
      callbackWaitSeconds: 3600,
    });
    const dunningChild = rig.client.charge(childIds[0]!);
    await waitFor(
      async () => ((await dunningChild.state()).phase === 'in-dunning' ? true : undefined),
      60_000,
    );
    await waitFor(() =>
      Promise.resolve(childIds.filter((id) => entries(id).length > 0).length === 4 ? true : undefined),
    );
    t.mark(
      'billing run mid fan-out on A: 4 of 6 children started (1 in dunning, 3 PENDING), 2 waiting for a slot',
    );

    // An open follow-up: a chargeback of a settled charge (its callback lost, handed over as the webhook does)
    // keeps it open for 30 s after its last event (in production: a day); B becomes current right after.
    const settledId = rig.uid('cb');
    // The settled debit's own callback is lost: arriving late, it would start a follow-up with the default idle
    // time (a day) that the chargeback below would join.
    rig.simulator.faults.script([
      { fault: 'callback-lose', operation: 'DEBIT', merchantTransactionId: `c.${settledId}.d1` },
    ]);
    const settled = await rig.client.chargeAndWait({
      chargeId: settledId,
      customerId,
      amountMinor: 1500,
      currency: 'EUR',
      initiator: 'merchant',
    });
    assert.equal(settled.status, 'succeeded');
    rig.simulator.faults.script([{ fault: 'callback-lose', operation: 'CHARGEBACK' }]);
    const cb = rig.simulator.events.chargeback({ merchantTransactionId: `c.${settledId}.d1` });
    const followUp = await rig.temporal.workflow.signalWithStart('chargeFollowUp', {
      workflowId: followUpWorkflowId(settledId),
      taskQueue: rig.taskQueue,
      args: [{ chargeId: settledId, idleCloseSeconds: 30 }],
      signal: chargeEventSignal,
      signalArgs: [
        {
          merchantTransactionId: `c.${settledId}.d1`,
          uuid: cb.uuid,
          result: 'OK',
          transactionType: 'CHARGEBACK',
          chargeback: { originalMerchantTransactionId: `c.${settledId}.d1`, amountMinor: 1500 },
        },
      ],
    });
    await waitFor(async () =>
      (await rig.client.followUp(settledId))?.status === 'charged-back' ? true : undefined,
    );
    t.mark('follow-up open on A (charged back, waiting for more events)');

    await rig.makeCurrent(b);
    t.mark('release B current; A draining');
    assert.equal((await rig.versionState(a))?.status, 'draining');
    // Watched from now on: the timeline shows when the server first reports A drained.
    const drainedA = waitDrained(a, t);
    drainedA.catch(() => undefined);

    // New work runs on B.
    const fresh = await rig.client.chargeAndWait({
      chargeId: rig.uid('new'),
      customerId,
      amountMinor: 1000,
      currency: 'EUR',
      initiator: 'merchant',
    });
    assert.equal(fresh.status, 'succeeded');
    t.mark('a new charge ran on B');

    // The gateway settles what was pending; the chargeback is reversed (through the webhook).
    completePendings(pendingIds);
    rig.simulator.events.chargebackReversal({ merchantTransactionId: `c.${settledId}.d1` });
    const completer = setInterval(() => completePendings(childIds), 300);
    try {
      const results = await Promise.all(pending.map((h) => h.result()));
      assert.deepEqual(
        results.map((r) => r.status),
        ['succeeded', 'succeeded', 'succeeded'],
      );
      t.mark('the 3 PENDING charges settled and finished');
      const runResult = await run.result();
      t.mark(`billing run finished: ${runResult.succeeded} succeeded, ${runResult.declined} declined`);
      assert.equal(runResult.done, 6);
    } finally {
      clearInterval(completer);
    }
    const closed = (await followUp.result()) as ChargeFollowUpState;
    t.mark(`follow-up closed: ${closed.status}`);
    assert.equal(closed.status, 'chargeback-reversed');

    // A is shut down only once the server says nothing pinned to it is open.
    assert.ok(a.worker.running, 'A still runs while it drains');
    await drainedA;
    await a.worker.stop();
    t.mark('release A shut down');

    // Pinned work finished where it began; auto-upgraded work finished on B, through B's patched change.
    // B, deployed but not yet current, got no task: what started before the switch ran on A.
    for (const id of [...pendingIds, childIds[0]!, settledId]) {
      assert.equal(await lastBuild(`charge-${id}`), a.buildId, `${id} finished on A`);
      assert.equal((await memoOf(`charge-${id}`))?.['endedOn'], undefined, `${id}: no release B code ran`);
    }
    const childBuilds = await Promise.all(childIds.map((id) => lastBuild(`charge-${id}`)));
    assert.ok(
      childBuilds.includes(b.buildId),
      `children started after the switch ran on B: ${childBuilds.join()}`,
    );
    for (const workflowId of [run.workflowId, followUp.workflowId]) {
      const builds = await rig.taskBuildIds(rig.temporal.workflow.getHandle(workflowId));
      assert.equal(builds[0], a.buildId, `${workflowId} began on A`);
      assert.equal(builds.at(-1), b.buildId, `${workflowId} finished on B`);
      assert.deepEqual((await memoOf(workflowId))?.['endedOn'], RELEASE_B_MEMO.endedOn);
    }

    // Every charge has one result, and the ledger shows one debit per succeeded charge, none for a declined one.
    const dunned = await dunningChild.result();
    assert.equal(dunned.status, 'declined');
    for (const id of [...pendingIds, settledId, ...childIds.slice(1)]) {
      assert.equal(chargeMoney(entries(id)).net.length, 1, `${id}: one debit kept`);
    }
    assert.equal(chargeMoney(entries(childIds[0]!)).debits.length, 0, 'the declined child took nothing');
    t.print('rolling upgrade A → B');
  });

  it('A killed (SIGKILL) before it drains: its pinned charges wait for an A worker and lose nothing', async () => {
    const t = new Timeline();
    const a = await rig.release('payments-k', '0.2.0+kill-a', 'a');
    await rig.makeCurrent(a);
    const customerId = await rig.seedCustomer();
    const ids = [0, 1].map((i) => rig.uid(`kp${i}`));
    const handles = await Promise.all(
      ids.map((chargeId) =>
        rig.client.startCharge({
          chargeId,
          customerId,
          amountMinor: AMOUNT_PENDING,
          currency: 'EUR',
          initiator: 'merchant',
          callbackWaitSeconds: 3600,
        }),
      ),
    );
    await waitFor(async () => {
      const states = await Promise.all(handles.map((h) => h.state()));
      return states.every((s) => s.phase === 'awaiting-callback') ? true : undefined;
    });
    t.mark('release A current, 2 charges PENDING on A');
    const b = await rig.release('payments-k', '0.2.0+kill-b', 'b');
    await rig.makeCurrent(b);
    t.mark('release B current');
    await a.worker.kill();
    const killedAt = t.mark('release A SIGKILLed while draining');

    completePendings(ids);
    await rig.simulator.flushCallbacks();
    t.mark('gateway settled both debits; callbacks delivered (signals accepted)');
    const fresh = await rig.client.chargeAndWait({
      chargeId: rig.uid('kn'),
      customerId,
      amountMinor: 1200,
      currency: 'EUR',
      initiator: 'merchant',
    });
    assert.equal(fresh.status, 'succeeded');
    t.mark('a new charge ran on B meanwhile');
    await new Promise((r) => setTimeout(r, 5000));
    for (const h of handles) {
      assert.equal((await h.workflow.describe()).status.name, 'RUNNING', `${h.chargeId} waits for A`);
    }
    assert.equal((await rig.versionState(a))?.status, 'draining');
    t.mark('5 s later: both still RUNNING, pinned to A; A still draining');

    const restarted = await rig.release('payments-k', a.buildId, 'a');
    t.mark('a new A worker started (same build id)');
    const results = await Promise.all(handles.map((h) => h.result()));
    const doneAt = t.mark('both pinned charges finished on A');
    assert.deepEqual(
      results.map((r) => r.status),
      ['succeeded', 'succeeded'],
    );
    for (const id of ids) {
      assert.equal(chargeMoney(entries(id)).net.length, 1, `${id}: one debit, none lost, none twice`);
      assert.equal(await lastBuild(`charge-${id}`), a.buildId);
    }
    await waitDrained(restarted, t);
    await restarted.worker.stop();
    t.mark('release A shut down');
    t.print(`A killed before draining: pinned work waited ${((doneAt - killedAt) / 1000).toFixed(1)} s`);
  });
});
