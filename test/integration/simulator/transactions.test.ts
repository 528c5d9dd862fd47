/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument -- these tests read the raw wire JSON on purpose, untyped like a foreign client would */
import { strict as assert } from 'node:assert';
import { AMOUNT_TRIGGER_CODES, TEST_CARDS } from '../../../src/simulator/index.js';
import {
  call,
  debitBody,
  mtid,
  sim,
  statusByMerchantId,
  statusByUuid,
  transaction,
  useSimulator,
} from './support.js';

const card = (pan: string, extra: Record<string, unknown> = {}) => ({
  cardHolder: 'Alex Smith',
  pan,
  cvv: '123',
  expirationMonth: 12,
  expirationYear: 2035,
  ...extra,
});

function expectedOutcome(behavior: string): { returnType: string; code?: number } {
  if (behavior === 'success') return { returnType: 'FINISHED' };
  if (behavior === 'pending') return { returnType: 'PENDING' };
  if (behavior === '3ds') return { returnType: 'REDIRECT' };
  return { returnType: 'ERROR', code: Number(behavior.slice(6)) };
}

describe('simulator transactions', () => {
  const s = useSimulator();

  it('commits a debit with a 20-hex uuid and a yyyymmdd-uuid purchaseId', async () => {
    const r = await transaction(s, 'debit', debitBody());
    assert.match(r.json.uuid, /^[0-9a-f]{20}$/);
    assert.match(r.json.purchaseId, new RegExp(`^\\d{8}-${r.json.uuid}$`));
    assert.equal(r.json.returnData.lastFourDigits, '1111');
  });

  it('refuses a repeated merchantTransactionId with 3004 and commits only the first', async () => {
    const body = debitBody();
    const first = await transaction(s, 'debit', body);
    const again = await transaction(s, 'debit', { ...body, amount: '5.00' });
    assert.equal(first.json.success, true);
    assert.deepEqual([again.json.success, again.json.errorCode], [false, 3004]);
    assert.equal(again.json.uuid, undefined);
    assert.equal(s.ledger.entriesFor(body['merchantTransactionId'] as string).length, 1);
  });

  it('reports what it stored through both status routes', async () => {
    const body = debitBody({ extraData: { order: '42' }, merchantMetaData: 'meta' });
    const d = await transaction(s, 'debit', body);
    const byUuid = await statusByUuid(s, d.json.uuid);
    const byId = await statusByMerchantId(s, body['merchantTransactionId'] as string);
    assert.deepEqual(byUuid.json, byId.json);
    assert.equal(byUuid.json.transactionStatus, 'SUCCESS');
    assert.equal(byUuid.json.transactionType, 'DEBIT');
    assert.equal(byUuid.json.amount, '9.99');
    assert.equal(byUuid.json.currency, 'EUR');
    assert.deepEqual(byUuid.json.extraData, { order: '42' });
    assert.equal(byUuid.json.returnData.firstSixDigits, '411111');
  });

  it('answers an unknown transaction with success false and 8001', async () => {
    const r = await statusByUuid(s, 'ffffffffffffffffffff');
    assert.deepEqual(r.json, { success: false, errorMessage: 'Transaction not found', errorCode: 8001 });
    const m = await statusByMerchantId(s, 'never-sent');
    assert.equal(m.json.errorCode, 8001);
  });

  for (const c of TEST_CARDS) {
    it(`gives card ${c.pan} (${c.description}) its outcome via PCI cardData`, async () => {
      const r = await transaction(s, 'debit', {
        ...debitBody(),
        transactionToken: undefined,
        cardData: card(c.pan),
      });
      const expected = expectedOutcome(c.behavior);
      assert.equal(r.json.returnType, expected.returnType);
      if (expected.code !== undefined) {
        assert.equal(r.json.success, false);
        assert.equal(r.json.errors[0].errorCode, expected.code);
        assert.ok(r.json.errors[0].adapterCode);
        assert.equal(s.ledger.get(r.json.uuid)?.status, 'ERROR');
      }
      assert.ok(!JSON.stringify(r.json).includes(c.pan), 'no full card number in the response');
    });

    it(`gives the fixed token ${c.token} the same outcome`, async () => {
      const r = await transaction(s, 'debit', debitBody({ transactionToken: c.token }));
      assert.equal(r.json.returnType, expectedOutcome(c.behavior).returnType);
    });
  }

  it('tokenizes a card like payment.js and charges the token', async () => {
    const t = await call(s, 'POST', '/simulator/tokenize', card('4000000000009995'));
    assert.match(t.json.token, /^ix::[0-9a-f]{20}$/);
    const r = await transaction(s, 'debit', debitBody({ transactionToken: t.json.token }));
    assert.equal(r.json.errors[0].errorCode, 2006);
  });

  it('refuses an unknown payment.js token with 1002 and commits nothing', async () => {
    const r = await transaction(s, 'debit', debitBody({ transactionToken: 'ix::nope' }));
    assert.equal(r.json.errorCode, 1002);
    assert.equal(s.ledger.size, 0);
  });

  it('declines a number failing the Luhn check with 2008', async () => {
    const r = await transaction(s, 'debit', {
      ...debitBody(),
      transactionToken: undefined,
      cardData: card('4111111111111112'),
    });
    assert.equal(r.json.errors[0].errorCode, 2008);
  });

  it('declines a card whose expiry has passed with 2009', async () => {
    const r = await transaction(s, 'debit', {
      ...debitBody(),
      transactionToken: undefined,
      cardData: card('4111111111111111', { expirationYear: 2020 }),
    });
    assert.equal(r.json.errors[0].errorCode, 2009);
  });

  for (const code of AMOUNT_TRIGGER_CODES) {
    it(`fails a charge of ${code} minor units with error ${code}`, async () => {
      const amount = `${Math.floor(code / 100)}.${String(code % 100).padStart(2, '0')}`;
      const r = await transaction(s, 'debit', debitBody({ amount }));
      assert.equal(r.json.returnType, 'ERROR');
      assert.equal(r.json.errors[0].errorCode, code);
    });
  }

  it('makes 77.77 EUR PENDING and completes it on demand', async () => {
    const r = await transaction(s, 'debit', debitBody({ amount: '77.77' }));
    assert.equal(r.json.returnType, 'PENDING');
    assert.equal((await statusByUuid(s, r.json.uuid)).json.transactionStatus, 'PENDING');
    s.completePending(r.json.uuid);
    assert.equal((await statusByUuid(s, r.json.uuid)).json.transactionStatus, 'SUCCESS');
  });

  it('fails a PENDING transaction with the code given to completePending', async () => {
    const r = await transaction(s, 'debit', debitBody({ transactionToken: 'ix::test-pending' }));
    s.completePending(r.json.uuid, 2006);
    const st = await statusByUuid(s, r.json.uuid);
    assert.equal(st.json.transactionStatus, 'ERROR');
    assert.equal(st.json.errors[0].errorCode, 2006);
  });

  it('completes PENDING by itself after pendingCompleteAfterMs', async () => {
    const own = await sim({ pendingCompleteAfterMs: 30 });
    try {
      const r = await transaction(own, 'debit', debitBody({ amount: '77.77' }));
      await new Promise((done) => setTimeout(done, 120));
      assert.equal(own.ledger.get(r.json.uuid)?.status, 'SUCCESS');
    } finally {
      await own.stop();
    }
  });

  it('redirects 33.33 EUR to the 3-D Secure page and finishes on a passed challenge', async () => {
    const r = await transaction(s, 'debit', debitBody({ amount: '33.33' }));
    assert.equal(r.json.returnType, 'REDIRECT');
    assert.equal(r.json.redirectUrl, `${s.url}/simulator/3ds/${r.json.uuid}`);
    const page = await fetch(r.json.redirectUrl as string);
    assert.match(await page.text(), /3-D Secure/);
    const done = await fetch(`${r.json.redirectUrl as string}?outcome=success`, {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    assert.equal(((await done.json()) as { transactionStatus: string }).transactionStatus, 'SUCCESS');
    assert.equal((await statusByUuid(s, r.json.uuid)).json.returnData.threeDSecure, 'SUCCESS');
  });

  it('fails a failed 3-D Secure challenge with 2021', async () => {
    const r = await transaction(s, 'debit', debitBody({ transactionToken: 'ix::test-3ds' }));
    s.completeRedirect(r.json.uuid, 'fail');
    const st = await statusByUuid(s, r.json.uuid);
    assert.equal(st.json.errors[0].errorCode, 2021);
  });

  it('sends a first purchase without card to the hosted payment page, where the customer pays', async () => {
    const r = await transaction(s, 'debit', {
      merchantTransactionId: mtid(),
      amount: '12.00',
      currency: 'EUR',
    });
    assert.equal(r.json.redirectUrl, `${s.url}/simulator/hpp/${r.json.uuid}`);
    assert.match(await (await fetch(r.json.redirectUrl as string)).text(), /<form/);
    const form = new URLSearchParams({
      pan: '5555555555554444',
      cardHolder: 'Kim Lee',
      expirationMonth: '1',
      expirationYear: '2031',
    });
    const paid = await fetch(r.json.redirectUrl as string, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    assert.equal(paid.status, 200);
    const st = await statusByUuid(s, r.json.uuid);
    assert.equal(st.json.transactionStatus, 'SUCCESS');
    assert.equal(st.json.returnData.type, 'mastercard');
    assert.equal(st.json.returnData.cardHolder, 'Kim Lee');
  });

  it('continues from the hosted payment page to 3-D Secure for a 3-D Secure card', async () => {
    const r = await transaction(s, 'debit', {
      merchantTransactionId: mtid(),
      amount: '12.00',
      currency: 'EUR',
    });
    const paid = await fetch(r.json.redirectUrl as string, {
      method: 'POST',
      body: new URLSearchParams({ pan: '4000000000003220' }),
      redirect: 'manual',
    });
    assert.equal(paid.status, 303);
    assert.equal(paid.headers.get('location'), `${s.url}/simulator/3ds/${r.json.uuid}`);
    s.completeRedirect(r.json.uuid, 'success');
    assert.equal(s.ledger.get(r.json.uuid)?.status, 'SUCCESS');
  });

  it('cancels a hosted payment page with 2002 and status CANCELLED', async () => {
    const r = await transaction(s, 'debit', {
      merchantTransactionId: mtid(),
      amount: '12.00',
      currency: 'EUR',
    });
    s.completeRedirect(r.json.uuid, 'cancel');
    const st = await statusByUuid(s, r.json.uuid);
    assert.equal(st.json.transactionStatus, 'CANCELLED');
    assert.equal(st.json.errors[0].errorCode, 2002);
  });

  it('refuses to complete a transaction that is not waiting', async () => {
    const r = await transaction(s, 'debit', debitBody());
    assert.throws(() => s.completePending(r.json.uuid), { name: 'SimulatorStateError' });
    assert.throws(() => s.completeRedirect(r.json.uuid, 'success'), { name: 'SimulatorStateError' });
  });

  it('keeps full card numbers out of the ledger endpoint', async () => {
    await transaction(s, 'debit', {
      ...debitBody(),
      transactionToken: undefined,
      cardData: card('4111111111111111'),
    });
    const ledger = await call(s, 'GET', '/simulator/ledger');
    assert.equal(ledger.json.size, 1);
    assert.ok(!JSON.stringify(ledger.json).includes('4111111111111111'));
    const health = await call(s, 'GET', '/simulator/health');
    assert.equal(health.json.ok, true);
  });
});
