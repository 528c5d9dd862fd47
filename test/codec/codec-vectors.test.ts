import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Payload } from '@temporalio/common';
import { EncryptionCodec, encryptPayloadBytes } from '../../src/codec/index.js';
import { python, setupPythonCaller } from '../helpers/python-caller.js';
import {
  VECTORS_FILE,
  fromJson,
  loadVectors,
  serialise,
  toJson,
  vectorKeys,
  type JsonPayload,
} from './codec-vectors.js';

describe('the payload codec against its golden vectors, in TypeScript and in Python', function () {
  this.timeout(120_000);
  const vectors = loadVectors();
  const keys = vectorKeys(vectors);
  const codec = new EncryptionCodec(keys);
  let dir: string;

  before(async () => {
    await setupPythonCaller();
    dir = mkdtempSync(join(tmpdir(), 'codec-vectors-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const samples = (): Payload[] => [
    {
      metadata: { encoding: Buffer.from('json/plain') },
      data: Buffer.from(JSON.stringify({ n: 1, s: 'Zoë' })),
    },
    { metadata: { encoding: Buffer.from('binary/null') }, data: Buffer.alloc(0) },
    {
      metadata: { encoding: Buffer.from('binary/plain'), note: Buffer.from('x') },
      data: randomBytes(300),
    },
  ];
  const viaPython = async (command: 'encode' | 'decode', payloads: JsonPayload[]): Promise<JsonPayload[]> => {
    const file = join(dir, `${command}-${randomBytes(4).toString('hex')}.json`);
    writeFileSync(file, JSON.stringify({ keys: vectors.keys, payloads }));
    return JSON.parse(await python('codec_vectors.py', [command, file])) as JsonPayload[];
  };

  it('TypeScript encrypts each vector byte for byte and decrypts each one, older keys included', async () => {
    assert.ok(vectors.vectors.length >= 5);
    for (const v of vectors.vectors) {
      const key = keys.find((k) => k.id === v.keyId)!;
      assert.deepEqual(serialise(fromJson(v.payload)).toString('base64'), v.plaintext, v.name);
      const sealed = encryptPayloadBytes(
        key,
        Buffer.from(v.plaintext, 'base64'),
        Buffer.from(v.iv, 'base64'),
      );
      assert.deepEqual(toJson(sealed), v.encoded, v.name);
      const [opened] = await codec.decode([fromJson(v.encoded)]);
      assert.deepEqual(toJson(opened!), v.payload, v.name);
    }
  });

  it('TypeScript refuses every invalid vector (tampered, swapped or unknown key id, truncated)', async () => {
    for (const v of vectors.invalid) {
      await assert.rejects(codec.decode([fromJson(v.encoded)]), { name: 'PayloadDecryptionError' }, v.name);
    }
  });

  it('Python (examples/python-caller/codec.py) reproduces, decrypts and refuses the same vectors', async () => {
    const result = JSON.parse(await python('codec_vectors.py', ['check', VECTORS_FILE])) as {
      vectors: number;
      invalid: number;
      failures: string[];
    };
    assert.deepEqual(result, {
      vectors: vectors.vectors.length,
      invalid: vectors.invalid.length,
      failures: [],
    });
  });

  it('what TypeScript encodes, Python decodes', async () => {
    const payloads = samples();
    const encoded = await codec.encode(payloads);
    const decoded = await viaPython('decode', encoded.map(toJson));
    assert.deepEqual(decoded, payloads.map(toJson));
  });

  it('what Python encodes, TypeScript decodes', async () => {
    const payloads = samples();
    const encoded = await viaPython('encode', payloads.map(toJson));
    for (const p of encoded) {
      assert.equal(Buffer.from(p.metadata['encoding']!, 'base64').toString(), 'binary/encrypted');
      assert.equal(Buffer.from(p.metadata['encryption-key-id']!, 'base64').toString(), keys[0]!.id);
    }
    const decoded = await codec.decode(encoded.map(fromJson));
    assert.deepEqual(decoded.map(toJson), payloads.map(toJson));
  });
});
