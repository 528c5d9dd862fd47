/**
 * Bad input, catalogued: one table of malformed, forged and odd inputs at every edge (CLI, client API, webhook,
 * simulator API, environment configuration). Each row expects a typed error, an exit code or a 4xx status, and
 * afterwards: no workflow under its id, the simulator's ledger unchanged, no 5xx anywhere.
 */
import { strict as assert } from 'node:assert';
import { WorkflowNotFoundError } from '@temporalio/client';
import { loadConfig } from '../../src/config/config.js';
import type { ChargeRequest } from '../../src/contract/requests.js';
import { CONTENT_TYPE_JSON, signedHeaders } from '../../src/gateway/signature.js';
import { runCli } from '../helpers/cli.js';
import { useTestStack, type TestStack } from '../helpers/stack.js';

const LONG = 'a'.repeat(41);
const key = (byte: number): string => Buffer.alloc(32, byte).toString('base64');
const PROD = {
  APP_MODE: 'production',
  IXOPAY_BASE_URL: 'https://gateway.ixopay.com/',
  IXOPAY_API_KEY: 'live-api-key-1',
  IXOPAY_USERNAME: 'merchant-user',
  IXOPAY_PASSWORD: 'merchant-password',
  IXOPAY_SHARED_SECRET: 'live-shared-secret',
  SESSION_PROOF_SECRETS: 'a-session-secret-of-our-own',
  PERSONAL_DATA_KEY: key(1),
  WEBHOOK_PUBLIC_URL: 'https://pay.example.com',
  PAYLOAD_KEYS: `k2:${key(2)}`,
};

type Edge = 'cli' | 'client' | 'webhook' | 'simulator' | 'config';
/** What a row answered: an exit code, an HTTP status, or the name of the error thrown. */
interface Answer {
  readonly exit?: number;
  readonly status?: number;
  readonly error?: string;
}
interface Row {
  readonly edge: Edge;
  readonly name: string;
  readonly run: (s: TestStack) => Promise<Answer>;
  readonly expected: Answer;
  /** The charge id this input names: no workflow may exist under it afterwards. */
  readonly id?: string;
}

