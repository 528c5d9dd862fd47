import { strict as assert } from 'node:assert';
import type { ChargeResult } from '../../src/contract/domain.js';
import { billingChargeId, workflowIdFor } from '../../src/ids.js';
import { seedSubscriptions } from '../../src/embedded/seed-subscriptions.js';
import type { ScriptedFault } from '../../src/simulator/index.js';
import { chargeMoney } from './ledger-invariants.js';
import { startRig, type Rig } from './rig.js';

const DATE = '2026-11-25';

/**
 * A debit the gateway committed but history never recorded: with local gateway calls the worker is SIGKILLed
 * after it sent `d2` and before its workflow task completed, while `d1` (answered ERROR 3003) settles late.
 * The replacement worker sees `d1`'s success first. Whatever it adopts, the other debit must be reversed by the
 * charge: the ledger keeps one debit, the result says `double-debit-reversed`.
 */
describe('a debit sent by a worker killed before its workflow task completed is adopted or reversed', function () {
  this.timeout(240_000);
  let rig: Rig;
  before(async () => {
    rig = await startRig({ simulator: { pendingCompleteAfterMs: 'manual' } });
  });
  afterEach(async () => {
    rig.simulator.faults.reset();
    for (const w of rig.workers) await w.start();
  });
  after(async () => {
    await rig?.stop();
  });

  const worker = () => rig.workers[0]!;
  const mtid = (chargeId: string, step: string) => `c.${chargeId}.${step}`;

  /**
   * `d1` answers ERROR 3003 and settles only when the test says so; `d2` is committed (SUCCESS) and its reply
   * held, so the worker is killed with the local activity in flight. Optionally `d2`'s callback is lost for good.
   */
  const script = (chargeId: string, d2CallbackLost: boolean): void => {
    const steps: ScriptedFault[] = [
      {
        fault: 'late-settle',
        operation: 'debit',
        merchantTransactionId: mtid(chargeId, 'd1'),
        reply: 'error',
        errorCode: 3003,
        settleAfterMs: 3_600_000,
      },
      { fault: 'reply-hold', operation: 'debit', merchantTransactionId: mtid(chargeId, 'd2') },
    ];
    if (d2CallbackLost)
      steps.push({ fault: 'callback-lose', operation: 'DEBIT', merchantTransactionId: mtid(chargeId, 'd2') });
    rig.simulator.faults.script(steps);
  };

  /** Waits for the held `d2` reply, SIGKILLs the worker at once, lets `d1` settle, then starts a new worker. */
  const crashBetweenSendAndTaskCompletion = async (chargeId: string): Promise<void> => {
    const held = await rig.simulator.faults.waitForHeld();
    await worker().kill();
    assert.equal(held.merchantTransactionId, mtid(chargeId, 'd2'));
    const d2 = rig.simulator.ledger.byMerchantTransactionId(mtid(chargeId, 'd2'));
    assert.equal(d2?.status, 'SUCCESS', 'the gateway committed d2 before the worker died');
    rig.simulator.events.settleLate({ merchantTransactionId: mtid(chargeId, 'd1') });
    // d1's OK callback (and d2's, unless lost) reach the webhook and the workflow before a worker runs it again.
    await rig.simulator.flushCallbacks();
    await worker().start();
  };

  /** One debit kept, the other refunded by the charge under xr<n>, and the result says so. */
  const assertExtraReversed = (chargeId: string, result: ChargeResult): void => {
    const money = chargeMoney(rig.simulator.ledger.entriesFor(`c.${chargeId}.`));
    assert.deepEqual(
      money.debits.map((d) => d.merchantTransactionId).sort(),
      [mtid(chargeId, 'd1'), mtid(chargeId, 'd2')],
      'both d1 and d2 took money at the gateway',
    );
    assert.equal(result.status, 'succeeded');
    const kept = money.net.map((d) => d.merchantTransactionId).join(', ');
    assert.equal(money.net.length, 1, `net one debit at the gateway, not reversed: ${kept}`);
    const debit = money.net[0]!;
    const extra = money.debits.find((d) => d.uuid !== debit.uuid)!;
    assert.equal(result.uuid, debit.uuid, 'the result names the debit that was kept');
    assert.equal(result.merchantTransactionId, debit.merchantTransactionId);
    assert.deepEqual(result.flags, ['double-debit-reversed']);
    const [reversal, ...more] = result.extraDebits ?? [];
    assert.ok(reversal, 'the result lists the reversed debit in extraDebits');
    assert.equal(more.length, 0);
    assert.equal(reversal.uuid, extra.uuid);
    assert.equal(reversal.reversed, true);
    const xr = extra.merchantTransactionId.replace(/\.d(\d+)$/, '.xr$1');
    assert.equal(reversal.reversalMerchantTransactionId, xr);
    assert.deepEqual(
      money.reversals.map((r) => [r.merchantTransactionId, r.type, r.referenceUuid]),
      [[xr, 'REFUND', extra.uuid]],
    );
  };

  for (const d2CallbackLost of [false, true]) {
    const d2 = d2CallbackLost ? "d2's callback lost for good" : "d2's callback delivered";
    it(`a direct charge with local gateway calls (${d2}): net one debit, the extra one refunded`, async () => {
      const customerId = await rig.seedCustomer();
      const chargeId = rig.uid('od');
      script(chargeId, d2CallbackLost);
      const handle = await rig.client.startCharge({
        chargeId,
        customerId,
        amountMinor: 2400,
        currency: 'EUR',
        initiator: 'merchant',
        gatewayCalls: 'local',
      });
      await crashBetweenSendAndTaskCompletion(chargeId);
      // The workflow's own result: the charge's answer after its closing checks (reversals included).
      const result = await handle.workflow.result();
      assertExtraReversed(chargeId, result);
    });

    it(`a billing child (local gateway calls by default) (${d2}): net one debit, the extra one refunded`, async () => {
      const [sub] = await seedSubscriptions({
        store: rig.store,
        gateway: rig.gateway,
        prefix: rig.uid('o').slice(0, 10),
        count: 1,
        billingDate: DATE,
      });
      const chargeId = billingChargeId(sub!.subscriptionId, DATE);
      script(chargeId, d2CallbackLost);
      const run = await rig.client.startBillingRun({
        runId: rig.uid('ob'),
        billingDate: DATE,
        filters: { customerIds: [sub!.customerId] },
      });
      await crashBetweenSendAndTaskCompletion(chargeId);
      const runResult = await run.result();
      assert.equal(runResult.succeeded, 1);
      const result = (await rig.temporal.workflow
        .getHandle(workflowIdFor('charge', chargeId))
        .result()) as ChargeResult;
      assertExtraReversed(chargeId, result);
    });
  }
});
