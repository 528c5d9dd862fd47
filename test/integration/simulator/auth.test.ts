/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument -- these tests read the raw wire JSON on purpose, untyped like a foreign client would */
import { strict as assert } from 'node:assert';
import type { Simulator } from '../../../src/simulator/index.js';
import { debitBody, sim, statusByUuid, transaction } from './support.js';

describe('simulator auth and validation', () => {
  let s: Simulator;
  afterEach(async () => s?.stop());

  describe('credentials', () => {
    beforeEach(async () => {
      s = await sim();
    });

    it('accepts the plain password', async () => {
      const r = await transaction(s, 'debit', debitBody());
      assert.equal(r.status, 200);
      assert.equal(r.json.success, true);
    });

    it('accepts the password hashed like the official PHP client', async () => {
      const r = await transaction(s, 'debit', debitBody(), { hashed: true });
      assert.equal(r.json.returnType, 'FINISHED');
    });

    it('refuses a wrong password with 401 and errorCode 1007 and commits nothing', async () => {
      const r = await transaction(s, 'debit', debitBody(), { password: 'nope' });
      assert.equal(r.status, 401);
      assert.deepEqual([r.json.success, r.json.errorCode], [false, 1007]);
      assert.equal(s.ledger.size, 0);
    });

    it('refuses an unknown API key with 401 and errorCode 1007', async () => {
      const r = await transaction(s, 'debit', debitBody(), { apiKey: 'other-key' });
      assert.equal(r.status, 401);
      assert.equal(r.json.errorCode, 1007);
    });

    it('accepts unsigned requests when signatures are not required', async () => {
      const r = await transaction(s, 'debit', debitBody());
      assert.equal(r.json.success, true);
    });
  });

  describe('signatures', () => {
    beforeEach(async () => {
      s = await sim({ requireSignature: true });
    });

    it('accepts a SHA-512 body-hash signature', async () => {
      const r = await transaction(s, 'debit', debitBody(), { sign: { algorithm: 'sha512' } });
      assert.equal(r.json.success, true);
    });

    it('accepts an MD5 body-hash signature (the official client default)', async () => {
      const r = await transaction(s, 'debit', debitBody(), { sign: { algorithm: 'md5' } });
      assert.equal(r.json.success, true);
    });

    it('accepts a signed GET (empty body)', async () => {
      const d = await transaction(s, 'debit', debitBody(), { sign: true });
      const r = await statusByUuid(s, d.json.uuid, { sign: true });
      assert.equal(r.json.transactionStatus, 'SUCCESS');
    });

    it('refuses a tampered body with 1004', async () => {
      const body = debitBody();
      const r = await transaction(s, 'debit', body, {
        sign: true,
        tamper: JSON.stringify({ ...body, amount: '1.00' }),
      });
      assert.deepEqual([r.status, r.json.errorCode], [401, 1004]);
      assert.equal(s.ledger.size, 0);
    });

    it('refuses a signature made with another secret', async () => {
      const r = await transaction(s, 'debit', debitBody(), { sign: { secret: 'wrong' } });
      assert.equal(r.json.errorCode, 1004);
    });

    it('refuses a Date more than 300 s old', async () => {
      const r = await transaction(s, 'debit', debitBody(), { sign: { now: new Date(Date.now() - 301_000) } });
      assert.equal(r.json.errorCode, 1004);
      assert.match(r.json.errorMessage, /stale/);
    });

    it('refuses a missing signature', async () => {
      const r = await transaction(s, 'debit', debitBody());
      assert.equal(r.json.errorCode, 1004);
    });
  });

  describe('request validation', () => {
    beforeEach(async () => {
      s = await sim();
    });

    it('answers malformed JSON with 1002', async () => {
      const r = await transaction(s, 'debit', undefined, { rawBody: '{"amount":' });
      assert.deepEqual([r.status, r.json.success, r.json.errorCode], [200, false, 1002]);
    });

    it('names a missing field like the gateway', async () => {
      const body = debitBody();
      delete body['amount'];
      const r = await transaction(s, 'debit', body);
      assert.equal(r.json.errorMessage, "root: 'amount' is required");
    });

    for (const amount of ['10', '9.5', '9.99', '0.01']) {
      it(`accepts the amount "${amount}" EUR`, async () => {
        const r = await transaction(s, 'debit', debitBody({ amount }));
        assert.equal(r.json.success, true);
      });
    }

    for (const [amount, currency] of [
      ['9.999', 'EUR'],
      ['1.5', 'JPY'],
      ['-1', 'EUR'],
      ['1e3', 'EUR'],
      ['0', 'EUR'],
      ['10', 'XYZ'],
      ['10', 'eur'],
    ] as const) {
      it(`refuses the amount "${amount}" ${currency} with 1002`, async () => {
        const r = await transaction(s, 'debit', debitBody({ amount, currency }));
        assert.equal(r.json.errorCode, 1002);
        assert.equal(s.ledger.size, 0);
      });
    }

    it('accepts three decimals for KWD', async () => {
      const r = await transaction(s, 'debit', debitBody({ amount: '1.234', currency: 'KWD' }));
      assert.equal(r.json.success, true);
      assert.equal(s.ledger.committed()[0]?.amountMinor, 1234);
    });

    it('treats null members as absent', async () => {
      const r = await transaction(s, 'debit', debitBody({ description: null, customer: null }));
      assert.equal(r.json.success, true);
    });

    it('answers an unknown route with 404', async () => {
      const r = await transaction(s, 'teleport', debitBody());
      assert.equal(r.status, 404);
    });
  });
});
