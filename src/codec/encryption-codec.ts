/**
 * AES-256-GCM payload codec with key ids: every payload Temporal stores (inputs, results, signals, queries'
 * answers, memos, failure messages with encodeCommonAttributes) is the ciphertext of the whole original
 * payload (metadata and data, protobuf-serialised). Metadata left in clear: `encoding: binary/encrypted` and
 * `encryption-key-id`, which names the key that opens it, so keys rotate: new payloads use the current key,
 * payloads written under an older key decode as long as that key stays configured.
 *
 * Layout of `data`: 12-byte IV ‖ ciphertext ‖ 16-byte tag; the key id is the GCM associated data, so a
 * payload's key id cannot be swapped.
 *
 * Payloads not marked encrypted: with `refusePlaintext` (production) only Temporal's own marker data passes
 * (local-activity and patch markers, which the SDK core writes without a codec); anything else, e.g. a signal
 * sent in clear by someone allowed to signal the namespace, is refused: it decodes to JSON `null` (marked
 * `refused: plaintext`), a value every handler ignores. Throwing instead would fail the workflow task each
 * time the history is replayed: one forged signal would stop the charge for good.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { PayloadKey } from './keys.js';

export const ENCRYPTED_ENCODING = 'binary/encrypted';

/** What a refused plaintext payload decodes to: JSON null, marked so. */
export const REFUSED_PLAINTEXT: Payload = {
  metadata: { [METADATA_ENCODING_KEY]: Buffer.from('json/plain'), refused: Buffer.from('plaintext') },
  data: Buffer.from('null'),
};
export const METADATA_KEY_ID = 'encryption-key-id';
// CommonJS module: its namespace is only reachable through the default import under plain Node ESM.
const ProtoPayload = proto.temporal.api.common.v1.Payload;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

const text = (bytes: Uint8Array | null | undefined): string | undefined =>
  bytes ? Buffer.from(bytes).toString('utf8') : undefined;

/** Keys of the JSON marker data the SDK core writes in clear (local activities, patches). */
export const SDK_MARKER_KEYS: ReadonlySet<string> = new Set([
  'seq',
  'attempt',
  'activity_id',
  'activity_type',
  'complete_time',
  'backoff',
  'original_schedule_time',
  'id',
  'deprecated',
]);

/** True for Temporal's own plaintext marker data: a JSON object with marker keys only. */
export function isSdkMarkerPayload(payload: Payload): boolean {
  if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== 'json/plain') return false;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload.data ?? new Uint8Array()).toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const keys = Object.keys(value);
    return keys.length > 0 && keys.every((k) => SDK_MARKER_KEYS.has(k));
  } catch {
    return false;
  }
}

/**
 * The wire format (docs/codec.md): `plain` is the serialised Payload; the result's data is IV ‖ ciphertext ‖ tag
 * with the key id as associated data. The IV is a parameter only so golden vectors can be reproduced.
 */
export function encryptPayloadBytes(key: PayloadKey, plain: Uint8Array, iv: Uint8Array): Payload {
  if (iv.length !== IV_BYTES) throw new PayloadDecryptionError(`the IV must be ${IV_BYTES} bytes`);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(key.id, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return {
    metadata: {
      [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
      [METADATA_KEY_ID]: Buffer.from(key.id),
    },
    data: Buffer.concat([iv, body, cipher.getAuthTag()]),
  };
}

export interface EncryptionCodecOptions {
  /** Refuse payloads not encrypted, except Temporal's own marker data (production mode). */
  readonly refusePlaintext?: boolean;
}

export class EncryptionCodec implements PayloadCodec {
  private readonly current: PayloadKey;
  private readonly byId: ReadonlyMap<string, Buffer>;
  private readonly refusePlaintext: boolean;

  /** `keys`: the current key first, then older ones still accepted for decoding. */
  constructor(keys: readonly PayloadKey[], options: EncryptionCodecOptions = {}) {
    this.refusePlaintext = options.refusePlaintext ?? false;
    const [current] = keys;
    if (!current) throw new PayloadDecryptionError('EncryptionCodec needs at least one key');
    this.current = current;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve().then(() => payloads.map((payload) => this.encrypt(payload)));
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve().then(() => payloads.map((payload) => this.decrypt(payload)));
  }

  private encrypt(payload: Payload): Payload {
    return encryptPayloadBytes(this.current, ProtoPayload.encode(payload).finish(), randomBytes(IV_BYTES));
  }

  /** Payloads that are not encrypted pass through unchanged unless plaintext is refused (see above). */
  private decrypt(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) {
      if (!this.refusePlaintext || isSdkMarkerPayload(payload)) return payload;
      return REFUSED_PLAINTEXT;
    }
    const keyId = text(payload.metadata?.[METADATA_KEY_ID]);
    if (!keyId) throw new PayloadDecryptionError(`encrypted payload without ${METADATA_KEY_ID} metadata`);
    const key = this.byId.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        `payload encrypted with key id "${keyId}", which is not configured (PAYLOAD_KEYS has ${[...this.byId.keys()].join(', ')})`,
      );
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(`encrypted payload under key "${keyId}" is truncated`);
    }
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(keyId, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new PayloadDecryptionError(
        `cannot decrypt payload under key "${keyId}": wrong key material or tampered data`,
      );
    }
    return ProtoPayload.decode(plain);
  }
}
