import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec, PayloadDecryptionError, type PayloadKey } from '../../src/codec/index.js';

const k1: PayloadKey = { id: 'k1', key: randomBytes(32) };
const k2: PayloadKey = { id: 'k2', key: randomBytes(32) };
const VALUE = { customerId: 'cust-secret-1', paymentToken: 'pt::abc123', amountMinor: 4242 };
const plain = (): Payload => defaultPayloadConverter.toPayload(VALUE);
const meta = (payload: Payload, key: string): string =>
  Buffer.from(payload.metadata?.[key] ?? new Uint8Array()).toString();

describe('payload encryption codec', () => {
  it('encrypts the whole payload with the current key and decodes it back', async () => {
    const codec = new EncryptionCodec([k1]);
    const [encoded] = await codec.encode([plain()]);
    assert.equal(meta(encoded!, 'encoding'), 'binary/encrypted');
    assert.equal(meta(encoded!, 'encryption-key-id'), 'k1');
    const bytes = Buffer.from(encoded!.data!).toString('latin1');
    for (const secret of ['cust-secret-1', 'pt::abc123', '4242', 'json/plain'])
      assert.ok(!bytes.includes(secret), secret);
    const [decoded] = await codec.decode([encoded!]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(decoded!), VALUE);
    assert.equal(meta(decoded!, 'encoding'), 'json/plain');
  });

  it('decodes old payloads after a rotation and encodes new ones with the new current key', async () => {
    const [old] = await new EncryptionCodec([k1]).encode([plain()]);
    const rotated = new EncryptionCodec([k2, k1]);
    const [decoded] = await rotated.decode([old!]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(decoded!), VALUE);
    const [fresh] = await rotated.encode([plain()]);
    assert.equal(meta(fresh!, 'encryption-key-id'), 'k2');
  });

  it('names an unknown key id once the old key is dropped', async () => {
    const [old] = await new EncryptionCodec([k1]).encode([plain()]);
    await assert.rejects(new EncryptionCodec([k2]).decode([old!]), (err: Error) => {
      assert.ok(err instanceof PayloadDecryptionError);
      assert.match(err.message, /key id "k1", which is not configured \(PAYLOAD_KEYS has k2\)/);
      return true;
    });
  });

  it('refuses tampered data, a swapped key id or other key material', async () => {
    const [encoded] = await new EncryptionCodec([k1]).encode([plain()]);
    const data = Buffer.from(encoded!.data!);
    data[20] = data[20]! ^ 1;
    await assert.rejects(
      new EncryptionCodec([k1]).decode([{ ...encoded!, data }]),
      /wrong key material or tampered data/,
    );
    const swapped = {
      ...encoded!,
      metadata: { ...encoded!.metadata, 'encryption-key-id': Buffer.from('k2') },
    };
    await assert.rejects(
      new EncryptionCodec([{ id: 'k2', key: k1.key }]).decode([swapped]),
      PayloadDecryptionError,
    );
    await assert.rejects(
      new EncryptionCodec([{ id: 'k1', key: k2.key }]).decode([encoded!]),
      PayloadDecryptionError,
    );
  });

  it('passes payloads that are not encrypted through unchanged', async () => {
    const payload = plain();
    assert.deepEqual(await new EncryptionCodec([k1]).decode([payload]), [payload]);
  });

  it("in production refuses payloads that are not encrypted (they decode to null), except Temporal's marker data", async () => {
    const strict = new EncryptionCodec([k1], { refusePlaintext: true });
    const forged = defaultPayloadConverter.toPayload({ result: 'OK', uuid: 'x' });
    for (const payload of [
      forged,
      defaultPayloadConverter.toPayload('OK'),
      defaultPayloadConverter.toPayload(undefined),
    ]) {
      const [decoded] = await strict.decode([payload]);
      assert.equal(defaultPayloadConverter.fromPayload(decoded!), null, 'a refused payload decodes to null');
      assert.equal(decoded!.metadata?.['refused']?.toString(), 'plaintext');
    }
    const marker = defaultPayloadConverter.toPayload({ id: 'local-reads', deprecated: false });
    const laMarker = defaultPayloadConverter.toPayload({ seq: 1, attempt: 1, activity_type: 'x' });
    assert.deepEqual(await strict.decode([marker, laMarker]), [marker, laMarker]);
    const [sealed] = await strict.encode([plain()]);
    const [opened] = await strict.decode([sealed!]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(opened!), VALUE);
  });
});