async function cli(s: TestStack, args: string[]): Promise<Answer> {
  return { exit: (await runCli(s, args)).code };
}
async function thrown(fn: () => unknown): Promise<Answer> {
  try {
    await fn();
    return {};
  } catch (err) {
    return { error: (err as Error).name };
  }
}
async function http(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return { status: res.status };
}
/** A callback to the stack's webhook; signed with `secret` over `signedBody` (default: the body sent). */
function callback(
  s: TestStack,
  body: string,
  o: { secret?: string; signedBody?: string; contentType?: string; at?: Date; path?: string } = {},
): Promise<Answer> {
  const path = o.path ?? '/ixopay/callback';
  const contentType = o.contentType ?? CONTENT_TYPE_JSON;
  const headers = signedHeaders(
    o.secret ?? s.simulator.credentials.sharedSecret,
    { method: 'POST', body: o.signedBody ?? body, contentType, requestUri: path },
    o.at ? { now: o.at } : {},
  );
  return http(`${s.webhook.url}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType, ...headers },
  });
}
const cb = (id: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    result: 'OK',
    uuid: `u-${id}`,
    merchantTransactionId: `c.${id}.d1`,
    transactionType: 'DEBIT',
    amount: '1.00',
    currency: 'EUR',
    ...extra,
  });
const charge = (over: Partial<Record<keyof ChargeRequest, unknown>>) =>
  ({
    chargeId: 'bad-client',
    customerId: 'cust-x',
    amountMinor: 100,
    currency: 'EUR',
    initiator: 'merchant',
    ...over,
  }) as ChargeRequest;
const startCharge = (over: Partial<Record<keyof ChargeRequest, unknown>>) => (s: TestStack) =>
  thrown(() => s.client.startCharge(charge(over)));
const chargeArgs = (id: string, amount: string, currency: string, customer = 'cust-x') => [
  'charge',
  '--charge-id',
  id,
  '--customer',
  customer,
  '--amount',
  amount,
  '--currency',
  currency,
];
const sim = (path: string, init?: RequestInit) => (s: TestStack) =>
  http(`${s.simulator.url.replace(/\/$/, '')}${path}`, init);
const json = (body: unknown, contentType = 'application/json'): RequestInit => ({
  method: 'POST',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': contentType },
});
const config = (env: Record<string, string>) => () =>
  thrown(() => loadConfig({ APP_MODE: 'development', ...env }));

// prettier-ignore
const ROWS: readonly Row[] = [
  // CLI (spawned): exit 2 = invalid input
  { edge: 'cli', name: 'amount with too many decimals', id: 'bi-cli-1', run: (s) => cli(s, chargeArgs('bi-cli-1', '12.345', 'EUR')), expected: { exit: 2 } },
  { edge: 'cli', name: 'negative amount', id: 'bi-cli-2', run: (s) => cli(s, chargeArgs('bi-cli-2', '-5', 'EUR')), expected: { exit: 2 } },
  { edge: 'cli', name: 'exponent amount', id: 'bi-cli-3', run: (s) => cli(s, chargeArgs('bi-cli-3', '1e3', 'EUR')), expected: { exit: 2 } },
  { edge: 'cli', name: 'decimals on a zero-decimal currency', id: 'bi-cli-4', run: (s) => cli(s, chargeArgs('bi-cli-4', '100.5', 'JPY')), expected: { exit: 2 } },
  { edge: 'cli', name: 'unknown currency', id: 'bi-cli-5', run: (s) => cli(s, chargeArgs('bi-cli-5', '1.00', 'XYZ')), expected: { exit: 2 } },
  { edge: 'cli', name: 'lowercase currency', id: 'bi-cli-6', run: (s) => cli(s, chargeArgs('bi-cli-6', '1.00', 'eur')), expected: { exit: 2 } },
  { edge: 'cli', name: 'over-long charge id', id: LONG, run: (s) => cli(s, chargeArgs(LONG, '1.00', 'EUR')), expected: { exit: 2 } },
  { edge: 'cli', name: 'charge id with a slash', id: 'ord/1', run: (s) => cli(s, chargeArgs('ord/1', '1.00', 'EUR')), expected: { exit: 2 } },
  { edge: 'cli', name: 'charge id with non-ASCII letters', id: 'bestellung-ä', run: (s) => cli(s, chargeArgs('bestellung-ä', '1.00', 'EUR')), expected: { exit: 2 } },
  { edge: 'cli', name: 'refund of an unknown charge', id: 'bi-cli-10', run: (s) => cli(s, ['charge', 'refund', 'bi-cli-10', '--amount', '1.00']), expected: { exit: 2 } },
  { edge: 'cli', name: 'capture with an over-long id', run: (s) => cli(s, ['charge', 'capture', LONG]), expected: { exit: 2 } },
  { edge: 'cli', name: 'profiles of an unknown customer', run: (s) => cli(s, ['profiles', 'show', 'nobody-here']), expected: { exit: 2 } },
  // Client API (PaymentsClient): InvalidRequestError before anything starts
  { edge: 'client', name: 'fractional minor units', id: 'bad-client', run: startCharge({ amountMinor: 12.5 }), expected: { error: 'InvalidRequestError' } },
  { edge: 'client', name: 'zero amount', id: 'bad-client', run: startCharge({ amountMinor: 0 }), expected: { error: 'InvalidRequestError' } },
  { edge: 'client', name: 'amount as a string', id: 'bad-client', run: startCharge({ amountMinor: '100' }), expected: { error: 'InvalidRequestError' } },
  { edge: 'client', name: 'unsafe integer amount', id: 'bad-client', run: startCharge({ amountMinor: 2 ** 53 }), expected: { error: 'InvalidRequestError' } },
  { edge: 'client', name: 'unknown currency', id: 'bad-client', run: startCharge({ currency: 'EURO' }), expected: { error: 'InvalidRequestError' } },
  { edge: 'client', name: 'over-long charge id', id: LONG, run: startCharge({ chargeId: LONG }), expected: { error: 'InvalidRequestError' } },
  { edge: 'client', name: 'charge id with a newline', id: 'a\nb', run: startCharge({ chargeId: 'a\nb' }), expected: { error: 'InvalidRequestError' } },
  { edge: 'client', name: 'customer id with a percent-escape', id: 'bad-client', run: startCharge({ customerId: 'cust%2F1' }), expected: { error: 'InvalidRequestError' } },
  { edge: 'client', name: 'empty customer id', id: 'bad-client', run: startCharge({ customerId: '' }), expected: { error: 'InvalidRequestError' } },
  { edge: 'client', name: 'customer-initiated without a session proof', id: 'bad-client', run: startCharge({ initiator: 'customer' }), expected: { error: 'InvalidRequestError' } },
  { edge: 'client', name: 'unknown customer', id: 'bad-client', run: startCharge({ customerId: 'nobody-here' }), expected: { error: 'UnknownCustomerError' } },
  { edge: 'client', name: 'unknown field', id: 'bad-client', run: startCharge({ amount: '1.00' } as never), expected: { error: 'InvalidRequestError' } },
  { edge: 'client', name: 'billing run with a malformed date', run: (s) => thrown(() => s.client.startBillingRun({ runId: 'bi-run', billingDate: '2026-13-45' })), expected: { error: 'InvalidRequestError' } },
  // Webhook (HTTP POSTs to the stack's receiver)
  { edge: 'webhook', name: 'forged signature', id: 'bi-wh', run: (s) => callback(s, cb('bi-wh'), { secret: 'not-the-secret' }), expected: { status: 401 } },
  { edge: 'webhook', name: 'stale Date (10 minutes old)', id: 'bi-wh', run: (s) => callback(s, cb('bi-wh'), { at: new Date(Date.now() - 600_000) }), expected: { status: 401 } },
  { edge: 'webhook', name: 'replayed: a genuine callback re-sent after the tolerance', id: 'bi-wh', run: (s) => callback(s, cb('bi-wh'), { at: new Date(Date.now() - 3_600_000) }), expected: { status: 401 } },
  { edge: 'webhook', name: 'tampered amount after signing', id: 'bi-wh', run: (s) => callback(s, cb('bi-wh', { amount: '9999.00' }), { signedBody: cb('bi-wh') }), expected: { status: 401 } },
  { edge: 'webhook', name: 'truncated body (signature of the whole)', id: 'bi-wh', run: (s) => callback(s, cb('bi-wh').slice(0, 40), { signedBody: cb('bi-wh') }), expected: { status: 401 } },
  { edge: 'webhook', name: 'truncated body, well signed', id: 'bi-wh', run: (s) => callback(s, cb('bi-wh').slice(0, 40)), expected: { status: 400 } },
  { edge: 'webhook', name: 'oversized body (2 MiB)', id: 'bi-wh', run: (s) => callback(s, cb('bi-wh', { pad: 'x'.repeat(2 << 20) })), expected: { status: 413 } },
  { edge: 'webhook', name: 'no signature headers', id: 'bi-wh', run: (s) => http(s.webhook.callbackUrl, json(cb('bi-wh'))), expected: { status: 401 } },
  { edge: 'webhook', name: 'text/plain content type', id: 'bi-wh', run: (s) => callback(s, cb('bi-wh'), { contentType: 'text/plain' }), expected: { status: 415 } },
  { edge: 'webhook', name: 'form content type', id: 'bi-wh', run: (s) => callback(s, 'result=OK', { contentType: 'application/x-www-form-urlencoded' }), expected: { status: 415 } },
  { edge: 'webhook', name: 'malformed percent-escape in the query', id: 'bi-wh', run: (s) => callback(s, cb('bi-wh'), { path: '/ixopay/callback?x=%E0%A4%A' }), expected: { status: 400 } },
  { edge: 'webhook', name: 'malformed percent-escape in the path', id: 'bi-wh', run: (s) => callback(s, cb('bi-wh'), { path: '/ixopay/%zzcallback' }), expected: { status: 400 } },
  { edge: 'webhook', name: 'GET on the callback path', run: (s) => http(s.webhook.callbackUrl), expected: { status: 404 } },
  // Simulator API (raw HTTP)
  { edge: 'simulator', name: 'malformed percent-escape in an API path', run: sim('/api/v3/transaction/%E0%A4%A/debit', json({})), expected: { status: 400 } },
  { edge: 'simulator', name: 'malformed percent-escape in a simulator path', run: sim('/simulator/ledger/%zz'), expected: { status: 400 } },
  { edge: 'simulator', name: 'debit without credentials', run: (s) => sim(`/api/v3/transaction/${s.simulator.credentials.apiKey}/debit`, json({ amount: '1.00', currency: 'EUR' }))(s), expected: { status: 401 } },
  { edge: 'simulator', name: 'chargeback with a comma amount', run: sim('/simulator/events/chargeback', json({ merchantTransactionId: 'c.x.d1', amount: '12,34' })), expected: { status: 400 } },
  { edge: 'simulator', name: 'chargeback with an over-long id', run: sim('/simulator/events/chargeback', json({ merchantTransactionId: 'x'.repeat(65) })), expected: { status: 400 } },
  { edge: 'simulator', name: 'chargeback body that is not JSON', run: sim('/simulator/events/chargeback', json('{"merchantTransactionId":', 'text/plain')), expected: { status: 400 } },
  { edge: 'simulator', name: 'chargeback of an unknown transaction', run: sim('/simulator/events/chargeback', json({ merchantTransactionId: 'c.never.d1' })), expected: { status: 404 } },
  { edge: 'simulator', name: 'unknown route', run: sim('/api/v3/nothing'), expected: { status: 404 } },
  // Environment configuration (loadConfig with env objects): ConfigError
  { edge: 'config', name: 'production without any secret', run: config({ APP_MODE: 'production' }), expected: { error: 'ConfigError' } },
  { edge: 'config', name: 'production with an empty shared secret', run: config({ ...PROD, IXOPAY_SHARED_SECRET: '' }), expected: { error: 'ConfigError' } },
  { edge: 'config', name: 'production with empty session-proof secrets', run: config({ ...PROD, SESSION_PROOF_SECRETS: '' }), expected: { error: 'ConfigError' } },
  { edge: 'config', name: 'production with an empty payload key list', run: config({ ...PROD, PAYLOAD_KEYS: '' }), expected: { error: 'ConfigError' } },
  { edge: 'config', name: 'production with the published simulator secret', run: config({ ...PROD, IXOPAY_SHARED_SECRET: 'sim-shared-secret' }), expected: { error: 'ConfigError' } },
  { edge: 'config', name: 'payload key that is not base64 of 32 bytes', run: config({ PAYLOAD_KEYS: 'k1:not-a-key' }), expected: { error: 'ConfigError' } },
  { edge: 'config', name: 'empty shared secret in development', run: config({ IXOPAY_SHARED_SECRET: '' }), expected: { error: 'ConfigError' } },
  { edge: 'config', name: 'timeout that is not a number', run: config({ IXOPAY_TIMEOUT_MS: 'ten' }), expected: { error: 'ConfigError' } },
  { edge: 'config', name: 'webhook port out of range', run: config({ WEBHOOK_PORT: '70000' }), expected: { error: 'ConfigError' } },
  { edge: 'config', name: 'development mode against a real gateway', run: config({ APP_MODE: 'development', IXOPAY_BASE_URL: 'https://gateway.ixopay.com/' }), expected: { error: 'ConfigError' } },
  { edge: 'config', name: 'customer store URL that is not postgres', run: config({ CUSTOMER_STORE_URL: 'mysql://db/x' }), expected: { error: 'ConfigError' } },
];

const EDGES = [...new Set(ROWS.map((r) => r.edge))];
const summary = EDGES.map((e) => `${e} ${ROWS.filter((r) => r.edge === e).length}`).join(', ');

describe(`bad input, catalogued: ${ROWS.length} rows (${summary})`, function () {
  this.timeout(120_000);
  const stack = useTestStack();

  for (const row of ROWS) {
    it(`${row.edge}: ${row.name} → ${JSON.stringify(row.expected)}`, async () => {
      const ledgerBefore = stack.simulator.ledger.size;
      const answer = await row.run(stack);
      assert.deepEqual(answer, row.expected);
      if (answer.status !== undefined) assert.ok(answer.status < 500, `server answered ${answer.status}`);
      assert.equal(stack.simulator.ledger.size, ledgerBefore, 'nothing charged');
      if (row.id !== undefined) {
        for (const workflowId of [`charge-${row.id}`, `charge-${row.id}.events`]) {
          await assert.rejects(
            stack.temporal.workflow.getHandle(workflowId).describe(),
            WorkflowNotFoundError,
          );
        }
      }
    });
  }

  it('no row made any server answer 5xx or signal anything', () => {
    assert.equal(stack.webhook.stats.signalled, 0);
    assert.equal(stack.webhook.stats.followUps, 0);
  });
});
