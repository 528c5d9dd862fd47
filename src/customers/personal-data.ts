/**
 * Personal data at rest (email, name): AES-256-GCM with a random 96-bit IV per value and the row id + column
 * as associated data, so a ciphertext copied to another row or column does not decrypt. Every stored value is
 * tagged so reading never has to guess: "e2:<keyId>:" sealed under a named key, "e1:" sealed under a key
 * without an id (a bare PERSONAL_DATA_KEY), "p:" plain (only ever written and read without a key).
 *
 * PERSONAL_DATA_KEY is a bare base64 key or, like PAYLOAD_KEYS, `keyId:base64key,…` with the current key
 * first: new values are sealed under it, older ones open under the key their id names ("e1:" values under any
 * configured key). Once a key is set, plaintext rows are refused.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PersonalDataError } from './errors.js';
import type { Customer } from './types.js';

const SEALED = 'e1:';
const SEALED_WITH_ID = 'e2:';
const PLAIN = 'p:';
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals and opens personal data values for storage. */
export interface PersonalDataCipher {
  /** True when values are encrypted; false when no key is configured (stored plaintext). */
  readonly encrypts: boolean;
  /** Value → stored text. `context` binds it to its place, e.g. "customer-42/email". */
  seal(value: string, context: string): string;
  /** Stored text → value; throws PersonalDataError when it cannot be decrypted. */
  open(stored: string, context: string): string;
}

interface PersonalDataKey {
  /** undefined: a bare key, sealing in the "e1:" form. */
  readonly id: string | undefined;
  readonly key: Buffer;
}

function parseKey(material: string): Buffer {
  const key = Buffer.from(material, 'base64');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(material) || key.length !== KEY_BYTES) {
    throw new PersonalDataError(`personalDataKey must be ${KEY_BYTES} bytes, base64-encoded`);
  }
  return key;
}

/** A bare key, or `keyId:base64key,…` (current first); never echoes key material. */
function parseKeys(spec: string): PersonalDataKey[] {
  const entries = spec
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new PersonalDataError('personalDataKey is empty');
  if (entries.length === 1 && !entries[0]!.includes(':'))
    return [{ id: undefined, key: parseKey(entries[0]!) }];
  const keys: PersonalDataKey[] = [];
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    if (!KEY_ID.test(id)) throw new PersonalDataError('personalDataKey entries must be keyId:base64key');
    if (keys.some((k) => k.id === id))
      throw new PersonalDataError(`personal data key id ${id} appears twice`);
    keys.push({ id, key: parseKey(entry.slice(colon + 1)) });
  }
  return keys;
}

function sealWith(k: PersonalDataKey, value: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', k.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const sealed = Buffer.concat([iv, cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const body = sealed.toString('base64url');
  return k.id === undefined ? SEALED + body : `${SEALED_WITH_ID}${k.id}:${body}`;
}

/** undefined when `key` does not open it (wrong key or tampered data). */
function openWith(key: Buffer, body: string, context: string): string | undefined {
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new PersonalDataError(`truncated ciphertext for ${context}`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, -TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}

/** A new random key in the format `personalDataKey` expects (32 bytes, base64). */
export function generatePersonalDataKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/**
 * A cipher for `personalDataKey` (a bare 32-byte base64 key, or `keyId:base64key,…` current first), or a
 * plaintext pass-through when no key is given.
 */
export function createPersonalDataCipher(personalDataKey?: string): PersonalDataCipher {
  const keys = personalDataKey === undefined ? [] : parseKeys(personalDataKey);
  const current = keys[0];
  return {
    encrypts: current !== undefined,
    seal(value, context) {
      return current ? sealWith(current, value, context) : PLAIN + value;
    },
    open(stored, context) {
      if (stored.startsWith(PLAIN)) {
        if (current) {
          throw new PersonalDataError(
            `${context} is stored in plaintext, refused once a personalDataKey is set`,
          );
        }
        return stored.slice(PLAIN.length);
      }
      let candidates: readonly PersonalDataKey[];
      let body: string;
      if (stored.startsWith(SEALED_WITH_ID)) {
        const rest = stored.slice(SEALED_WITH_ID.length);
        const colon = rest.indexOf(':');
        const id = rest.slice(0, Math.max(colon, 0));
        body = rest.slice(colon + 1);
        candidates = keys.filter((k) => k.id === id);
        if (colon < 0 || candidates.length === 0)
          throw new PersonalDataError(
            `${context} is sealed under a personal data key id that is not configured`,
          );
      } else if (stored.startsWith(SEALED)) {
        body = stored.slice(SEALED.length);
        candidates = keys;
      } else {
        throw new PersonalDataError(`unrecognised stored value for ${context}`);
      }
      if (!current)
        throw new PersonalDataError(`${context} is encrypted but no personalDataKey is configured`);
      for (const k of candidates) {
        const value = openWith(k.key, body, context);
        if (value !== undefined) return value;
      }
      throw new PersonalDataError(`cannot decrypt ${context}: wrong key or tampered data`);
    },
  };
}

/** A customer without personal data: what logs, workflow inputs/results and search attributes may carry. */
export type RedactedCustomer = Omit<Customer, 'email' | 'name'>;

/** Copy of `customer` without email and name, safe for logs and workflow history. */
export function redactCustomer(customer: Customer): RedactedCustomer {
  const { email: _email, name: _name, ...rest } = customer;
  return { ...rest, ...(rest.mandate ? { mandate: { ...rest.mandate } } : {}) };
}
