import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GatewayClient,
  GatewayHttpError,
  GatewayMalformedResponseError,
  GatewayNetworkError,
  GatewayRateLimitedError,
  GatewayRejectedError,
  GatewayTimeoutError,
  transactionError,
  type GatewayConfig,
} from '../../src/gateway/index.js';
import {
  BODY_HASH_ALGORITHMS,
  CONTENT_TYPE_JSON,
  hashPassword,
  verify,
} from '../../src/gateway/signature.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}
type Handler = (seen: Seen, res: ServerResponse, index: number) => void;

/** A throwaway gateway on a free port; each test sets `handler` and reads `seen`. */
function throwawayGateway() {
  const state = { handler: ((_s, res) => res.end('{}')) as Handler, seen: [] as Seen[] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      state.seen.push(seen);
      state.handler(seen, res, state.seen.length - 1);
    });
  });
  return {
    state,
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const json = (res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const debit = {
  merchantTransactionId: 'c.abc.d1',
  amount: 999,
  currency: 'EUR',
  transactionToken: 'pt::1',
} as const;
const finished = { success: true, uuid: 'u-1', purchaseId: 'p-1', returnType: 'FINISHED' };
const statusReply = {
  success: true,
  transactionStatus: 'SUCCESS',
  uuid: 'u-1',
  merchantTransactionId: 'c.abc.d1',
  amount: '9.99',
  currency: 'EUR',
};

describe('gateway client over HTTP', () => {
  const gateway = throwawayGateway();
  let baseUrl = '';
  const client = (overrides: Partial<GatewayConfig> = {}) =>
    new GatewayClient({
      baseUrl,
      apiKey: 'key/1',
      username: 'api-user',
      password: 'pw',
      timeoutMs: 2000,
      ...overrides,
    });

  before(async () => {
    baseUrl = await gateway.start();
  });
  beforeEach(() => {
    gateway.state.seen = [];
  });
  after(async () => {
    await gateway.close();
  });

  it('posts the encoded debit with JSON headers, an encoded API key and Basic auth', async () => {
    gateway.state.handler = (_s, res) => json(res, finished);
    const reply = await client().debit({ ...debit, description: null });
    assert.equal(reply.uuid, 'u-1');
    const [seen] = gateway.state.seen;
    assert.equal(seen?.method, 'POST');
    assert.equal(seen?.url, '/api/v3/transaction/key%2F1/debit');
    assert.equal(seen?.headers['content-type'], CONTENT_TYPE_JSON);
    assert.equal(seen?.headers['accept'], 'application/json');
    assert.deepEqual(JSON.parse(seen?.body ?? ''), { ...debit, amount: '9.99' });
    assert.equal(seen?.headers['authorization'], `Basic ${Buffer.from('api-user:pw').toString('base64')}`);
  });

  it('sends the SHA-1×10 password in Basic auth when configured as hashed', async () => {
    gateway.state.handler = (_s, res) => json(res, finished);
    await client({ passwordMode: 'hashed' }).debit(debit);
    const expected = `Basic ${Buffer.from(`api-user:${hashPassword('pw')}`).toString('base64')}`;
    assert.equal(gateway.state.seen[0]?.headers['authorization'], expected);
  });

  it('signs every request so the gateway verifies it, with either body hash', async () => {
    gateway.state.handler = (seen, res) => {
      const result = verify(
        {
          method: seen.method,
          body: seen.body,
          contentType: String(seen.headers['content-type']),
          date: seen.headers['date'] ?? String(seen.headers['x-date']),
          requestUri: seen.url,
          signature: String(seen.headers['x-signature']),
        },
        { secrets: ['shared'], algorithms: BODY_HASH_ALGORITHMS, toleranceSeconds: 300 },
      );
      if (!result.ok) return json(res, { success: false, errorCode: 1004, errorMessage: result.reason });
      json(
        res,
        seen.method === 'GET' ? statusReply : { ...finished, extraData: { algorithm: result.algorithm } },
      );
    };
    for (const bodyHash of ['md5', 'sha512'] as const) {
      const signed = client({ sharedSecret: 'shared', bodyHash });
      assert.deepEqual((await signed.debit(debit)).extraData, { algorithm: bodyHash });
      assert.equal((await signed.getByMerchantTransactionId('c.abc.d1')).found, true);
    }
    await assert.rejects(client({ sharedSecret: 'wrong' }).debit(debit), (e: unknown) => {
      return e instanceof GatewayRejectedError && e.code === 1004 && !e.retryable;
    });
  });

  it('never retries a POST: one request on 503, outcome unknown', async () => {
    gateway.state.handler = (_s, res) => json(res, { error: 'unavailable' }, 503, { 'retry-after': '0' });
    await assert.rejects(client().debit(debit), (e: unknown) => {
      return e instanceof GatewayHttpError && e.httpStatus === 503 && e.retryable && e.outcomeUnknown;
    });
    assert.equal(gateway.state.seen.length, 1);
  });

  it('retries a status GET on 503 within its small budget', async () => {
    gateway.state.handler = (_s, res, i) =>
      i < 2 ? json(res, {}, 503, { 'retry-after': '0' }) : json(res, statusReply);
    const lookup = await client().getByUuid('u-1');
    assert.equal(gateway.state.seen.length, 3);
    assert.equal(lookup.found && lookup.status.amount, 999);

    gateway.state.seen = [];
    gateway.state.handler = (_s, res) => json(res, {}, 503, { 'retry-after': '0' });
    await assert.rejects(client({ getRetries: 1 }).getByUuid('u-1'), (e: unknown) => {
      return e instanceof GatewayHttpError && e.httpStatus === 503 && !e.outcomeUnknown;
    });
    assert.equal(gateway.state.seen.length, 2);
  });

  it('turns 429 into a rate-limit error with Retry-After in seconds or as a date', async () => {
    gateway.state.handler = (_s, res) => json(res, {}, 429, { 'retry-after': '7' });
    await assert.rejects(client().debit(debit), (e: unknown) => {
      return (
        e instanceof GatewayRateLimitedError && e.retryAfterMs === 7000 && e.retryable && !e.outcomeUnknown
      );
    });
    const at = new Date(Date.now() + 30_000).toUTCString();
    gateway.state.handler = (_s, res) => json(res, {}, 429, { 'retry-after': at });
    await assert.rejects(client().getByUuid('u-1'), (e: unknown) => {
      return e instanceof GatewayRateLimitedError && e.retryAfterMs! > 25_000 && e.retryAfterMs! <= 30_000;
    });
  });

  it('times out a silent gateway with a timeout error whose outcome is unknown', async () => {
    gateway.state.handler = () => undefined;
    await assert.rejects(client({ timeoutMs: 200 }).debit(debit), (e: unknown) => {
      return e instanceof GatewayTimeoutError && e.retryable && e.outcomeUnknown;
    });
  });

  it('reports a destroyed connection as a network error', async () => {
    gateway.state.handler = (_s, res) => res.socket?.destroy();
    await assert.rejects(client().debit(debit), (e: unknown) => {
      return e instanceof GatewayNetworkError && e.retryable && e.outcomeUnknown && e.cause === undefined;
    });
  });

  it('reports a refused connection as a network error whose request never left', async () => {
    const closed = throwawayGateway();
    const url = await closed.start();
    await closed.close();
    await assert.rejects(client({ baseUrl: url }).debit(debit), (e: unknown) => {
      return e instanceof GatewayNetworkError && e.causeCode === 'ECONNREFUSED' && !e.outcomeUnknown;
    });
  });

  it('reports non-JSON and ill-shaped replies as malformed, without the body', async () => {
    gateway.state.handler = (_s, res) => res.end('<html>4111111111111111</html>');
    await assert.rejects(client().debit(debit), (e: unknown) => {
      return e instanceof GatewayMalformedResponseError && e.outcomeUnknown && !e.message.includes('4111');
    });
    gateway.state.handler = (_s, res) => json(res, { success: true, returnType: 'FINISHED' });
    await assert.rejects(client().debit(debit), (e: unknown) => {
      return e instanceof GatewayMalformedResponseError && e.issues.some((i) => i.path[0] === 'uuid');
    });
  });

  it('returns a declined transaction and builds its typed error', async () => {
    gateway.state.handler = (_s, res) =>
      json(res, {
        success: false,
        uuid: 'u-9',
        returnType: 'ERROR',
        errors: [{ errorCode: 2006, adapterCode: '51' }],
      });
    const reply = await client().debit(debit);
    const error = transactionError(reply);
    assert.ok(error instanceof GatewayRejectedError);
    assert.deepEqual(
      [error.code, error.uuid, error.classification.decline, error.retryable],
      [2006, 'u-9', 'soft', false],
    );
    assert.equal(transactionError({ ...reply, success: true, returnType: 'FINISHED' }), undefined);
  });

  it('throws a rejected request; a duplicate id says look it up', async () => {
    gateway.state.handler = (_s, res) =>
      json(res, { success: false, errorCode: 3004, errorMessage: 'duplicate' }, 400);
    await assert.rejects(client().debit(debit), (e: unknown) => {
      return (
        e instanceof GatewayRejectedError &&
        e.classification.retry === 'lookup' &&
        e.outcomeUnknown &&
        !e.retryable &&
        e.httpStatus === 400
      );
    });
  });

  it('does not send a request that fails its own schema', async () => {
    await assert.rejects(client().debit({ ...debit, amount: 9.5 }), (e: unknown) => {
      return e instanceof GatewayRejectedError && e.code === 1002 && !e.retryable;
    });
    assert.equal(gateway.state.seen.length, 0);
  });

  it('answers a lookup of an unknown transaction with found: false and encodes the id', async () => {
    gateway.state.handler = (_s, res) =>
      json(res, { success: false, errorMessage: 'Transaction not found', errorCode: 8001 });
    const lookup = await client().getByMerchantTransactionId('c.a/b?.d1');
    assert.deepEqual(lookup, { found: false, errorCode: 8001, errorMessage: 'Transaction not found' });
    assert.equal(
      gateway.state.seen[0]?.url,
      '/api/v3/status/key%2F1/getByMerchantTransactionId/c.a%2Fb%3F.d1',
    );
    assert.equal(gateway.state.seen[0]?.method, 'GET');
  });

  it('reads profiles: an unknown one is profileExists false; update and delete succeed or throw', async () => {
    gateway.state.handler = (_s, res) => json(res, { success: false, profileExists: 'false' });
    assert.equal((await client().getProfile({ customerIdentification: 'cust-1' })).profileExists, false);
    assert.deepEqual(JSON.parse(gateway.state.seen[0]?.body ?? ''), { customerIdentification: 'cust-1' });
    assert.equal(gateway.state.seen[0]?.url, '/api/v3/customerProfiles/key%2F1/getProfile');

    gateway.state.handler = (_s, res) => json(res, { success: true, changedFields: ['email'] });
    const updated = await client().updateProfile({ profileGuid: 'CP-1', customerData: { email: 'a@b.co' } });
    assert.deepEqual(updated.changedFields, ['email']);

    gateway.state.handler = (_s, res) =>
      json(res, { success: false, errorCode: 1002, errorMessage: 'no such profile' });
    await assert.rejects(client().deleteProfile({ profileGuid: 'CP-1' }), GatewayRejectedError);
  });
});
