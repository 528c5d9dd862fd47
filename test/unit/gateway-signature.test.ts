import { strict as assert } from 'node:assert';
import {
  CONTENT_TYPE_JSON,
  hashPassword,
  sign,
  signedHeaders,
  verify,
  type BodyHashAlgorithm,
} from '../../src/gateway/signature.js';

const now = new Date('2026-11-24T10:00:00Z');
const request = {
  method: 'POST',
  body: '{"merchantTransactionId":"c.abc.d1","amount":"9.99","currency":"EUR"}',
  contentType: CONTENT_TYPE_JSON,
  requestUri: '/api/v3/transaction/key-1/debit',
};

function signedRequest(secret: string, algorithm: BodyHashAlgorithm = 'sha512') {
  const headers = signedHeaders(secret, request, { now, algorithm });
  return { ...request, date: headers['Date'], signature: headers['X-Signature'] };
}

describe('gateway request signature', () => {
  it('verifies a request it signed, reporting the body-hash variant', () => {
    for (const algorithm of ['sha512', 'md5'] as const) {
      const result = verify(signedRequest('s3cret', algorithm), {
        secrets: ['s3cret'],
        toleranceSeconds: 300,
        now,
      });
      assert.deepEqual(result, { ok: true, algorithm });
    }
  });

  it('formats the Date as the gateway does and sends it twice', () => {
    const headers = signedHeaders('s3cret', request, { now });
    assert.equal(headers['Date'], 'Tue, 24 Nov 2026 10:00:00 UTC');
    assert.equal(headers['X-Date'], headers['Date']);
  });

  it('rejects a tampered body, date or request URI', () => {
    const good = signedRequest('s3cret');
    const options = { secrets: ['s3cret'], toleranceSeconds: 300, now };
    for (const tampered of [
      { ...good, body: good.body.replace('9.99', '99.9') },
      { ...good, date: 'Tue, 24 Nov 2026 10:00:01 UTC' },
      { ...good, requestUri: '/api/v3/transaction/key-2/debit' },
      { ...good, method: 'GET' },
    ]) {
      assert.deepEqual(verify(tampered, options), { ok: false, reason: 'bad-signature' });
    }
  });

  it('rejects a date outside the tolerance window and accepts one inside it', () => {
    const good = signedRequest('s3cret');
    const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    assert.deepEqual(verify(good, { secrets: ['s3cret'], toleranceSeconds: 300, now: later(301) }), {
      ok: false,
      reason: 'stale-date',
    });
    assert.equal(verify(good, { secrets: ['s3cret'], toleranceSeconds: 300, now: later(-299) }).ok, true);
  });

  it('accepts the previous secret during rotation and rejects an unknown one', () => {
    const signedWithOld = signedRequest('old-secret');
    assert.equal(verify(signedWithOld, { secrets: ['new-secret', 'old-secret'], now }).ok, true);
    assert.deepEqual(verify(signedWithOld, { secrets: ['new-secret'], now }), {
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('reports missing and unreadable signature inputs', () => {
    const good = signedRequest('s3cret');
    const options = { secrets: ['s3cret'], now };
    assert.deepEqual(verify({ ...good, signature: undefined }, options), {
      ok: false,
      reason: 'missing-signature',
    });
    assert.deepEqual(verify({ ...good, date: undefined }, options), { ok: false, reason: 'missing-date' });
    assert.deepEqual(verify({ ...good, date: 'yesterday-ish' }, options), { ok: false, reason: 'bad-date' });
  });

  it('signs a GET over the empty body with both hash variants differing', () => {
    const get = { ...request, method: 'GET', body: '', date: 'Tue, 24 Nov 2026 10:00:00 UTC' };
    assert.notEqual(sign('s3cret', get, 'md5'), sign('s3cret', get, 'sha512'));
  });

  it('hashes the password like the official client: ten chained lowercase SHA-1 hex digests', () => {
    const hashed = hashPassword('password');
    assert.match(hashed, /^[0-9a-f]{40}$/);
    assert.notEqual(hashed, hashPassword('Password'));
  });
});
