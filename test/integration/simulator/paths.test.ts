/* eslint-disable @typescript-eslint/no-unsafe-member-access -- these tests read the raw wire JSON on purpose, untyped like a foreign client would */
import { strict as assert } from 'node:assert';
import { call, debitBody, KEY, transaction, useSimulator } from './support.js';

describe('simulator request paths', () => {
  const s = useSimulator();

  it('answers a malformed percent-escape in any path with 400 and a JSON error, never 500', async () => {
    for (const [method, path] of [
      ['POST', '/api/v3/transaction/%E0%A4%A/debit'],
      ['POST', `/api/v3/transaction/${KEY}/%E0%A4%A`],
      ['GET', `/api/v3/status/${KEY}/getByMerchantTransactionId/%E0%A4%A`],
      ['GET', '/simulator/ledger/%ZZ'],
    ] as const) {
      const r = await call(s, method, path, method === 'POST' ? debitBody() : undefined);
      assert.deepEqual([path, r.status, r.json.success, r.json.errorCode], [path, 400, false, 1002]);
      assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    }
    assert.equal(s.ledger.size, 0);
  });

  it('still decodes well-formed escapes in ids', async () => {
    const body = debitBody({ merchantTransactionId: 'c.a b.d1' });
    await transaction(s, 'debit', body);
    const r = await call(s, 'GET', `/api/v3/status/${KEY}/getByMerchantTransactionId/c.a%20b.d1`);
    assert.equal(r.json.transactionStatus, 'SUCCESS');
  });
});
