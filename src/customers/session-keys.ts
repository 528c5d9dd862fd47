/**
 * Keys derived from SESSION_PROOF_SECRETS with HKDF-SHA256, one per purpose (distinct info labels): the key
 * that signs proofs never seals them, and neither is the configured secret itself.
 */
import { hkdfSync } from 'node:crypto';

export type SessionKeyPurpose = 'sign' | 'seal';

const SALT = 'ixopay-temporal session proofs';
const cache = new Map<string, Buffer>();

export function sessionProofKey(secret: string, purpose: SessionKeyPurpose): Buffer {
  const id = `${purpose}\u0000${secret}`;
  let key = cache.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, SALT, `ixopay-temporal/session-proof/${purpose}/v2`, 32));
    if (cache.size > 64) cache.clear();
    cache.set(id, key);
  }
  return key;
}
