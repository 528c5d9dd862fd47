import { strict as assert } from 'node:assert';
import { InvalidCustomerInputError } from '../../src/customers/errors.js';
import { issueSessionProof, verifySessionProof } from '../../src/customers/session-proof.js';
import { sealSessionProof, unsealSessionProof } from '../../src/customers/session-seal.js';

const CURRENT = 'current-secret-0123456789';
const PREVIOUS = 'previous-secret-0123456789';
const NOW = new Date('2026-11-25T10:00:00Z');
const LATER = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe('session proof', () => {
  const proof = issueSessionProof({ customerId: 'cus-1', secret: CURRENT, ttlSeconds: 600, now: NOW });

  it('has the compact v1 shape with the expiry in epoch seconds', () => {
    const [version, customer, expires, signature] = proof.split('.');
    assert.equal(version, 'v1');
    assert.equal(customer, 'cus-1');
    assert.equal(Number(expires), NOW.getTime() / 1000 + 600);
    assert.match(signature ?? '', /^[A-Za-z0-9_-]{43}$/);
  });

  it('accepts a fresh proof for the same customer', () => {
    assert.deepEqual(
      verifySessionProof(proof, { customerId: 'cus-1', secrets: [CURRENT], now: LATER(599) }),
      {
        ok: true,
      },
    );
  });

  it('refuses a proof at or after its expiry', () => {
    const result = verifySessionProof(proof, { customerId: 'cus-1', secrets: [CURRENT], now: LATER(600) });
    assert.deepEqual(result, { ok: false, reason: 'expired' });
  });

  it('refuses a valid proof presented for another customer', () => {
    const result = verifySessionProof(proof, { customerId: 'cus-2', secrets: [CURRENT], now: NOW });
    assert.deepEqual(result, { ok: false, reason: 'wrong-customer' });
  });

  it('refuses a proof whose customer, expiry or signature was changed', () => {
    const [v, , exp, sig] = proof.split('.') as [string, string, string, string];
    const flipped = `${sig.slice(0, -2)}${sig.at(-2) === 'A' ? 'B' : 'A'}${sig.at(-1)}`;
    for (const tampered of [
      `${v}.cus-2.${exp}.${sig}`,
      `${v}.cus-1.${Number(exp) + 3600}.${sig}`,
      `${v}.cus-1.${exp}.${flipped}`,
    ]) {
      const result = verifySessionProof(tampered, { customerId: 'cus-2', secrets: [CURRENT], now: NOW });
      assert.deepEqual(result, { ok: false, reason: 'bad-signature' }, tampered);
    }
  });

  it('refuses a proof signed with a secret it does not know', () => {
    const foreign = issueSessionProof({
      customerId: 'cus-1',
      secret: 'another-secret-0123456789',
      ttlSeconds: 60,
      now: NOW,
    });
    const result = verifySessionProof(foreign, {
      customerId: 'cus-1',
      secrets: [CURRENT, PREVIOUS],
      now: NOW,
    });
    assert.deepEqual(result, { ok: false, reason: 'bad-signature' });
  });

  it('accepts a proof signed with the previous secret during rotation, and not after it is dropped', () => {
    const old = issueSessionProof({ customerId: 'cus-1', secret: PREVIOUS, ttlSeconds: 60, now: NOW });
    assert.equal(
      verifySessionProof(old, { customerId: 'cus-1', secrets: [CURRENT, PREVIOUS], now: NOW }).ok,
      true,
    );
    assert.deepEqual(verifySessionProof(old, { customerId: 'cus-1', secrets: [CURRENT], now: NOW }), {
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('calls anything not shaped like a proof malformed', () => {
    for (const bad of [
      '',
      'v1',
      'v2.cus-1.1.x',
      `${proof}.extra`,
      'v1.cus 1.1.' + 'A'.repeat(43),
      proof + '=',
    ]) {
      assert.deepEqual(verifySessionProof(bad, { customerId: 'cus-1', secrets: [CURRENT], now: NOW }), {
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('treats missing or short secrets as misconfiguration, not as a bad proof', () => {
    assert.throws(
      () => verifySessionProof(proof, { customerId: 'cus-1', secrets: [] }),
      InvalidCustomerInputError,
    );
    assert.throws(
      () => issueSessionProof({ customerId: 'cus-1', secret: 'short', ttlSeconds: 60 }),
      InvalidCustomerInputError,
    );
    assert.throws(
      () => issueSessionProof({ customerId: 'cus-1', secret: CURRENT, ttlSeconds: 0 }),
      InvalidCustomerInputError,
    );
  });
});

describe('sealed session proofs', () => {
  const secrets = ['current-session-secret', 'previous-session-secret'];

  it('round-trips and opens with a previous secret during rotation', () => {
    const sealed = sealSessionProof('v1.cust-1.123.abc', [secrets[1]!]);
    assert.doesNotMatch(sealed, /cust-1/);
    assert.equal(unsealSessionProof(sealed, secrets), 'v1.cust-1.123.abc');
  });

  it('refuses a tampered seal or an unknown secret', () => {
    const sealed = sealSessionProof('v1.cust-1.123.abc', secrets);
    assert.equal(unsealSessionProof(`${sealed.slice(0, -2)}AA`, secrets), undefined);
    assert.equal(unsealSessionProof(sealed, ['some-other-secret-x']), undefined);
  });
});
