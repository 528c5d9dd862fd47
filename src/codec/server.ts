/**
 * The Temporal Web UI's remote codec endpoint: `POST /decode` (and `/encode`) with `{ payloads: [...] }`,
 * each payload as proto JSON (base64 `metadata` values and `data`), the UI's namespace in `X-Namespace`.
 *
 * Who may ask: with a token, every request carries `Authorization: Bearer <token>` (compared in constant
 * time; 401 otherwise). Without one (development mode only; src/config/config.ts keeps it on loopback) a request is
 * served only when it comes from an allowed Web UI origin: the dev server's UI cannot send a token. Either
 * way a browser request from any other origin is refused (403) and CORS answers only the allowed origins.
 * Payload contents are never logged.
 */
import { readBody } from '../read-body.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { PayloadDecryptionError } from './encryption-codec.js';

const MAX_BODY_BYTES = 16 << 20;
const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Namespace';

export interface CodecHandlerOptions {
  readonly codec: PayloadCodec;
  /** Bearer token required on every request; undefined = trust the allowed origins only (development). */
  readonly token?: string | undefined;
  /** Web UI origins, e.g. http://localhost:8233. */
  readonly corsOrigins: readonly string[];
  readonly log?: ((message: string, fields?: Record<string, unknown>) => void) | undefined;
}

export interface CodecServerOptions extends CodecHandlerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string | undefined;
  /** Default 0: a free port. */
  readonly port?: number | undefined;
}

export interface CodecServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const BodySchema = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), Base64).nullish(),
      data: Base64.nullish(),
    }),
  ),
});
type JsonPayload = z.infer<typeof BodySchema>['payloads'][number];

function fromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: Buffer.from(p.data ?? '', 'base64'),
  };
}

function toJson(p: Payload): { metadata: Record<string, string>; data: string } {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [
        k,
        Buffer.from(v ?? new Uint8Array()).toString('base64'),
      ]),
    ),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time check of `Authorization: Bearer <token>` (digests compared, so length leaks nothing). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

/**
 * The codec endpoint as a Node request listener, to mount in a server of one's own (`http.createServer(handler)`,
 * or under a path prefix stripped before it). It answers every request itself, errors included.
 */
export function codecRequestHandler(
  options: CodecHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const log = options.log ?? (() => undefined);
  const origins = new Set(options.corsOrigins);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const origin = req.headers.origin;
    const headers: Record<string, string> = { vary: 'Origin', 'x-content-type-options': 'nosniff' };
    if (origin && origins.has(origin)) {
      headers['access-control-allow-origin'] = origin;
      headers['access-control-allow-credentials'] = 'true';
    }
    const answer = (status: number, body: unknown, extra: Record<string, string> = {}): void => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
      res.writeHead(status, { ...headers, 'content-type': type, ...extra }).end(text);
    };
    const path = (req.url ?? '').split('?')[0];
    if (origin !== undefined && !origins.has(origin)) return answer(403, 'origin not allowed');
    if (req.method === 'OPTIONS') {
      res
        .writeHead(204, {
          ...headers,
          'access-control-allow-methods': 'POST, OPTIONS',
          'access-control-allow-headers': ALLOWED_HEADERS,
          'access-control-max-age': '600',
        })
        .end();
      return;
    }
    if (path !== '/decode' && path !== '/encode') return answer(404, 'not found');
    if (req.method !== 'POST') return answer(405, 'method not allowed', { allow: 'POST, OPTIONS' });
    const authorised = options.token
      ? bearerMatches(req.headers.authorization, options.token)
      : origin !== undefined; // development: an allowed Web UI origin (checked above), on loopback
    if (!authorised) {
      log('codec request refused', { path, status: 401 });
      return answer(401, 'unauthorised', { 'www-authenticate': 'Bearer' });
    }
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (!raw) return answer(413, 'too large');
    let body: z.infer<typeof BodySchema>;
    try {
      body = BodySchema.parse(JSON.parse(raw.toString('utf8')));
    } catch {
      return answer(400, 'body must be JSON {"payloads":[{"metadata":{…base64},"data":"base64"}]}');
    }
    const namespace = req.headers['x-namespace'];
    try {
      const input = body.payloads.map(fromJson);
      const output =
        path === '/decode' ? await options.codec.decode(input) : await options.codec.encode(input);
      log('codec request', { path, namespace, payloads: input.length });
      return answer(200, { payloads: output.map(toJson) });
    } catch (err) {
      if (err instanceof PayloadDecryptionError) {
        // The details (key ids, the caller's metadata) stay in the server's log; the caller learns nothing.
        log('codec request failed', { path, namespace, error: err.message });
        return answer(422, 'cannot decode these payloads');
      }
      throw err;
    }
  };

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      log('codec server error', { error: err instanceof Error ? err.name : 'unknown' });
      if (!res.headersSent)
        res
          .writeHead(500, { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' })
          .end('internal error');
    });
  };
}

export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const server = createServer(codecRequestHandler(options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
