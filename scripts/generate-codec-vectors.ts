/**
 * Writes test/fixtures/codec-vectors.json, the payload codec's golden vectors (docs/codec.md). Published keys
 * made for the vectors only. Run once; vectors are never re-recorded, new ones are added next to them.
 *   npx tsx scripts/generate-codec-vectors.ts
 */
import { writeFileSync } from 'node:fs';
import type { Payload } from '@temporalio/common';
import { encryptPayloadBytes } from '../src/codec/encryption-codec.js';
import type { PayloadKey } from '../src/codec/keys.js';
import {
  VECTORS_FILE,
  serialise,
  toJson,
  type CodecVector,
  type CodecVectors,
  type JsonPayload,
} from '../test/codec/codec-vectors.js';

const keys: PayloadKey[] = [
  { id: 'vectors-2', key: Buffer.from('KDbNJv1mWcE4oVkmfSGCcTGWQ9o2rqjHa9nLxkRLIb0=', 'base64') },
  { id: 'vectors-1', key: Buffer.from('yrV5EySiaExjBxWHq3YlIhCHUP0lLPhk3WU7fYVvI6w=', 'base64') },
];
const json = (value: unknown): Payload => ({
  metadata: { encoding: Buffer.from('json/plain') },
  data: Buffer.from(JSON.stringify(value)),
});
const cases: { name: string; key: PayloadKey; iv: string; payload: Payload }[] = [
  { name: 'json string', key: keys[0]!, iv: '000102030405060708090a0b', payload: json('hello') },
  {
    name: 'charge request (non-ASCII text)',
    key: keys[0]!,
    iv: 'a1a2a3a4a5a6a7a8a9aaabac',
    payload: json({
      chargeId: 'order-1',
      customerId: 'cust-1',
      amountMinor: 1999,
      currency: 'EUR',
      initiator: 'merchant',
      description: 'Zoë’s Kaffee ☕',
    }),
  },
  {
    name: 'null (binary/null, empty data)',
    key: keys[0]!,
    iv: 'ffffffffffffffffffffffff',
    payload: { metadata: { encoding: Buffer.from('binary/null') }, data: Buffer.alloc(0) },
  },
  {
    name: 'two metadata entries',
    key: keys[0]!,
    iv: '0f0e0d0c0b0a090807060504',
    payload: {
      metadata: { encoding: Buffer.from('json/protobuf'), messageType: Buffer.from('example.v1.Thing') },
      data: Buffer.from('{"id":"x"}'),
    },
  },
  {
    name: 'older key (rotation: still decodes)',
    key: keys[1]!,
    iv: '1234567890abcdef12345678',
    payload: json({ status: 'succeeded', uuid: 'abb35b48ea38d4f3cff8' }),
  },
];

const vectors: CodecVector[] = cases.map((c) => {
  const plaintext = serialise(c.payload);
  return {
    name: c.name,
    keyId: c.key.id,
    iv: Buffer.from(c.iv, 'hex').toString('base64'),
    payload: toJson(c.payload),
    plaintext: plaintext.toString('base64'),
    encoded: toJson(encryptPayloadBytes(c.key, plaintext, Buffer.from(c.iv, 'hex'))),
  };
});

const first = vectors[0]!.encoded;
const data = Buffer.from(first.data, 'base64');
const withData = (bytes: Buffer): JsonPayload => ({ ...first, data: bytes.toString('base64') });
const flipped = (index: number): Buffer => {
  const copy = Buffer.from(data);
  copy[index] = copy[index]! ^ 0x01;
  return copy;
};
const file: CodecVectors = {
  note: 'Golden vectors of the payload codec (docs/codec.md). Keys published here for the vectors only.',
  keys: keys.map((k) => ({ id: k.id, key: k.key.toString('base64') })),
  vectors,
  invalid: [
    { name: 'ciphertext byte flipped', encoded: withData(flipped(12)) },
    { name: 'tag byte flipped', encoded: withData(flipped(data.length - 1)) },
    { name: 'IV byte flipped', encoded: withData(flipped(0)) },
    {
      name: 'key id swapped (associated data)',
      encoded: { ...first, metadata: { ...first.metadata, 'encryption-key-id': b64('vectors-1') } },
    },
    {
      name: 'unknown key id',
      encoded: { ...first, metadata: { ...first.metadata, 'encryption-key-id': b64('retired-0') } },
    },
    { name: 'truncated (shorter than IV + tag)', encoded: withData(data.subarray(0, 27)) },
  ],
};

function b64(text: string): string {
  return Buffer.from(text).toString('base64');
}

writeFileSync(VECTORS_FILE, `${JSON.stringify(file, null, 2)}\n`);
console.log(`wrote ${vectors.length} vectors and ${file.invalid.length} invalid ones to ${VECTORS_FILE}`);
