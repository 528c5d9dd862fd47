import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  EncryptionCodec,
  bearerMatches,
  startCodecServer,
  type CodecServer,
  type PayloadKey,
} from '../../src/codec/index.js';

const UI = 'http://localhost:8233';
const TOKEN = 'codec-token-0123456789abcdef';
const k1: PayloadKey = { id: 'k1', key: randomBytes(32) };
const k2: PayloadKey = { id: 'k2', key: randomBytes(32) };
const VALUE = { customerId: 'cust-7', paymentToken: 'pt::xyz', amountMinor: 1999 };

const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data!).toString('base64'),
});
const fromJson = (p: { metadata: Record<string, string>; data: string }): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data, 'base64'),
});

describe('codec server (remote codec endpoint for the Web UI)', () => {
  const servers: CodecServer[] = [];
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });
  const start = async (keys: PayloadKey[], token: string | null = TOKEN): Promise<CodecServer> => {
    const server = await startCodecServer({
      codec: new EncryptionCodec(keys),
      token: token ?? undefined,
      corsOrigins: [UI],
    });
    servers.push(server);
    return server;
  };
  const encrypted = async (keys: PayloadKey[]) =>
    (await new EncryptionCodec(keys).encode([defaultPayloadConverter.toPayload(VALUE)])).map(toJson);
  const post = (server: CodecServer, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('decodes for an authorised request from the Web UI, with CORS for its origin', async () => {
    const server = await start([k1]);
    const res = await post(server, '/decode', { payloads: await encrypted([k1]) }, { ...auth, origin: UI });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), UI);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    const { payloads } = (await res.json()) as {
      payloads: { metadata: Record<string, string>; data: string }[];
    };
    assert.deepEqual(defaultPayloadConverter.fromPayload(fromJson(payloads[0]!)), VALUE);
  });

  it('encodes for an authorised request (signals sent from the UI stay encrypted)', async () => {
    const server = await start([k1]);
    const res = await post(
      server,
      '/encode',
      { payloads: [toJson(defaultPayloadConverter.toPayload(VALUE))] },
      auth,
    );
    assert.equal(res.status, 200);
    const { payloads } = (await res.json()) as {
      payloads: { metadata: Record<string, string>; data: string }[];
    };
    const [back] = await new EncryptionCodec([k1]).decode([fromJson(payloads[0]!)]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(back!), VALUE);
  });

  it('answers the preflight of the allowed origin only', async () => {
    const server = await start([k1]);
    const preflight = (origin: string) =>
      fetch(`${server.url}/decode`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,x-namespace',
        },
      });
    const ok = await preflight(UI);
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), UI);
    assert.match(
      ok.headers.get('access-control-allow-headers') ?? '',
      /Authorization, Content-Type, X-Namespace/,
    );
    assert.match(ok.headers.get('access-control-allow-methods') ?? '', /POST/);
    const evil = await preflight('https://evil.example');
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
  });

  it('refuses a missing or wrong token (401) and another origin even with the token (403)', async () => {
    const server = await start([k1]);
    const body = { payloads: await encrypted([k1]) };
    assert.equal((await post(server, '/decode', body)).status, 401);
    assert.equal((await post(server, '/decode', body, { origin: UI })).status, 401);
    assert.equal((await post(server, '/decode', body, { authorization: `Bearer ${TOKEN}x` })).status, 401);
    assert.equal((await post(server, '/decode', body, { authorization: TOKEN })).status, 401);
    assert.equal(
      (await post(server, '/decode', body, { ...auth, origin: 'https://evil.example' })).status,
      403,
    );
  });

  it('refuses a malformed body with 400', async () => {
    const server = await start([k1]);
    for (const bad of ['not json', '{}', '{"payloads":[{"data":"***"}]}', '{"payloads":"x"}']) {
      assert.equal((await post(server, '/decode', bad, auth)).status, 400, bad);
    }
    assert.equal((await fetch(`${server.url}/decode`, { headers: auth })).status, 405);
    assert.equal((await post(server, '/other', {}, auth)).status, 404);
  });

  it('still decodes a payload of the old key after a rotation, and answers a generic error once it is dropped', async () => {
    const old = await encrypted([k1]);
    const rotated = await start([k2, k1]);
    assert.equal((await post(rotated, '/decode', { payloads: old }, auth)).status, 200);
    const dropped = await start([k2]);
    const res = await post(dropped, '/decode', { payloads: old }, auth);
    assert.equal(res.status, 422);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const text = await res.text();
    assert.equal(text, 'cannot decode these payloads');
    assert.doesNotMatch(text, /k1|k2/);
    for (const status of [
      await post(dropped, '/decode', { payloads: 'x' }, auth),
      await post(dropped, '/nowhere', {}, auth),
    ])
      assert.equal(status.headers.get('x-content-type-options'), 'nosniff');
  });

  it('without a token (development) serves only the allowed Web UI origin', async () => {
    const server = await start([k1], null);
    const body = { payloads: await encrypted([k1]) };
    assert.equal((await post(server, '/decode', body, { origin: UI })).status, 200);
    assert.equal((await post(server, '/decode', body)).status, 401);
    assert.equal((await post(server, '/decode', body, { origin: 'https://evil.example' })).status, 403);
  });

  it('compares bearer tokens exactly', () => {
    assert.equal(bearerMatches(`Bearer ${TOKEN}`, TOKEN), true);
    for (const header of [undefined, '', 'Bearer ', `Basic ${TOKEN}`, `Bearer ${TOKEN.slice(1)}`])
      assert.equal(bearerMatches(header, TOKEN), false, String(header));
  });
});
