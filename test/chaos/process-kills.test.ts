import { strict as assert } from 'node:assert';
import { billingChargeId } from '../../src/ids.js';
import { seedSubscriptions } from '../../src/embedded/seed-subscriptions.js';
import { AMOUNT_PENDING } from '../../src/simulator/triggers.js';
import { waitFor } from '../../src/embedded/wait-for.js';
import { startRig, type Rig } from './rig.js';

const DATE = '2026-11-25';

/**
 * Real crashes: the worker and the webhook are separate OS processes killed with SIGKILL, the Temporal dev server
 * is SIGKILLed and restarted on its SQLite file. The simulator's ledger is the judge: one debit per charge.
 */
describe('real process kills (SIGKILL) never charge twice and never lose a charge', function () {
  this.timeout(180_000);
  let rig: Rig;
  before(async () => {
    rig = await startRig({ simulator: { pendingCompleteAfterMs: 'manual' } });
  });
  afterEach(async () => {
    rig.simulator.faults.reset();
    // Every test leaves the processes running for the next one.
    await rig.server.restart();
    await rig.webhook.start();
    for (const w of rig.workers) await w.start();
  });
  after(async () => {
    await rig?.stop();
  });

  const debits = (chargeId: string) =>
    rig.simulator.ledger
      .entriesFor(`c.${chargeId}.`)
      .filter((e) => e.type === 'DEBIT' || e.type === 'PREAUTHORIZE');
  const committed = (chargeId: string) => () =>
    Promise.resolve(debits(chargeId).length > 0 ? true : undefined);
  const worker = () => rig.workers[0]!;

  it('a worker killed mid-debit of a direct charge: the replacement adopts the committed debit', async () => {
    const customerId = await rig.seedCustomer();
    const chargeId = rig.uid('kd');
    // The gateway commits the debit, then holds the reply: the worker dies with the call in flight.
    rig.simulator.faults.script([{ fault: 'reply-delay', operation: 'debit', delayMs: 20_000 }]);
    const handle = await rig.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 2100,
      currency: 'EUR',
      initiator: 'merchant',
    });
    await waitFor(committed(chargeId));
    await worker().kill();
    await worker().start();
    const result = await handle.result();
    assert.equal(result.status, 'succeeded');
    assert.equal(debits(chargeId).length, 1);
    assert.equal(result.uuid, debits(chargeId)[0]!.uuid);
  });

  it('a worker killed mid-debit of a billing child (local activity): every subscription charged once', async () => {
    const subs = await seedSubscriptions({
      store: rig.store,
      gateway: rig.gateway,
      prefix: rig.uid('k').slice(0, 10),
      count: 4,
      billingDate: DATE,
    });
    rig.simulator.faults.script([{ fault: 'reply-delay', operation: 'debit', delayMs: 20_000 }]);
    const handle = await rig.client.startBillingRun({
      runId: rig.uid('kb'),
      billingDate: DATE,
      filters: { customerIds: subs.map((s) => s.customerId) },
      concurrency: 4,
      childGatewayCalls: 'local',
    });
    const chargeIds = subs.map((s) => billingChargeId(s.subscriptionId, DATE));
    await waitFor(() => Promise.resolve(chargeIds.some((id) => debits(id).length > 0) ? true : undefined));
    await worker().kill();
    await worker().start();
    const result = await handle.result();
    assert.equal(result.succeeded, 4);
    for (const id of chargeIds) assert.equal(debits(id).length, 1, `${id}: one debit`);
  });

  it('a worker killed while a callback is in flight: the charge completes from the signal it missed', async () => {
    const customerId = await rig.seedCustomer();
    const chargeId = rig.uid('kc');
    const handle = await rig.client.startCharge({
      chargeId,
      customerId,
      amountMinor: AMOUNT_PENDING,
      currency: 'EUR',
      initiator: 'merchant',
      callbackWaitSeconds: 3600,
    });
    const state = await waitFor(async () => {
      const s = await handle.state();
      return s.phase === 'awaiting-callback' && s.uuid ? s : undefined;
    });
    await worker().kill();
    rig.simulator.completePending(state.uuid!);
    await rig.simulator.flushCallbacks();
    await worker().start();
    const result = await handle.result();
    assert.equal(result.status, 'succeeded');
    assert.equal(debits(chargeId).length, 1);
  });

  it('the Temporal server SIGKILLed and restarted on its stored state (dev server: SQLite file; cluster: PostgreSQL) in the middle of charges', async () => {
    const customerId = await rig.seedCustomer();
    const ids = Array.from({ length: 8 }, (_, i) => rig.uid(`ks${i}`));
    rig.simulator.faults.set({ latencyMs: 200 });
    const handles = await Promise.all(
      ids.map((chargeId, i) =>
        rig.client.startCharge({
          chargeId,
          customerId,
          amountMinor: i % 2 === 0 ? AMOUNT_PENDING : 1000 + i,
          currency: 'EUR',
          initiator: 'merchant',
          callbackWaitSeconds: 5,
        }),
      ),
    );
    await waitFor(() =>
      Promise.resolve(ids.filter((id) => debits(id).length > 0).length >= 2 ? true : undefined),
    );
    await rig.server.kill();
    await new Promise((r) => setTimeout(r, 1000));
    await rig.server.restart();
    rig.simulator.faults.reset();
    for (const id of ids) {
      const d = debits(id)[0];
      if (d?.status === 'PENDING') rig.simulator.completePending(d.uuid);
    }
    // Pending debits committed after the restart are completed as they appear.
    const completer = setInterval(() => {
      for (const id of ids)
        for (const d of debits(id)) if (d.status === 'PENDING') rig.simulator.completePending(d.uuid);
    }, 300);
    try {
      const results = await Promise.all(handles.map((h) => h.result()));
      assert.deepEqual(
        results.map((r) => r.status),
        ids.map(() => 'succeeded'),
      );
    } finally {
      clearInterval(completer);
    }
    for (const id of ids) assert.equal(debits(id).length, 1, `${id}: one debit`);
    assert.equal(rig.server.kills, 1);
  });

  it('the webhook killed: callbacks are redelivered when it is back, nothing is lost', async () => {
    const customerId = await rig.seedCustomer();
    const ids = Array.from({ length: 3 }, (_, i) => rig.uid(`kw${i}`));
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
    await waitFor(() => Promise.resolve(ids.every((id) => debits(id).length === 1) ? true : undefined));
    await rig.webhook.kill();
    for (const id of ids) rig.simulator.completePending(debits(id)[0]!.uuid);
    await new Promise((r) => setTimeout(r, 1500)); // deliveries fail meanwhile
    await rig.webhook.start();
    const results = await Promise.all(handles.map((h) => h.result()));
    assert.deepEqual(
      results.map((r) => r.status),
      ['succeeded', 'succeeded', 'succeeded'],
    );
    for (const id of ids) assert.equal(debits(id).length, 1);
  });
});
