import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import type { ChargeResult } from '../../src/contract/domain.js';
import { billingChargeId, workflowIdFor } from '../../src/ids.js';
import { seedSubscriptions, type SeededSubscription } from '../../src/embedded/seed-subscriptions.js';
import { AMOUNT_PENDING } from '../../src/simulator/triggers.js';
import { waitFor } from '../../src/embedded/wait-for.js';
import type { chargeStoredProfile } from '../../src/workflows/index.js';
import { useTestStack } from '../helpers/stack.js';

const DATE = '2026-11-25';

describe('billing runs end for every subscription', function () {
  this.timeout(120_000);
  // PENDING debits stay pending until a test completes them: children that never end by themselves.
  const stack = useTestStack({ pendingCompleteAfterMs: 3_600_000 });

  const chargeIdOf = (sub: SeededSubscription) => billingChargeId(sub.subscriptionId, DATE);
  const debits = (sub: SeededSubscription) =>
    stack.simulator.ledger.entriesFor(`c.${chargeIdOf(sub)}.`).filter((e) => e.type === 'DEBIT');
  const seed = (count: number, amountFor?: (i: number) => number) =>
    seedSubscriptions({
      store: stack.store,
      gateway: stack.gateway,
      prefix: stack.uid('e').slice(0, 10),
      count,
      billingDate: DATE,
      ...(amountFor ? { amountFor } : {}),
    });
  const childHandle = (sub: SeededSubscription) =>
    stack.temporal.workflow.getHandle(workflowIdFor('charge', chargeIdOf(sub)));
  const reportItems = (path: string) =>
    (
      JSON.parse(readFileSync(path, 'utf8')) as {
        items: { chargeId: string; status: string; reason?: string }[];
      }
    ).items;

  it('counts a charge that already closed under the same id as already billed, with its amount, and never reruns it', async () => {
    const subs = await seed(3, (i) => 700 + i);
    const first = subs[0]!;
    // An earlier run's child, started as a billing run starts it (the client API refuses the billing id shape).
    const earlier = await stack.temporal.workflow.execute<typeof chargeStoredProfile>('chargeStoredProfile', {
      workflowId: workflowIdFor('charge', chargeIdOf(first)),
      taskQueue: stack.taskQueue,
      args: [
        {
          chargeId: chargeIdOf(first),
          customerId: first.customerId,
          amountMinor: first.amountMinor,
          currency: 'EUR',
          initiator: 'merchant',
          recurring: true,
          gatewayCalls: 'local',
        },
      ],
    });
    assert.equal(earlier.status, 'succeeded');
    const runIdBefore = (await childHandle(first).describe()).runId;

    const handle = await stack.client.startBillingRun({
      runId: stack.uid('ab'),
      billingDate: DATE,
      filters: { customerIds: subs.map((s) => s.customerId) },
    });
    const result = await handle.result();
    assert.equal(result.scheduled, 2);
    assert.equal(result.alreadyBilled, 1);
    assert.deepEqual(result.amountsAlreadyBilled, { EUR: first.amountMinor });
    assert.equal(result.succeeded, 2);
    assert.equal(
      (await childHandle(first).describe()).runId,
      runIdBefore,
      'the closed child was not run again',
    );
    for (const sub of subs) assert.equal(debits(sub).length, 1);
    const rows = reportItems(result.report!.json);
    assert.equal(rows.length, 3, 'every subscription has a row');
    assert.equal(rows.find((r) => r.chargeId === chargeIdOf(first))?.status, 'already-billed');
  });

  it('a run that dies leaves nothing stuck: a later run advances the subscription, the same runId starts again', async () => {
    const [sub] = await seed(1);
    stack.simulator.faults.script([{ fault: 'latency', operation: 'debit', delayMs: 2000 }]);
    const runId = stack.uid('dead');
    const handle = await stack.client.startBillingRun({
      runId,
      billingDate: DATE,
      filters: { customerIds: [sub!.customerId] },
    });
    await waitFor(async () => {
      try {
        return (await childHandle(sub!).describe()) ? true : undefined;
      } catch {
        return undefined;
      }
    }, 30_000);
    await handle.terminate('run lost');
    assert.equal(((await childHandle(sub!).result()) as ChargeResult).status, 'succeeded');
    assert.equal((await stack.store.requireSubscription(sub!.subscriptionId)).nextBillingDate, DATE);

    const later = await (
      await stack.client.startBillingRun({
        runId: stack.uid('later'),
        billingDate: DATE,
        filters: { customerIds: [sub!.customerId] },
      })
    ).result();
    assert.equal(later.alreadyBilled, 1);
    assert.equal((await stack.store.requireSubscription(sub!.subscriptionId)).nextBillingDate, '2026-12-25');
    assert.equal(debits(sub!).length, 1);

    // The dead run's id is not handed back dead: it runs again (and finds nothing left to bill).
    const again = await stack.client.startBillingRun({
      runId,
      billingDate: DATE,
      filters: { customerIds: [sub!.customerId] },
    });
    const rerun = await again.result();
    assert.equal(rerun.phase, 'done');
  });

  it('learns the end of a child that is terminated, from the child itself', async () => {
    const subs = await seed(3, (i) => (i === 1 ? AMOUNT_PENDING : 800 + i));
    const stuck = subs[1]!;
    const handle = await stack.client.startBillingRun({
      runId: stack.uid('term'),
      billingDate: DATE,
      filters: { customerIds: subs.map((s) => s.customerId) },
      callbackWaitSeconds: 3600,
    });
    await waitFor(() => Promise.resolve(debits(stuck).length === 1 ? true : undefined));
    await childHandle(stuck).terminate('operator stopped it');
    const result = await handle.result();
    assert.equal(result.done, 3);
    assert.equal(result.succeeded, 2);
    assert.equal(result.failed, 1);
    assert.equal(result.inFlight, 0);
    const row = reportItems(result.report!.json).find((r) => r.chargeId === chargeIdOf(stuck));
    assert.equal(row?.status, 'failed');
    assert.match(row?.reason ?? '', /terminated/i);
  });

  it('looks up children carried across continue-as-new that end without a word', async () => {
    const subs = await seed(3, (i) => (i === 0 ? AMOUNT_PENDING : 900 + i));
    const stuck = subs[0]!;
    const handle = await stack.client.startBillingRun({
      runId: stack.uid('carry'),
      billingDate: DATE,
      filters: { customerIds: subs.map((s) => s.customerId) },
      pageSize: 1,
      childrenPerRun: 1,
      childCheckSeconds: 1,
      callbackWaitSeconds: 3600,
    });
    await waitFor(async () => {
      const p = await stack.client
        .billingProgress(handle.workflowId.replace(/^billing-/, ''))
        .catch(() => undefined);
      return (p?.continuedAsNew ?? 0) >= 1 ? true : undefined;
    });
    await childHandle(stuck).terminate('operator stopped it');
    const result = await handle.result();
    assert.ok(result.continuedAsNew >= 1);
    assert.equal(result.done, 3);
    assert.equal(result.failed, 1);
    assert.equal(result.succeeded, 2);
  });

  it('a child in dunning carried across continue-as-new reports its end: the run does not wait for a look-up', async () => {
    // Subscription 0 declines softly (2006, insufficient funds), is retried 8 s later and declines again. The
    // run continues-as-new after each child started, so the last run carries child 0 (in dunning) and looks
    // carried children up only while some are in flight (child 1, settled at the first look-up after 5 s).
    const subs = await seed(2, (i) => (i === 0 ? 2006 : 950 + i));
    const handle = await stack.client.startBillingRun({
      runId: stack.uid('dun'),
      billingDate: DATE,
      filters: { customerIds: subs.map((s) => s.customerId) },
      pageSize: 1,
      childrenPerRun: 1,
      dunningDelaysSeconds: [8],
      // The next look-up without progress would come after an hour: the run must hear the end from the child.
      childCheckSeconds: 3600,
      callbackWaitSeconds: 3600,
    });
    const result = await handle.result();
    assert.ok(result.continuedAsNew >= 1);
    assert.equal(result.done, 2);
    assert.equal(result.declined, 1);
    assert.equal(result.succeeded, 1);
  });

  it('a charge that cannot signal its billing run still ends normally', async () => {
    const [sub] = await seed(1);
    const chargeId = chargeIdOf(sub!);
    const h = await stack.temporal.workflow.start('chargeStoredProfile', {
      taskQueue: stack.taskQueue,
      workflowId: workflowIdFor('charge', chargeId),
      args: [
        {
          chargeId,
          customerId: sub!.customerId,
          amountMinor: sub!.amountMinor,
          currency: 'EUR',
          initiator: 'merchant',
          recurring: true,
          gatewayCalls: 'local',
          reportTo: 'billing-no-such-run',
          billing: { runId: 'no-such-run', subscriptionId: sub!.subscriptionId, period: DATE },
        },
      ],
    });
    const result = (await h.result()) as { status: string };
    assert.equal(result.status, 'succeeded');
    assert.equal(debits(sub!).length, 1);
  });
});
