/**
 * Raw-HTTP helpers for simulator tests: requests built by hand (fetch, Basic auth, signing via the shared
 * module) and a callback receiver on a free port.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BodyHashAlgorithm,
  CONTENT_TYPE_JSON,
  hashPassword,
  signedHeaders,
} from '../../../src/gateway/signature.js';
import {
  type Simulator,
  SIMULATOR_DEFAULTS,
  type SimulatorOptions,
  startSimulator,
} from '../../../src/simulator/index.js';
import { standIn } from '../../helpers/stand-in.js';

export const KEY = SIMULATOR_DEFAULTS.apiKey;

export interface RequestOptions {
  readonly username?: string;
  readonly password?: string;
  readonly hashed?: boolean;
  readonly apiKey?: string;
  /** Sign with the shared secret (or this secret) using the given body hash. */
  readonly sign?:
    boolean | { readonly secret?: string; readonly algorithm?: BodyHashAlgorithm; readonly now?: Date };
  /** Replace the body after signing (tamper test). */
  readonly tamper?: string;
  readonly rawBody?: string;
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  // Tests read arbitrary fields of the gateway's JSON.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
}

function authHeader(o: RequestOptions): string {
  const password = o.password ?? SIMULATOR_DEFAULTS.password;
  const pw = o.hashed ? hashPassword(password) : password;
  return `Basic ${Buffer.from(`${o.username ?? SIMULATOR_DEFAULTS.username}:${pw}`).toString('base64')}`;
}

export async function call(
  sim: Simulator,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  o: RequestOptions = {},
): Promise<Reply> {
  const text = o.rawBody ?? (body === undefined ? '' : JSON.stringify(body));
  const headers: Record<string, string> = {
    Authorization: authHeader(o),
    Accept: 'application/json',
    'Content-Type': CONTENT_TYPE_JSON,
  };
  if (o.sign) {
    const s = typeof o.sign === 'object' ? o.sign : {};
    Object.assign(
      headers,
      signedHeaders(
        s.secret ?? SIMULATOR_DEFAULTS.sharedSecret,
        { method, body: text, contentType: CONTENT_TYPE_JSON, requestUri: path },
        { ...(s.algorithm ? { algorithm: s.algorithm } : {}), ...(s.now ? { now: s.now } : {}) },
      ),
    );
  }
  const res = await fetch(sim.url + path, {
    method,
    headers,
    ...(method === 'POST' ? { body: o.tamper ?? text } : {}),
  });
  const raw = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = raw;
  }
  return { status: res.status, headers: res.headers, json };
}

export function transaction(
  sim: Simulator,
  op: string,
  body: unknown,
  o: RequestOptions = {},
): Promise<Reply> {
  return call(sim, 'POST', `/api/v3/transaction/${o.apiKey ?? KEY}/${op}`, body, o);
}

export function statusByUuid(sim: Simulator, uuid: string, o: RequestOptions = {}): Promise<Reply> {
  return call(sim, 'GET', `/api/v3/status/${o.apiKey ?? KEY}/getByUuid/${uuid}`, undefined, o);
}

export function statusByMerchantId(sim: Simulator, id: string, o: RequestOptions = {}): Promise<Reply> {
  return call(
    sim,
    'GET',
    `/api/v3/status/${o.apiKey ?? KEY}/getByMerchantTransactionId/${encodeURIComponent(id)}`,
    undefined,
    o,
  );
}

export function profile(
  sim: Simulator,
  action: string,
  body: unknown,
  o: RequestOptions = {},
): Promise<Reply> {
  return call(sim, 'POST', `/api/v3/customerProfiles/${o.apiKey ?? KEY}/${action}`, body, o);
}

let counter = 0;
/** A fresh merchantTransactionId. */
export function mtid(prefix = 't'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export function debitBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    merchantTransactionId: mtid(),
    amount: '9.99',
    currency: 'EUR',
    transactionToken: 'ix::test-visa',
    ...extra,
  };
}

/** Starts a simulator for a test; PENDING completes only programmatically unless overridden. */
export function sim(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({
    pendingCompleteAfterMs: 'manual',
    callbackRetry: { initialMs: 20, maxMs: 100, maxAttempts: 6 },
    ...options,
  });
}

export interface ReceivedCallback {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
}

/** A callback receiver: records every POST and answers with `respond(n)` (default 200 "OK"). */
export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  respond: (n: number, cb: ReceivedCallback) => { status: number; body: string } = () => ({
    status: 200,
    body: 'OK',
  });
  #server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const cb = { path: req.url ?? '', headers: req.headers, body, json: JSON.parse(body) as unknown };
        this.received.push(cb);
        const r = this.respond(this.received.length, cb);
        res.writeHead(r.status, { 'Content-Type': 'text/plain' }).end(r.body);
      });
    });
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** Resolves when `predicate` holds for the received callbacks (polls every 10 ms). */
  async waitFor(predicate: (cbs: readonly ReceivedCallback[]) => boolean, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > until) throw new Error(`timed out waiting for callbacks; got ${this.received.length}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  for(uuid: string): ReceivedCallback[] {
    return this.received.filter((c) => (c.json as { uuid?: string }).uuid === uuid);
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * A fresh object for every test of the calling describe(): started in beforeEach, stopped in afterEach. The
 * object returned stands for the current one (property reads, writes and method calls go to it).
 */
function perTest<T extends object>(start: () => Promise<T>, stop: (t: T) => Promise<void>): T {
  let current: T | undefined;
  beforeEach(async () => {
    current = await start();
  });
  afterEach(async () => {
    if (current) await stop(current);
    current = undefined;
  });
  return standIn(() => current, 'a per-test object');
}

/** A simulator of its own for every test (manual PENDING completion, fast callback retries). */
export const useSimulator = (options: SimulatorOptions = {}): Simulator =>
  perTest(
    () => sim(options),
    (s) => s.stop(),
  );

/** A callback receiver of its own for every test. */
export const useCallbackReceiver = (): CallbackReceiver =>
  perTest(
    () => new CallbackReceiver().start(),
    (r) => r.stop(),
  );
