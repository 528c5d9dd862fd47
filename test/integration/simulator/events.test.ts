/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- these tests read the raw wire JSON on purpose, untyped like a foreign client would */
import { strict as assert } from 'node:assert';
import { BODY_HASH_ALGORITHMS, verify } from '../../../src/gateway/signature.js';
import { SIMULATOR_DEFAULTS, SimulatorEventError } from '../../../src/simulator/index.js';
import {
  call,
  debitBody,
  statusByMerchantId,
  statusByUuid,
  transaction,
  type ReceivedCallback,
  type Reply,
  useCallbackReceiver,
  useSimulator,
} from './support.js';

function verified(cb: ReceivedCallback): boolean {
  const header = (name: string): string | undefined => cb.headers[name] as string | undefined;
  return verify(
    {
      method: 'POST',
      body: cb.body,
      contentType: header('content-type') ?? '',
      date: header('date') ?? header('x-date'),
      requestUri: cb.path,
      signature: header('x-signature'),
    },
    { secrets: [SIMULATOR_DEFAULTS.sharedSecret], algorithms: BODY_HASH_ALGORITHMS, toleranceSeconds: 300 },
  ).ok;
}

describe('simulator after-the-fact events', () => {
  const receiver = useCallbackReceiver();
  const s = useSimulator();
  let n = 0;

  const event = (kind: string, body: unknown): Promise<Reply> =>
    call(s, 'POST', `/simulator/events/${kind}`, body);

  /** A settled debit of 12.34 EUR with a callbackUrl, as a charge workflow makes it. */
  const settledDebit = async (extra: Record<string, unknown> = {}): Promise<{ uuid: string; id: string }> => {
    const id = `c.order-${Date.now().toString(36)}${++n}.d1`;
    const r = await transaction(
      s,
      'debit',
      debitBody({
        merchantTransactionId: id,
        amount: '12.34',
        callbackUrl: `${receiver.url}/cb?t=1`,
        ...extra,
      }),
    );
    assert.equal(r.json.returnType, 'FINISHED');
    await s.flushCallbacks();
    return { uuid: r.json.uuid, id };
  };

  it('charges a debit back: a new CHARGEBACK transaction and a signed callback with chargebackData', async () => {
    const original = await settledDebit({ merchantMetaData: 'route-me' });
    const r = await event('chargeback', { merchantTransactionId: original.id, reason: 'Fraud' });
    assert.equal(r.status, 200);
    const uuid = r.json.uuid as string;
    assert.notEqual(uuid, original.uuid);
    await s.flushCallbacks();
    const [cb] = receiver.for(uuid);
    assert.ok(cb && verified(cb));
    assert.equal(cb.path, '/cb?t=1');
    assert.equal(cb.json.result, 'OK');
    assert.equal(cb.json.transactionType, 'CHARGEBACK');
    assert.equal(cb.json.merchantTransactionId, `cb-${uuid}`);
    assert.deepEqual(
      [cb.json.amount, cb.json.currency, cb.json.merchantMetaData],
      ['12.34', 'EUR', 'route-me'],
    );
    const data = cb.json.chargebackData;
    assert.deepEqual(
      [data.originalUuid, data.originalMerchantTransactionId, data.amount, data.currency, data.reason],
      [original.uuid, original.id, '12.34', 'EUR', 'Fraud'],
    );
    assert.ok(!Number.isNaN(Date.parse(data.chargebackDateTime)));

    const st = await statusByUuid(s, uuid);
    assert.deepEqual([st.json.transactionStatus, st.json.transactionType], ['SUCCESS', 'CHARGEBACK']);
    assert.equal(st.json.chargebackData.originalMerchantTransactionId, original.id);
    assert.equal((await statusByMerchantId(s, original.id)).json.transactionStatus, 'SUCCESS');
    const entry = s.ledger.get(uuid);
    assert.deepEqual(
      [
        entry?.type,
        entry?.origin,
        entry?.amountMinor,
        entry?.originalUuid,
        entry?.originalMerchantTransactionId,
      ],
      ['CHARGEBACK', 'gateway', 1234, original.uuid, original.id],
    );
  });

  it('reverses the latest chargeback of a transaction, partly charged back, with chargebackReversalData', async () => {
    const original = await settledDebit();
    const cb = s.events.chargeback({ merchantTransactionId: original.id, amountMinor: 500 });
    assert.equal(cb.amountMinor, 500);
    const r = await event('chargeback-reversal', { merchantTransactionId: original.id, amount: '2.00' });
    assert.equal(r.status, 200);
    await s.flushCallbacks();
    const [reversal] = receiver.for(r.json.uuid);
    assert.ok(reversal && verified(reversal));
    assert.equal(reversal.json.transactionType, 'CHARGEBACK-REVERSAL');
    const data = reversal.json.chargebackReversalData;
    assert.deepEqual(
      [
        data.originalUuid,
        data.originalMerchantTransactionId,
        data.chargebackUuid,
        data.amount,
        data.currency,
      ],
      [original.uuid, original.id, cb.uuid, '2.00', 'EUR'],
    );
    assert.ok(!Number.isNaN(Date.parse(data.reversalDateTime)));
    const st = await statusByMerchantId(s, r.json.merchantTransactionId);
    assert.equal(st.json.chargebackReversalData.chargebackUuid, cb.uuid);
    // 3.00 of the chargeback is left to reverse, not more.
    const beyond = await event('chargeback-reversal', { chargebackUuid: cb.uuid, amount: '3.01' });
    assert.deepEqual([beyond.status, beyond.json.error], [409, 'amount-exceeds']);

    const [summary] = s.ledger.summary(original.id.slice(0, original.id.lastIndexOf('.') + 1)).charges;
    assert.deepEqual(
      [summary?.debits, summary?.chargebacks, summary?.chargebackReversals, summary?.netMinor],
      [1, 1, 1, 1234 - 500 + 200],
    );
  });

  it('sends a back-office refund with a gateway-made id and the original merchantMetaData', async () => {
    const original = await settledDebit({ merchantMetaData: 'c-order-x' });
    const r = await event('refund', { merchantTransactionId: original.id, amount: '4.34' });
    assert.equal(r.status, 200);
    await s.flushCallbacks();
    const [cb] = receiver.for(r.json.uuid);
    assert.ok(cb && verified(cb));
    assert.deepEqual(
      [
        cb.json.result,
        cb.json.transactionType,
        cb.json.merchantTransactionId,
        cb.json.amount,
        cb.json.merchantMetaData,
      ],
      ['OK', 'REFUND', `bo-${r.json.uuid}`, '4.34', 'c-order-x'],
    );
    assert.equal(cb.json.referenceUuid, undefined);
    // Counted against the original: the merchant can refund only what is left.
    const apiRefund = (amount: string) =>
      transaction(s, 'refund', {
        merchantTransactionId: `${original.id.slice(0, -2)}rf${amount}`,
        referenceUuid: original.uuid,
        amount,
        currency: 'EUR',
      });
    assert.equal((await apiRefund('8.01')).json.errors[0].errorCode, 1006);
    assert.equal((await apiRefund('8.00')).json.returnType, 'FINISHED');
    const { charges } = (await call(s, 'GET', '/simulator/ledger/summary?prefix=c.order-')).json;
    const summary = charges.find((c: { uuids: string[] }) => c.uuids.includes(original.uuid));
    assert.deepEqual([summary.refunds, summary.backOfficeRefunds, summary.netMinor], [2, 1, 0]);
  });

  it('refuses events that do not fit, with a typed 4xx and nothing committed', async () => {
    const original = await settledDebit();
    const declined = await transaction(s, 'debit', debitBody({ transactionToken: 'ix::test-declined' }));
    const register = await transaction(s, 'register', {
      merchantTransactionId: `r.x${++n}.reg`,
      transactionToken: 'ix::test-visa',
    });
    const size = s.ledger.size;
    const cases: [string, unknown, number, string][] = [
      ['chargeback', { merchantTransactionId: 'nope' }, 404, 'unknown-transaction'],
      ['chargeback', { uuid: declined.json.uuid }, 409, 'not-successful'],
      ['chargeback', { uuid: register.json.uuid }, 409, 'not-chargeable'],
      ['chargeback', { merchantTransactionId: original.id, amount: '12.35' }, 409, 'amount-exceeds'],
      ['chargeback', { merchantTransactionId: original.id, uuid: original.uuid }, 400, 'invalid-request'],
      ['chargeback', { merchantTransactionId: original.id, amount: '1.234' }, 400, 'invalid-request'],
      ['chargeback', { merchantTransactionId: original.id, amount: 5 }, 400, 'invalid-request'],
      ['chargeback', { merchantTransactionId: original.id, extra: 'x' }, 400, 'invalid-request'],
      ['chargeback-reversal', { merchantTransactionId: original.id }, 409, 'no-chargeback'],
      ['chargeback-reversal', { chargebackUuid: original.uuid }, 409, 'no-chargeback'],
      ['refund', { uuid: declined.json.uuid }, 409, 'not-successful'],
      ['late-settle', { uuid: original.uuid }, 409, 'not-late-settle'],
    ];
    for (const [kind, body, status, error] of cases) {
      const r = await event(kind, body);
      assert.deepEqual([kind, r.status, r.json.success, r.json.error], [kind, status, false, error]);
      assert.equal(typeof r.json.errorMessage, 'string');
    }
    assert.equal((await call(s, 'POST', '/simulator/events/unknown', {})).status, 404);
    assert.equal(s.ledger.size, size);
    assert.throws(
      () => s.events.refund({ merchantTransactionId: original.id, amountMinor: 0 }),
      (e: unknown) =>
        e instanceof SimulatorEventError && e.reason === 'invalid-request' && e.httpStatus === 400,
    );
    s.events.chargeback({ uuid: original.uuid });
    assert.throws(
      () => s.events.chargeback({ uuid: original.uuid }),
      (e: unknown) => e instanceof SimulatorEventError && e.reason === 'amount-exceeds',
    );
  });

  it('lists events in the ledger and the per-charge summary', async () => {
    const original = await settledDebit();
    const cb = s.events.chargeback({ merchantTransactionId: original.id, reason: 'r' });
    const ledger = (await call(s, 'GET', '/simulator/ledger')).json;
    const listed = ledger.transactions.find((t: { uuid: string }) => t.uuid === cb.uuid);
    assert.deepEqual(
      [listed.type, listed.amountMinor, listed.currency, listed.originalUuid, listed.charged],
      ['CHARGEBACK', 1234, 'EUR', original.uuid, false],
    );
    assert.equal(s.ledger.get(original.uuid)?.charged, true);
    const key = original.id.slice(0, original.id.lastIndexOf('.') + 1);
    const summary = s.ledger.summary(key).charges;
    assert.equal(summary.length, 1);
    assert.deepEqual(
      [
        summary[0]?.charge,
        summary[0]?.debits,
        summary[0]?.chargebacks,
        summary[0]?.netMinor,
        summary[0]?.uuids,
      ],
      [key, 1, 1, 0, [original.uuid, cb.uuid]],
    );
  });
});
