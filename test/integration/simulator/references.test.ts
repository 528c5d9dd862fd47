/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment -- these tests read the raw wire JSON on purpose, untyped like a foreign client would */
import { strict as assert } from 'node:assert';
import { debitBody, mtid, transaction, type Reply, useSimulator } from './support.js';

describe('simulator capture, void, refund and register rules', () => {
  const s = useSimulator();

  const preauth = async (amount = '25.00'): Promise<string> => {
    const r = await transaction(s, 'preauthorize', debitBody({ amount }));
    assert.equal(r.json.returnType, 'FINISHED');
    return r.json.uuid as string;
  };
  const ref = (op: string, referenceUuid: string, amount?: string): Promise<Reply> =>
    transaction(s, op, {
      merchantTransactionId: mtid(op),
      referenceUuid,
      ...(amount !== undefined ? { amount, currency: 'EUR' } : {}),
    });
  const code = (r: Reply): number | undefined => r.json.errors?.[0]?.errorCode as number | undefined;

  it('captures part of a preauthorization, then the rest, but never more', async () => {
    const uuid = await preauth();
    assert.equal((await ref('capture', uuid, '20.00')).json.returnType, 'FINISHED');
    const over = await ref('capture', uuid, '5.01');
    assert.equal(code(over), 1006);
    assert.equal(s.ledger.get(over.json.uuid)?.status, 'ERROR', 'a refused capture is a committed ERROR');
    assert.equal((await ref('capture', uuid, '5.00')).json.returnType, 'FINISHED');
  });

  it('refuses to capture a debit (3002) or a failed preauthorization (1006)', async () => {
    const d = await transaction(s, 'debit', debitBody());
    assert.equal(code(await ref('capture', d.json.uuid, '1.00')), 3002);
    const failed = await transaction(s, 'preauthorize', debitBody({ amount: '20.03' }));
    assert.equal(code(await ref('capture', failed.json.uuid, '1.00')), 1006);
  });

  it('refuses an unknown reference before processing with 1002', async () => {
    const r = await ref('capture', 'ffffffffffffffffffff', '1.00');
    assert.equal(r.json.errorCode, 1002);
    assert.equal(r.json.uuid, undefined);
  });

  it('voids an uncaptured preauthorization once and refuses capture afterwards', async () => {
    const uuid = await preauth();
    assert.equal((await ref('void', uuid)).json.returnType, 'FINISHED');
    assert.equal(code(await ref('void', uuid)), 1006);
    assert.equal(code(await ref('capture', uuid, '1.00')), 1006);
  });

  it('refuses to void a captured preauthorization', async () => {
    const uuid = await preauth();
    await ref('capture', uuid, '1.00');
    assert.equal(code(await ref('void', uuid)), 1006);
  });

  it('refunds a debit up to its amount in parts', async () => {
    const d = await transaction(s, 'debit', debitBody({ amount: '10.00' }));
    assert.equal((await ref('refund', d.json.uuid, '4.00')).json.returnType, 'FINISHED');
    assert.equal(code(await ref('refund', d.json.uuid, '6.01')), 1006);
    assert.equal((await ref('refund', d.json.uuid, '6.00')).json.returnType, 'FINISHED');
  });

  it('refunds a capture, counting refunds made through its preauthorization', async () => {
    const uuid = await preauth('10.00');
    const cap = await ref('capture', uuid, '8.00');
    assert.equal((await ref('refund', uuid, '5.00')).json.returnType, 'FINISHED');
    assert.equal(code(await ref('refund', cap.json.uuid, '3.01')), 1006);
    assert.equal((await ref('refund', cap.json.uuid, '3.00')).json.returnType, 'FINISHED');
  });

  it('refuses to refund an uncaptured preauthorization, a failed debit or in another currency', async () => {
    assert.equal(code(await ref('refund', await preauth(), '1.00')), 1006);
    const failed = await transaction(s, 'debit', debitBody({ amount: '20.06' }));
    assert.equal(code(await ref('refund', failed.json.uuid, '1.00')), 1006);
    const d = await transaction(s, 'debit', debitBody());
    const other = await transaction(s, 'refund', {
      merchantTransactionId: mtid(),
      referenceUuid: d.json.uuid,
      amount: '1.00',
      currency: 'USD',
    });
    assert.equal(code(other), 1006);
  });

  it('increases an open preauthorization with an incremental authorization', async () => {
    const uuid = await preauth('10.00');
    assert.equal((await ref('incrementalAuthorization', uuid, '5.00')).json.returnType, 'FINISHED');
    assert.equal((await ref('capture', uuid, '15.00')).json.returnType, 'FINISHED');
  });

  it('charges a registration by referenceUuid until it is deregistered', async () => {
    const reg = await transaction(s, 'register', {
      merchantTransactionId: mtid(),
      transactionToken: 'ix::test-mastercard',
    });
    assert.equal(reg.json.returnType, 'FINISHED');
    const charge = await transaction(s, 'debit', {
      merchantTransactionId: mtid(),
      amount: '3.00',
      currency: 'EUR',
      referenceUuid: reg.json.uuid,
    });
    assert.equal(charge.json.returnData.type, 'mastercard');
    assert.equal((await ref('deregister', reg.json.uuid)).json.returnType, 'FINISHED');
    const after = await transaction(s, 'debit', {
      merchantTransactionId: mtid(),
      amount: '3.00',
      currency: 'EUR',
      referenceUuid: reg.json.uuid,
    });
    assert.equal(code(after), 1006);
  });

  it('pays out to a payment.js token', async () => {
    const r = await transaction(s, 'payout', debitBody({ transactionToken: 'ix::test-visa' }));
    assert.equal(r.json.returnType, 'FINISHED');
    assert.equal(s.ledger.get(r.json.uuid)?.type, 'PAYOUT');
  });

  it('counts only successful debits and captures as charges', async () => {
    const prefix = mtid('c');
    await transaction(s, 'debit', debitBody({ merchantTransactionId: `${prefix}.d1`, amount: '20.06' }));
    const ok = await transaction(
      s,
      'debit',
      debitBody({ merchantTransactionId: `${prefix}.d2`, amount: '10.00' }),
    );
    await transaction(s, 'refund', {
      merchantTransactionId: `${prefix}.rf1`,
      referenceUuid: ok.json.uuid,
      amount: '4.00',
      currency: 'EUR',
    });
    assert.deepEqual(
      s.ledger.chargesFor(prefix).map((e) => e.merchantTransactionId),
      [`${prefix}.d2`],
    );
    assert.equal(s.ledger.entriesFor(prefix).length, 3);
    assert.equal(s.ledger.netChargedMinor(prefix), 600);
  });
});
