/**
 * Payload encryption keys: `PAYLOAD_KEYS` = `keyId:base64key,keyId:base64key,…`, the current key first, older
 * ones after it (they still decrypt what they encrypted; new payloads always use the current key). Each key is
 * 32 random bytes (AES-256), e.g. `openssl rand -base64 32`.
 */
export interface PayloadKey {
  /** Stored in each payload's `encryption-key-id` metadata, so a payload names the key that opens it. */
  readonly id: string;
  readonly key: Buffer;
}

export class PayloadKeyError extends Error {
  override readonly name = 'PayloadKeyError';
}

export const PAYLOAD_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$|^[A-Za-z0-9_-]+$/;

/**
 * The embedded default's key: published in this repository, so it protects nothing. Development mode only;
 * production mode refuses it (see src/config/production.ts).
 */
export const DEV_PAYLOAD_KEY_ID = 'dev-1';
export const DEV_PAYLOAD_KEY = '2bwiBweGdMcpJm39HwcMCssQ3VAy4Y105Lvxo7w5gvo=';
export const DEV_PAYLOAD_KEYS = `${DEV_PAYLOAD_KEY_ID}:${DEV_PAYLOAD_KEY}`;

/** Parses a PAYLOAD_KEYS value; throws PayloadKeyError naming the first bad entry (never its key material). */
export function parsePayloadKeys(spec: string): PayloadKey[] {
  const entries = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new PayloadKeyError('at least one keyId:base64key is required');
  const keys: PayloadKey[] = [];
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const material = colon < 0 ? '' : entry.slice(colon + 1);
    if (!KEY_ID.test(id)) {
      throw new PayloadKeyError(
        `entry ${index + 1} must be keyId:base64key with keyId matching ${KEY_ID.source}`,
      );
    }
    const key = Buffer.from(material, 'base64');
    if (!BASE64.test(material) || key.length !== PAYLOAD_KEY_BYTES) {
      throw new PayloadKeyError(`key ${id} must be ${PAYLOAD_KEY_BYTES} bytes, base64-encoded`);
    }
    if (keys.some((k) => k.id === id)) throw new PayloadKeyError(`key id ${id} appears twice`);
    keys.push({ id, key });
  });
  return keys;
}

export const DEV_PAYLOAD_KEY_LIST: readonly PayloadKey[] = parsePayloadKeys(DEV_PAYLOAD_KEYS);
