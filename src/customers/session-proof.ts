/**
 * Session proofs: the merchant's login vouches that a customer is present, so a customer-initiated charge may
 * run. Compact and self-contained: `v1.<customerId>.<expiresAtEpochSeconds>.<base64url HMAC-SHA256>`.
 * Verification accepts several secrets (current first, then previous) so secrets can rotate without logging
 * everybody out, and compares in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BUSINESS_ID } from '../ids.js';
import { InvalidCustomerInputError } from './errors.js';

const VERSION = 'v1';
/** A short HMAC secret is guessable offline from one captured proof. */
export const MIN_SESSION_SECRET_LENGTH = 16;
const SHAPE = /^v1\.([A-Za-z0-9][A-Za-z0-9_-]{0,39})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

export interface IssueSessionProofOptions {
  readonly customerId: string;
  readonly secret: string;
  readonly ttlSeconds: number;
  readonly now?: Date;
}

export interface VerifySessionProofOptions {
  /** The customer the charge is for; a proof for anybody else is refused. */
  readonly customerId: string;
  /** Current secret first, then previous ones still accepted during rotation. */
  readonly secrets: readonly string[];
  readonly now?: Date;
}

export type SessionProofFailure = 'malformed' | 'expired' | 'wrong-customer' | 'bad-signature';
export type SessionProofResult =
  { readonly ok: true } | { readonly ok: false; readonly reason: SessionProofFailure };

function checkSecret(secret: string): void {
  if (secret.length < MIN_SESSION_SECRET_LENGTH) {
    throw new InvalidCustomerInputError(
      [{ path: 'secret', message: `must have at least ${MIN_SESSION_SECRET_LENGTH} characters` }],
      'session proof secret',
    );
  }
}

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('base64url');
}

function epochSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

/** Issues a proof that `customerId` logged in, valid for `ttlSeconds` from `now`. */
export function issueSessionProof(options: IssueSessionProofOptions): string {
  const { customerId, secret, ttlSeconds, now = new Date() } = options;
  if (!BUSINESS_ID.test(customerId)) {
    throw new InvalidCustomerInputError(
      [{ path: 'customerId', message: 'must be a business id' }],
      'session proof',
    );
  }
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new InvalidCustomerInputError([{ path: 'ttlSeconds', message: 'must be a positive integer' }]);
  }
  checkSecret(secret);
  const payload = `${VERSION}.${customerId}.${epochSeconds(now) + ttlSeconds}`;
  return `${payload}.${sign(payload, secret)}`;
}

/**
 * Checks a proof: shape, then signature (any of `secrets`), then customer, then expiry. Never throws for a bad
 * proof; throws InvalidCustomerInputError only for a misconfiguration (no secrets, a too short secret).
 */
export function verifySessionProof(proof: string, options: VerifySessionProofOptions): SessionProofResult {
  const { customerId, secrets, now = new Date() } = options;
  if (secrets.length === 0) {
    throw new InvalidCustomerInputError([{ path: 'secrets', message: 'at least one secret is required' }]);
  }
  secrets.forEach(checkSecret);
  const match = SHAPE.exec(proof);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, provenCustomer, expiresAt, signature] = match as unknown as [string, string, string, string];

  const payload = `${VERSION}.${provenCustomer}.${expiresAt}`;
  // Compare the base64url text, not decoded bytes: lenient decoding would accept several spellings.
  const given = Buffer.from(signature, 'utf8');
  let signed = false;
  for (const secret of secrets) {
    if (timingSafeEqual(Buffer.from(sign(payload, secret), 'utf8'), given)) signed = true;
  }
  if (!signed) return { ok: false, reason: 'bad-signature' };
  if (provenCustomer !== customerId) return { ok: false, reason: 'wrong-customer' };
  if (Number(expiresAt) <= epochSeconds(now)) return { ok: false, reason: 'expired' };
  return { ok: true };
}
