/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment -- these tests read the raw wire JSON on purpose, untyped like a foreign client would */
import { strict as assert } from 'node:assert';
import {
  call,
  debitBody,
  sim,
  statusByMerchantId,
  statusByUuid,
  transaction,
  useCallbackReceiver,
  useSimulator,
} from './support.js';

describe('simulator late-settle fault', () => {
  const receiver = useCallbackReceiver();
  const s = useSimulator();
  let n = 0;

  const chargeDebit = (extra: Record<string, unknown> = {}) =>
    debitBody({
      merchantTransactionId: `c.late${++n}x${Date.now().toString(36)}.d1`,
      callbackUrl: receiver.url,
      ...extra,
    });

  it('answers ERROR 3003, then the same transaction turns SUCCESS with an OK callback and a ledger debit', async () => {
    s.faults.script([
      { fault: 'late-settle', operation: 'debit', reply: 'error', errorCode: 3003, settleAfterMs: 50 },
    ]);
    const body = chargeDebit();
    const r = await transaction(s, 'debit', body);
    assert.deepEqual([r.json.success, r.json.returnType, r.json.errors[0].errorCode], [false, 'ERROR', 3003]);
    const uuid = r.json.uuid as string;
    await receiver.waitFor((cbs) => cbs.some((c) => c.json.uuid === uuid && c.json.result === 'OK'));
    assert.deepEqual(
      receiver.for(uuid).map((c) => c.json.result),
      ['ERROR', 'OK'],
    );
    const st = await statusByMerchantId(s, body['merchantTransactionId'] as string);
    assert.deepEqual([st.json.uuid, st.json.transactionStatus, st.json.errors], [uuid, 'SUCCESS', undefined]);
    const entry = s.ledger.get(uuid);
    assert.deepEqual([entry?.status, entry?.charged, entry?.lateSettle?.reply], ['SUCCESS', true, 'ERROR']);
    assert.ok(entry?.lateSettle?.settledAt);
    const [summary] = s.ledger.summary(entry.merchantTransactionId.slice(0, -2)).charges;
    assert.deepEqual([summary?.debits, summary?.lateSettledDebits, summary?.chargedMinor], [1, 1, 999]);
  });

  it('answers PENDING and settles on request; a retry with the same id is a duplicate, never a second charge', async () => {
    s.faults.script([{ fault: 'late-settle', reply: 'pending', settleAfterMs: 3_600_000 }]);
    const body = chargeDebit();
    const r = await transaction(s, 'debit', body);
    assert.equal(r.json.returnType, 'PENDING');
    const uuid = r.json.uuid as string;
    assert.equal(s.ledger.get(uuid)?.charged, false);
    const key = (body['merchantTransactionId'] as string).slice(0, -2);
    assert.equal(s.ledger.summary(key).charges[0]?.awaitingSettle, 1);
    assert.equal((await transaction(s, 'debit', body)).json.errorCode, 3004);

    const settled = await call(s, 'POST', '/simulator/events/late-settle', { uuid });
    assert.deepEqual(
      [settled.status, settled.json.uuid, settled.json.transactionStatus],
      [200, uuid, 'SUCCESS'],
    );
    assert.equal((await statusByUuid(s, uuid)).json.transactionStatus, 'SUCCESS');
    await s.flushCallbacks();
    assert.deepEqual(
      receiver.for(uuid).map((c) => c.json.result),
      ['PENDING', 'OK'],
    );
    const again = await call(s, 'POST', '/simulator/events/late-settle', { uuid });
    assert.deepEqual([again.status, again.json.error], [409, 'settled-already']);
    const [summary] = s.ledger.summary(key).charges;
    assert.deepEqual([summary?.debits, summary?.awaitingSettle, s.ledger.chargesFor(key).length], [1, 0, 1]);
  });

  it('only hits a debit that would succeed: a decline stays a decline and the script entry waits', async () => {
    s.faults.script([{ fault: 'late-settle', operation: 'debit', settleAfterMs: 10 }]);
    const declined = await transaction(s, 'debit', chargeDebit({ transactionToken: 'ix::test-declined' }));
    assert.equal(declined.json.errors[0].errorCode, 2003);
    assert.equal(s.faults.pendingScript().length, 1);
    assert.equal(
      (
        await transaction(s, 'capture', {
          merchantTransactionId: `x-${++n}`,
          referenceUuid: declined.json.uuid,
          amount: '1.00',
          currency: 'EUR',
        })
      ).json.returnType,
      'ERROR',
    );
    assert.equal(s.faults.pendingScript().length, 1);
  });

  it('late-settles at the configured rate, the same way for the same seed, and every one settles', async () => {
    const run = async (seed: number): Promise<string[]> => {
      const x = await sim({ seed, faults: { lateSettleRate: 0.5, lateSettleAfterMs: 3_600_000 } });
      try {
        const replies: string[] = [];
        for (let i = 0; i < 20; i++) {
          const r = await transaction(x, 'debit', debitBody());
          replies.push(
            r.json.returnType === 'ERROR' ? `ERROR ${r.json.errors[0].errorCode}` : r.json.returnType,
          );
        }
        for (const e of x.ledger.committed()) if (e.lateSettle) x.events.settleLate({ uuid: e.uuid });
        assert.equal(x.ledger.chargesFor('').length, 20);
        return replies;
      } finally {
        await x.stop();
      }
    };
    const a = await run(5);
    assert.deepEqual(await run(5), a);
    assert.ok(a.includes('FINISHED') && a.some((r) => r !== 'FINISHED'));
  });
});
