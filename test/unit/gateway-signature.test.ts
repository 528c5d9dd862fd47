import { strict as assert } from 'node:assert';
import {
  CONTENT_TYPE_JSON,
  formatSignatureDate,
  hashPassword,
  parseSignatureDate,
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
        algorithms: [algorithm],
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
    const options = { secrets: ['s3cret'], algorithms: ['sha512'] as const, toleranceSeconds: 300, now };
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
    assert.deepEqual(
      verify(good, { secrets: ['s3cret'], algorithms: ['sha512'], toleranceSeconds: 300, now: later(301) }),
      {
        ok: false,
        reason: 'stale-date',
      },
    );
    assert.equal(
      verify(good, { secrets: ['s3cret'], algorithms: ['sha512'], toleranceSeconds: 300, now: later(-299) })
        .ok,
      true,
    );
  });

  it('accepts the previous secret during rotation and rejects an unknown one', () => {
    const signedWithOld = signedRequest('old-secret');
    assert.equal(
      verify(signedWithOld, { secrets: ['new-secret', 'old-secret'], algorithms: ['sha512'], now }).ok,
      true,
    );
    assert.deepEqual(verify(signedWithOld, { secrets: ['new-secret'], algorithms: ['sha512'], now }), {
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('reports missing and unreadable signature inputs', () => {
    const good = signedRequest('s3cret');
    const options = { secrets: ['s3cret'], algorithms: ['sha512'] as const, now };
    assert.deepEqual(verify({ ...good, signature: undefined }, options), {
      ok: false,
      reason: 'missing-signature',
    });
    assert.deepEqual(verify({ ...good, date: undefined }, options), { ok: false, reason: 'missing-date' });
    assert.deepEqual(verify({ ...good, date: 'yesterday-ish' }, options), { ok: false, reason: 'bad-date' });
  });

  it('accepts only the listed body-hash algorithms', () => {
    const md5 = signedRequest('s3cret', 'md5');
    assert.deepEqual(verify(md5, { secrets: ['s3cret'], algorithms: ['sha512'], now }), {
      ok: false,
      reason: 'bad-signature',
    });
    assert.deepEqual(verify(md5, { secrets: ['s3cret'], algorithms: ['sha512', 'md5'], now }), {
      ok: true,
      algorithm: 'md5',
    });
  });

  it("parses the gateway's Date format and RFC 7231's GMT form, strictly", () => {
    // The official PHP client: (new \DateTime('now', new \DateTimeZone('UTC')))->format('D, d M Y H:i:s T')
    const at = new Date('2026-12-04T02:20:41Z');
    assert.deepEqual(parseSignatureDate('Fri, 04 Dec 2026 02:20:41 UTC'), at);
    assert.deepEqual(parseSignatureDate('Fri, 04 Dec 2026 02:20:41 GMT'), at);
    assert.deepEqual(parseSignatureDate(formatSignatureDate(at)), at);
    for (const loose of [
      '2026-12-04T02:20:41Z',
      '2026-12-04',
      'Fri, 4 Dec 2026 02:20:41 UTC',
      'Friday, 04-Dec-26 02:20:41 GMT',
      'Fri Dec  4 02:20:41 2026',
      'Fri, 04 Dec 2026 02:20:41 +0000',
      'Fri, 04 Dec 2026 02:20:41 CET',
      'Fri, 04 Dec 2026 02:20:41',
      'Fri, 04 Dec 2026 02:20 UTC',
      'fri, 04 dec 2026 02:20:41 utc',
      'Sat, 04 Dec 2026 02:20:41 UTC',
      'Mon, 31 Feb 2026 02:20:41 UTC',
      'Fri, 04 Dec 2026 24:20:41 UTC',
      ' Fri, 04 Dec 2026 02:20:41 UTC',
      'Fri, 04 Dec 2026 02:20:41 UTC trailing',
      '1764814841000',
    ]) {
      assert.equal(parseSignatureDate(loose), undefined, loose);
      const signed = { ...signedRequest('s3cret'), date: loose };
      assert.equal(verify(signed, { secrets: ['s3cret'], algorithms: ['sha512'] }).ok, false, loose);
    }
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
