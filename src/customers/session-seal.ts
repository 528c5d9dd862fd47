/**
 * Sealing a session proof for its trip through workflow history: the client API encrypts it (AES-256-GCM
 * with a key derived from the session secret by HKDF, purpose `seal`) before starting the workflow, with the
 * charge id as associated data; only the authenticate activity opens it, and only for that charge. A leaked
 * history therefore holds no usable credential, and a sealed proof copied into another charge does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { sessionProofKey } from './session-keys.js';

const PREFIX = 'sealed.v2.';

const associatedData = (chargeId: string): Buffer => Buffer.from(`charge:${chargeId}`, 'utf8');

export function isSealedSessionProof(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** Seals with the current (first) secret for the charge `chargeId`. */
export function sealSessionProof(proof: string, secrets: readonly string[], chargeId: string): string {
  const secret = secrets[0];
  if (!secret) throw new Error('no session proof secret configured');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sessionProofKey(secret, 'seal'), iv, { authTagLength: 16 });
  cipher.setAAD(associatedData(chargeId));
  const body = Buffer.concat([cipher.update(proof, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64url')}.${body.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

/** Opens a proof sealed for `chargeId` with any of the secrets (rotation); undefined when none opens it. */
export function unsealSessionProof(
  sealed: string,
  secrets: readonly string[],
  chargeId: string,
): string | undefined {
  if (!isSealedSessionProof(sealed)) return undefined;
  const [iv, body, tag, extra] = sealed.slice(PREFIX.length).split('.');
  if (!iv || !body || !tag || extra !== undefined) return undefined;
  for (const secret of secrets) {
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        sessionProofKey(secret, 'seal'),
        Buffer.from(iv, 'base64url'),
        { authTagLength: 16 },
      );
      decipher.setAAD(associatedData(chargeId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      // not this secret, or not this charge
    }
  }
  return undefined;
}
