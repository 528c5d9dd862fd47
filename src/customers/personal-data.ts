/**
 * Personal data at rest (email, name): AES-256-GCM with a random 96-bit IV per value and the row id + column
 * as associated data, so a ciphertext copied to another row or column does not decrypt. Every stored value is
 * tagged ("e1:" sealed, "p:" plain) so reading never has to guess, and a store that gains a key later still
 * reads its older plaintext rows (they are sealed on their next write).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PersonalDataError } from './errors.js';
import type { Customer } from './types.js';

const SEALED = 'e1:';
const PLAIN = 'p:';
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

function parseKey(personalDataKey: string): Buffer {
  const key = Buffer.from(personalDataKey, 'base64');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(personalDataKey) || key.length !== KEY_BYTES) {
    throw new PersonalDataError(`personalDataKey must be ${KEY_BYTES} bytes, base64-encoded`);
  }
  return key;
}

/** A new random key in the format `personalDataKey` expects (32 bytes, base64). */
export function generatePersonalDataKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** A cipher for `personalDataKey` (32 bytes, base64), or a plaintext pass-through when no key is given. */
export function createPersonalDataCipher(personalDataKey?: string): PersonalDataCipher {
  const key = personalDataKey === undefined ? undefined : parseKey(personalDataKey);
  return {
    encrypts: key !== undefined,
    seal(value, context) {
      if (!key) return PLAIN + value;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const sealed = Buffer.concat([iv, cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return SEALED + sealed.toString('base64url');
    },
    open(stored, context) {
      if (stored.startsWith(PLAIN)) return stored.slice(PLAIN.length);
      if (!stored.startsWith(SEALED)) throw new PersonalDataError(`unrecognised stored value for ${context}`);
      if (!key) throw new PersonalDataError(`${context} is encrypted but no personalDataKey is configured`);
      const bytes = Buffer.from(stored.slice(SEALED.length), 'base64url');
      if (bytes.length < IV_BYTES + TAG_BYTES)
        throw new PersonalDataError(`truncated ciphertext for ${context}`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(bytes.subarray(IV_BYTES, -TAG_BYTES)),
          decipher.final(),
        ]);
        return plain.toString('utf8');
      } catch {
        throw new PersonalDataError(`cannot decrypt ${context}: wrong key or tampered data`);
      }
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
