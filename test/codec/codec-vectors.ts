/**
 * Golden vectors of the payload codec (test/fixtures/codec-vectors.json, format in docs/codec.md): the JSON
 * form of payloads (metadata values and data in base64) and the TypeScript side's checks of each vector.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Payload } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { PayloadKey } from '../../src/codec/keys.js';

const ProtoPayload = proto.temporal.api.common.v1.Payload;

export const VECTORS_FILE = fileURLToPath(new URL('../fixtures/codec-vectors.json', import.meta.url));

/** A payload as JSON: metadata values and data base64-encoded. */
export interface JsonPayload {
  readonly metadata: Readonly<Record<string, string>>;
  readonly data: string;
}

export interface CodecVector {
  readonly name: string;
  readonly keyId: string;
  /** 12 bytes, base64. */
  readonly iv: string;
  /** The Payload before encryption. */
  readonly payload: JsonPayload;
  /** Its protobuf serialisation (what is encrypted), base64. */
  readonly plaintext: string;
  /** The encrypted payload as stored by Temporal. */
  readonly encoded: JsonPayload;
}

export interface InvalidVector {
  readonly name: string;
  readonly encoded: JsonPayload;
}

export interface CodecVectors {
  readonly note: string;
  /** Current key first (the one new payloads use), then older ones still accepted. */
  readonly keys: readonly { readonly id: string; readonly key: string }[];
  readonly vectors: readonly CodecVector[];
  /** Each must be refused: tampered data, a swapped key id, an unknown key id, a truncated body. */
  readonly invalid: readonly InvalidVector[];
}

export function loadVectors(): CodecVectors {
  return JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as CodecVectors;
}

export function vectorKeys(vectors: Pick<CodecVectors, 'keys'>): PayloadKey[] {
  return vectors.keys.map((k) => ({ id: k.id, key: Buffer.from(k.key, 'base64') }));
}

const b64 = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? []).toString('base64');

export function toJson(payload: Payload): JsonPayload {
  const metadata = Object.fromEntries(
    Object.entries(payload.metadata ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, b64(v)]),
  );
  return { metadata, data: b64(payload.data) };
}

export function fromJson(json: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(json.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: Buffer.from(json.data, 'base64'),
  };
}

export function serialise(payload: Payload): Buffer {
  return Buffer.from(ProtoPayload.encode(payload).finish());
}
