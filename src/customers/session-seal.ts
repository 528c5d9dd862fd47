/**
 * Sealing a session proof for its trip through workflow history: the client API encrypts it (AES-256-GCM, key
 * derived from the session secret) before starting the workflow; only the authenticate activity opens it. A
 * leaked history therefore holds no usable credential.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'sealed.v1.';

function keyFor(secret: string): Buffer {
  return createHash('sha256').update(`session-proof-seal:${secret}`).digest();
}

export function isSealedSessionProof(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** Seals with the current (first) secret. */
export function sealSessionProof(proof: string, secrets: readonly string[]): string {
  const secret = secrets[0];
  if (!secret) throw new Error('no session proof secret configured');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret), iv);
  const body = Buffer.concat([cipher.update(proof, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64url')}.${body.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

/** Opens a sealed proof with any of the secrets (rotation); undefined when none opens it. */
export function unsealSessionProof(sealed: string, secrets: readonly string[]): string | undefined {
  if (!isSealedSessionProof(sealed)) return undefined;
  const [iv, body, tag] = sealed.slice(PREFIX.length).split('.');
  if (!iv || !body || !tag) return undefined;
  for (const secret of secrets) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', keyFor(secret), Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      // not this secret
    }
  }
  return undefined;
}
