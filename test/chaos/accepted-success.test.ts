import { strict as assert } from 'node:assert';
import type { ChargeResult } from '../../src/contract/domain.js';
import type { ScriptedFault } from '../../src/simulator/index.js';
import { waitFor } from '../../src/embedded/wait-for.js';
import { useTestStack } from '../helpers/stack.js';
import { chargeMoney } from './ledger-invariants.js';

/**
 * A charge never drops a success it already knows, and never reads a lagging "not found" as "never committed":
 * a look-up that fails (a non-JSON 4xx page, a reply that fails its schema) or lies (8001 after a 3004
 * duplicate-id answer) leaves the charge watching, not failed.
 */
describe('a look-up that fails or lies never costs a charge the success it holds', function () {
  this.timeout(180_000);
  const stack = useTestStack({ pendingCompleteAfterMs: 'manual' });
  afterEach(() => stack.simulator.faults.reset());

  const mtid = (chargeId: string, step: string) => `c.${chargeId}.${step}`;
  const entry = (chargeId: string, step: string) =>
    stack.simulator.ledger.byMerchantTransactionId(mtid(chargeId, step));

  for (const lookupFault of ['html-4xx', 'malformed-reply'] as const) {
    it(`d1's success arrived while d2 was pending, then d2's status check failed (${lookupFault}): d1 adopted, d2 reversed once it settles`, async () => {
      const customerId = await stack.seedCustomer();
      const chargeId = stack.uid('acc');
      stack.simulator.faults.script([
        // d1: ERROR 3003 now (the status API says ERROR too), SUCCESS when the test settles it.
        {
          fault: 'late-settle',
          operation: 'debit',
          merchantTransactionId: mtid(chargeId, 'd1'),
          reply: 'error',
          errorCode: 3003,
          settleAfterMs: 3_600_000,
        },
        // d2: PENDING, SUCCESS when the test settles it.
        {
          fault: 'late-settle',
          operation: 'debit',
          merchantTransactionId: mtid(chargeId, 'd2'),
          reply: 'pending',
          settleAfterMs: 3_600_000,
        },
        // The status check for d2 gets an answer no retry can change.
        { fault: lookupFault, operation: 'status', merchantTransactionId: mtid(chargeId, 'd2') },
      ]);
      const handle = await stack.client.startCharge({
        chargeId,
        customerId,
        amountMinor: 1800,
        currency: 'EUR',
        initiator: 'merchant',
        callbackWaitSeconds: 10,
      });
      await waitFor(() => Promise.resolve(entry(chargeId, 'd2')?.status === 'PENDING' ? true : undefined));
      // d1's OK callback reaches the charge (the webhook answers 200) while it waits for d2.
      const d1 = stack.simulator.events.settleLate({ merchantTransactionId: mtid(chargeId, 'd1') });
      await stack.simulator.flushCallbacks();

      let result: ChargeResult;
      try {
        result = await handle.result();
      } catch (err) {
        const causes: string[] = [];
        for (let e: unknown = err; e instanceof Error && causes.length < 4; e = e.cause)
          causes.push(e.message);
        assert.fail(`the charge ended without a result although it held d1's success: ${causes.join(' ← ')}`);
      }
      assert.equal(result.status, 'succeeded');
      assert.equal(result.uuid, d1.uuid, 'the success it accepted (d1) is the answer');

      // d2 settles later: the charge (or its follow-up) reverses it; one debit is kept.
      stack.simulator.events.settleLate({ merchantTransactionId: mtid(chargeId, 'd2') });
      await stack.simulator.flushCallbacks();
      const money = await waitFor(() => {
        const m = chargeMoney(stack.simulator.ledger.entriesFor(`c.${chargeId}.`));
        return Promise.resolve(m.debits.length === 2 && m.net.length === 1 ? m : undefined);
      }, 60_000);
      assert.equal(money.net[0]!.uuid, d1.uuid);
      assert.equal(money.reversals[0]!.merchantTransactionId, mtid(chargeId, 'xr2'));
    });
  }

  it('a status look-up answering "not found" after a 3004 duplicate-id answer is not read as "never committed"', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('nf');
    const lies = 1000;
    const steps: ScriptedFault[] = [
      // d1 is committed (SUCCESS) and its reply lost; its callback never comes.
      { fault: 'ambiguous-destroy', operation: 'debit', merchantTransactionId: mtid(chargeId, 'd1') },
      { fault: 'callback-lose', operation: 'DEBIT', merchantTransactionId: mtid(chargeId, 'd1') },
      // The status API lags: "not found" for d1 until the test lifts it.
      {
        fault: 'not-found-reply',
        operation: 'status',
        merchantTransactionId: mtid(chargeId, 'd1'),
        times: lies,
      },
    ];
    stack.simulator.faults.script(steps);
    const handle = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 1900,
      currency: 'EUR',
      initiator: 'merchant',
      callbackWaitSeconds: 2,
    });
    const liesTold = () =>
      lies - (stack.simulator.faults.pendingScript().find((s) => s.fault === 'not-found-reply')?.times ?? 0);
    // The retried send asks first ("not found"), gets 3004 (d1 exists), asks again ("not found"); then the charge
    // asks twice more before deciding. A charge that believed four lies has decided; one that did not keeps
    // watching (within 60 s either way the lie is lifted, and only the truth is left to find).
    await waitFor(async () => {
      const decided = (await handle.state()).result !== undefined;
      return decided || liesTold() >= 4 ? true : undefined;
    }, 60_000).catch(() => undefined);
    stack.simulator.faults.reset();
    const result = await handle.result();
    const d1 = entry(chargeId, 'd1');
    assert.equal(d1?.status, 'SUCCESS', 'the gateway committed d1');
    assert.equal(result.status, 'succeeded', `the charge says ${result.status} (${result.reason ?? ''})`);
    assert.equal(result.uuid, d1.uuid);
    assert.equal(entry(chargeId, 'd2'), undefined, 'no new id after a 3004 proved d1 exists');
    assert.equal(chargeMoney(stack.simulator.ledger.entriesFor(`c.${chargeId}.`)).net.length, 1);
  });
});
