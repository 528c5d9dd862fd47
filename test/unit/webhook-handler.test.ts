import { strict as assert } from 'node:assert';
import { CONTENT_TYPE_JSON, signedHeaders } from '../../src/gateway/signature.js';
import { handleCallback } from '../../src/webhook/handler.js';

const uri = '/ixopay/callback?x=1';
const body = JSON.stringify({
  result: 'ERROR',
  uuid: 'u1',
  merchantTransactionId: 'c.order-1.d2',
  transactionType: 'DEBIT',
  amount: '9.99',
  currency: 'EUR',
  errorCode: 2006,
  errorMessage: 'Insufficient funds',
  returnData: { _TYPE: 'cardData', cardHolder: 'Alex Smith', lastFourDigits: '1111' },
  customer: { email: 'alex@example.org' },
});

function request(secret: string, options: { now?: Date; algorithm?: 'md5' | 'sha512' } = {}, raw = body) {
  const headers = signedHeaders(
    secret,
    { method: 'POST', body: raw, contentType: CONTENT_TYPE_JSON, requestUri: uri },
    options,
  );
  return {
    rawBody: Buffer.from(raw),
    headers: {
      'content-type': CONTENT_TYPE_JSON,
      date: headers['Date'],
      'x-signature': headers['X-Signature'],
    },
    requestUri: uri,
  };
}

describe('webhook handler (pure)', () => {
  const options = { secrets: ['current-secret', 'previous-secret'], toleranceSeconds: 300 };

  it('derives the workflow id from merchantTransactionId and keeps no card or customer data', () => {
    const decision = handleCallback(request('current-secret'), options);
    assert.equal(decision.kind, 'signal');
    if (decision.kind !== 'signal') return;
    assert.equal(decision.workflowId, 'charge-order-1');
    assert.equal(decision.event.error?.code, 2006);
    assert.equal(decision.event.error?.decline, 'soft');
    assert.doesNotMatch(JSON.stringify(decision.event), /Alex|alex@|1111/);
  });

  it('accepts the previous secret during rotation', () => {
    assert.equal(handleCallback(request('previous-secret'), options).kind, 'signal');
    assert.equal(handleCallback(request('current-secret', { algorithm: 'sha512' }), options).kind, 'signal');
  });

  it('accepts only the configured body hash, plus an explicit migration list', () => {
    const md5 = request('current-secret', { algorithm: 'md5' });
    const sha512 = request('current-secret', { algorithm: 'sha512' });
    assert.deepEqual(handleCallback(md5, options), { kind: 'reject', status: 401, reason: 'bad-signature' });
    assert.equal(handleCallback(md5, { ...options, bodyHash: 'md5' }).kind, 'signal');
    assert.equal(handleCallback(sha512, { ...options, bodyHash: 'md5' }).kind, 'reject');
    const migrating = { ...options, bodyHash: 'sha512', bodyHashMigration: ['md5'] } as const;
    assert.equal(handleCallback(md5, migrating).kind, 'signal');
    assert.equal(handleCallback(sha512, migrating).kind, 'signal');
  });

  it('rejects an unknown secret, a tampered body and a stale or future date with 401', () => {
    const tampered = { ...request('current-secret'), rawBody: Buffer.from(body.replace('9.99', '0.01')) };
    for (const req of [
      request('other-secret'),
      tampered,
      request('current-secret', { now: new Date(Date.now() - 301_000) }),
      request('current-secret', { now: new Date(Date.now() + 301_000) }),
    ]) {
      const decision = handleCallback(req, options);
      assert.equal(decision.kind, 'reject');
      assert.equal(decision.kind === 'reject' && decision.status, 401);
    }
  });

  it('ignores a well-signed callback for a transaction this project did not make', () => {
    const foreign = body.replace('c.order-1.d2', 'someone-elses-id');
    assert.equal(handleCallback(request('current-secret', {}, foreign), options).kind, 'ignore');
  });
});
