/**
 * Session proofs: the merchant's login vouches that a customer is present, so one customer-initiated charge
 * may run. Compact and self-contained:
 * `v2.<customerId>.<chargeId>.<expiresAtEpochSeconds>.<base64url HMAC-SHA256>`, signed with a key derived
 * from the secret (HKDF, see session-keys.ts). Bound to the customer AND the charge it was issued for: a proof
 * for charge A is refused for charge B. Verification accepts several secrets (current first, then previous)
 * so secrets can rotate without logging everybody out, and compares in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BUSINESS_ID } from '../ids.js';
import { InvalidCustomerInputError } from './errors.js';
import { sessionProofKey } from './session-keys.js';

const VERSION = 'v2';
/** A short HMAC secret is guessable offline from one captured proof. */
export const MIN_SESSION_SECRET_LENGTH = 16;
const ID = '[A-Za-z0-9][A-Za-z0-9_-]{0,39}';
const SHAPE = new RegExp(`^v2\\.(${ID})\\.(${ID})\\.(\\d{1,12})\\.([A-Za-z0-9_-]{43})$`);

export interface IssueSessionProofOptions {
  readonly customerId: string;
  /** The charge this proof allows (ChargeRequest.chargeId); it is refused for any other. */
  readonly chargeId: string;
  readonly secret: string;
  readonly ttlSeconds: number;
  readonly now?: Date;
}

export interface VerifySessionProofOptions {
  /** The customer the charge is for; a proof for anybody else is refused. */
  readonly customerId: string;
  /** The charge being authenticated; a proof issued for another charge is refused. */
  readonly chargeId: string;
  /** Current secret first, then previous ones still accepted during rotation. */
  readonly secrets: readonly string[];
  readonly now?: Date;
}

export type SessionProofFailure =
  'malformed' | 'expired' | 'wrong-customer' | 'wrong-charge' | 'bad-signature';
export type SessionProofResult =
  { readonly ok: true } | { readonly ok: false; readonly reason: SessionProofFailure };

export function checkSessionSecret(secret: string): void {
  if (secret.length < MIN_SESSION_SECRET_LENGTH) {
    throw new InvalidCustomerInputError(
      [{ path: 'secret', message: `must have at least ${MIN_SESSION_SECRET_LENGTH} characters` }],
      'session proof secret',
    );
  }
}

function sign(payload: string, secret: string): string {
  return createHmac('sha256', sessionProofKey(secret, 'sign')).update(payload, 'utf8').digest('base64url');
}

function epochSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

/** Issues a proof that `customerId` logged in and may run charge `chargeId`, valid for `ttlSeconds`. */
export function issueSessionProof(options: IssueSessionProofOptions): string {
  const { customerId, chargeId, secret, ttlSeconds, now = new Date() } = options;
  const bad = [
    ...(BUSINESS_ID.test(customerId) ? [] : [{ path: 'customerId', message: 'must be a business id' }]),
    ...(typeof chargeId === 'string' && BUSINESS_ID.test(chargeId)
      ? []
      : [{ path: 'chargeId', message: 'must be a business id' }]),
  ];
  if (bad.length > 0) throw new InvalidCustomerInputError(bad, 'session proof');
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new InvalidCustomerInputError([{ path: 'ttlSeconds', message: 'must be a positive integer' }]);
  }
  checkSessionSecret(secret);
  const payload = `${VERSION}.${customerId}.${chargeId}.${epochSeconds(now) + ttlSeconds}`;
  return `${payload}.${sign(payload, secret)}`;
}

/**
 * Checks a proof: shape, then signature (any of `secrets`), then customer, charge and expiry. Never throws for
 * a bad proof; throws InvalidCustomerInputError only for a misconfiguration (no secrets, a too short secret).
 */
export function verifySessionProof(proof: string, options: VerifySessionProofOptions): SessionProofResult {
  const { customerId, chargeId, secrets, now = new Date() } = options;
  if (secrets.length === 0) {
    throw new InvalidCustomerInputError([{ path: 'secrets', message: 'at least one secret is required' }]);
  }
  secrets.forEach(checkSessionSecret);
  const match = SHAPE.exec(proof);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, provenCustomer, provenCharge, expiresAt, signature] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];

  const payload = `${VERSION}.${provenCustomer}.${provenCharge}.${expiresAt}`;
  // Compare the base64url text, not decoded bytes: lenient decoding would accept several spellings.
  const given = Buffer.from(signature, 'utf8');
  let signed = false;
  for (const secret of secrets) {
    if (timingSafeEqual(Buffer.from(sign(payload, secret), 'utf8'), given)) signed = true;
  }
  if (!signed) return { ok: false, reason: 'bad-signature' };
  if (provenCustomer !== customerId) return { ok: false, reason: 'wrong-customer' };
  if (provenCharge !== chargeId) return { ok: false, reason: 'wrong-charge' };
  if (Number(expiresAt) <= epochSeconds(now)) return { ok: false, reason: 'expired' };
  return { ok: true };
}
