import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { InvalidCustomerInputError } from '../../src/customers/errors.js';
import { issueSessionProof, verifySessionProof } from '../../src/customers/session-proof.js';
import { sealSessionProof, unsealSessionProof } from '../../src/customers/session-seal.js';

const CURRENT = 'current-secret-0123456789';
const PREVIOUS = 'previous-secret-0123456789';
const NOW = new Date('2026-11-25T10:00:00Z');
const LATER = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const FOR_A = { customerId: 'cus-1', chargeId: 'order-a' } as const;

describe('session proof', () => {
  const proof = issueSessionProof({ ...FOR_A, secret: CURRENT, ttlSeconds: 600, now: NOW });

  it('has the compact v2 shape: customer, charge, expiry in epoch seconds, signature', () => {
    const [version, customer, charge, expires, signature] = proof.split('.');
    assert.equal(version, 'v2');
    assert.equal(customer, 'cus-1');
    assert.equal(charge, 'order-a');
    assert.equal(Number(expires), NOW.getTime() / 1000 + 600);
    assert.match(signature ?? '', /^[A-Za-z0-9_-]{43}$/);
  });

  it('accepts a fresh proof for the same customer and charge', () => {
    assert.deepEqual(verifySessionProof(proof, { ...FOR_A, secrets: [CURRENT], now: LATER(599) }), {
      ok: true,
    });
  });

  it('refuses a proof at or after its expiry', () => {
    const result = verifySessionProof(proof, { ...FOR_A, secrets: [CURRENT], now: LATER(600) });
    assert.deepEqual(result, { ok: false, reason: 'expired' });
  });

  it('refuses a valid proof presented for another customer', () => {
    const result = verifySessionProof(proof, { ...FOR_A, customerId: 'cus-2', secrets: [CURRENT], now: NOW });
    assert.deepEqual(result, { ok: false, reason: 'wrong-customer' });
  });

  it('refuses a proof issued for charge A when it is replayed for charge B', () => {
    const result = verifySessionProof(proof, { ...FOR_A, chargeId: 'order-b', secrets: [CURRENT], now: NOW });
    assert.deepEqual(result, { ok: false, reason: 'wrong-charge' });
  });

  it('refuses a proof whose customer, charge, expiry or signature was changed', () => {
    const [v, , charge, exp, sig] = proof.split('.') as [string, string, string, string, string];
    const flipped = `${sig.slice(0, -2)}${sig.at(-2) === 'A' ? 'B' : 'A'}${sig.at(-1)}`;
    for (const tampered of [
      `${v}.cus-2.${charge}.${exp}.${sig}`,
      `${v}.cus-1.order-b.${exp}.${sig}`,
      `${v}.cus-1.${charge}.${Number(exp) + 3600}.${sig}`,
      `${v}.cus-1.${charge}.${exp}.${flipped}`,
    ]) {
      const result = verifySessionProof(tampered, { ...FOR_A, secrets: [CURRENT], now: NOW });
      assert.deepEqual(result, { ok: false, reason: 'bad-signature' }, tampered);
    }
  });

  it('signs with a key derived from the secret, never with the secret itself', () => {
    const payload = proof.slice(0, proof.lastIndexOf('.'));
    const withRawSecret = createHmac('sha256', CURRENT).update(payload).digest('base64url');
    assert.notEqual(proof.split('.').at(-1), withRawSecret);
    const forged = `${payload}.${withRawSecret}`;
    assert.deepEqual(verifySessionProof(forged, { ...FOR_A, secrets: [CURRENT], now: NOW }), {
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a proof signed with a secret it does not know', () => {
    const foreign = issueSessionProof({
      ...FOR_A,
      secret: 'another-secret-0123456789',
      ttlSeconds: 60,
      now: NOW,
    });
    const result = verifySessionProof(foreign, { ...FOR_A, secrets: [CURRENT, PREVIOUS], now: NOW });
    assert.deepEqual(result, { ok: false, reason: 'bad-signature' });
  });

  it('accepts a proof signed with the previous secret during rotation, and not after it is dropped', () => {
    const old = issueSessionProof({ ...FOR_A, secret: PREVIOUS, ttlSeconds: 60, now: NOW });
    assert.equal(verifySessionProof(old, { ...FOR_A, secrets: [CURRENT, PREVIOUS], now: NOW }).ok, true);
    assert.deepEqual(verifySessionProof(old, { ...FOR_A, secrets: [CURRENT], now: NOW }), {
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('calls anything not shaped like a proof malformed, including v1 proofs bound to no charge', () => {
    for (const bad of [
      '',
      'v2',
      'v1.cus-1.1.' + 'A'.repeat(43),
      `${proof}.extra`,
      'v2.cus 1.order-a.1.' + 'A'.repeat(43),
      proof + '=',
    ]) {
      assert.deepEqual(verifySessionProof(bad, { ...FOR_A, secrets: [CURRENT], now: NOW }), {
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('treats missing or short secrets and bad ids as misconfiguration, not as a bad proof', () => {
    assert.throws(() => verifySessionProof(proof, { ...FOR_A, secrets: [] }), InvalidCustomerInputError);
    assert.throws(
      () => issueSessionProof({ ...FOR_A, secret: 'short', ttlSeconds: 60 }),
      InvalidCustomerInputError,
    );
    assert.throws(
      () => issueSessionProof({ ...FOR_A, secret: CURRENT, ttlSeconds: 0 }),
      InvalidCustomerInputError,
    );
    assert.throws(
      () => issueSessionProof({ ...FOR_A, chargeId: 'a.b', secret: CURRENT, ttlSeconds: 60 }),
      (err: Error) => err instanceof InvalidCustomerInputError && /chargeId/.test(err.message),
    );
  });
});

describe('sealed session proofs', () => {
  const secrets = ['current-session-secret', 'previous-session-secret'];

  it('round-trips for its charge and opens with a previous secret during rotation', () => {
    const sealed = sealSessionProof('v2.cust-1.order-a.123.abc', [secrets[1]!], 'order-a');
    assert.doesNotMatch(sealed, /cust-1|order-a/);
    assert.equal(unsealSessionProof(sealed, secrets, 'order-a'), 'v2.cust-1.order-a.123.abc');
  });

  it('does not open for another charge (the charge id is the associated data)', () => {
    const sealed = sealSessionProof('v2.cust-1.order-a.123.abc', secrets, 'order-a');
    assert.equal(unsealSessionProof(sealed, secrets, 'order-b'), undefined);
  });

  it('refuses a tampered or truncated seal, an unknown secret or a plaintext proof', () => {
    const sealed = sealSessionProof('v2.cust-1.order-a.123.abc', secrets, 'order-a');
    assert.equal(unsealSessionProof(`${sealed.slice(0, -2)}AA`, secrets, 'order-a'), undefined);
    assert.equal(unsealSessionProof(sealed.slice(0, -16), secrets, 'order-a'), undefined);
    assert.equal(unsealSessionProof(sealed, ['some-other-secret-x'], 'order-a'), undefined);
    assert.equal(unsealSessionProof('v2.cust-1.order-a.123.abc', secrets, 'order-a'), undefined);
  });
});
