/**
 * One HTTP exchange with the gateway: URL building, Basic auth, signing, ky options, transport failures.
 * POSTs are never retried here (only Temporal retries mutating calls); idempotent GETs get a small budget.
 */
import ky, { isHTTPError, type KyRequest, type Options } from 'ky';
import { observeGatewayCall, type GatewayRoute } from '../observability/gateway-call.js';
import { gatewayErrorFrom } from './errors/gateway-error-from.js';
import { compact } from './json.js';
import { CONTENT_TYPE_JSON, hashPassword, signedHeaders, type BodyHashAlgorithm } from './signature.js';

/** One path segment after the base URL: literal, or a variable (`url.template` shows it as `{name}`). */
export type RouteSegment = string | { readonly name: string; readonly value: string };

const segmentValue = (segment: RouteSegment): string =>
  typeof segment === 'string' ? segment : segment.value;

/** How to reach and authenticate against one IXOPAY connector. */
export interface GatewayConfig {
  /** e.g. "https://gateway.ixopay.com/"; a path prefix is kept. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly username: string;
  readonly password: string;
  /** `hashed`: send SHA-1×10 of the password, as the official PHP client does. Default `plain` (the docs). */
  readonly passwordMode?: 'plain' | 'hashed';
  /** When set, every request is signed (Date, X-Date, X-Signature) over the exact body bytes sent. */
  readonly sharedSecret?: string;
  /** Body hash inside the signature. Default `sha512`; `md5` is the official client's default. */
  readonly bodyHash?: BodyHashAlgorithm;
  /** Per attempt, until the whole reply body is read. Default 10000. */
  readonly timeoutMs?: number;
  /** Extra attempts for GETs (status lookups) on network errors, 408 and 5xx. Default 2. */
  readonly getRetries?: number;
  readonly fetch?: typeof fetch;
  readonly userAgent?: string;
}

/** What came back, before any interpretation. */
export interface WireReply {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly text: string;
}

const GET_RETRY_STATUSES = [408, 500, 502, 503, 504];

export class GatewayTransport {
  readonly #base: URL;
  readonly #authorization: string;
  readonly #config: GatewayConfig;

  constructor(config: GatewayConfig) {
    this.#config = config;
    this.#base = new URL(config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`);
    const password = config.passwordMode === 'hashed' ? hashPassword(config.password) : config.password;
    this.#authorization = `Basic ${Buffer.from(`${config.username}:${password}`, 'utf8').toString('base64')}`;
  }

  /** Route segments after the base URL; each one is URL-encoded. */
  url(segments: readonly RouteSegment[]): URL {
    return new URL(segments.map((s) => encodeURIComponent(segmentValue(s))).join('/'), this.#base);
  }

  /** Where a route goes, for spans: the server and the path with its variable segments named, no ids. */
  route(segments: readonly RouteSegment[]): GatewayRoute {
    const path = segments
      .map((s) => (typeof s === 'string' ? encodeURIComponent(s) : `{${s.name}}`))
      .join('/');
    const defaultPort = this.#base.protocol === 'https:' ? 443 : 80;
    return {
      serverAddress: this.#base.hostname,
      serverPort: this.#base.port ? Number(this.#base.port) : defaultPort,
      urlTemplate: `${this.#base.pathname}${path}`,
    };
  }

  /** One exchange, traced and timed (src/observability/gateway-call.ts). */
  send(
    operation: string,
    method: 'GET' | 'POST',
    segments: readonly RouteSegment[],
    body?: unknown,
  ): Promise<WireReply> {
    return observeGatewayCall(operation, method, this.route(segments), () =>
      this.#send(operation, method, segments, body),
    );
  }

  async #send(
    operation: string,
    method: 'GET' | 'POST',
    segments: readonly RouteSegment[],
    body?: unknown,
  ): Promise<WireReply> {
    const url = this.url(segments);
    const bodyText = method === 'POST' ? JSON.stringify(compact(body ?? {}) ?? {}) : '';
    const sign = (request: KyRequest): void => {
      const secret = this.#config.sharedSecret;
      if (!secret) return;
      const input = {
        method,
        body: bodyText,
        contentType: CONTENT_TYPE_JSON,
        requestUri: url.pathname + url.search,
      };
      const algorithm = this.#config.bodyHash ?? 'sha512';
      // Signed per attempt so a retried GET carries a fresh Date.
      for (const [name, value] of Object.entries(signedHeaders(secret, input, { algorithm }))) {
        request.headers.set(name, value);
      }
    };
    let seen: Omit<WireReply, 'text'> | undefined;
    const options: Options = {
      method,
      headers: {
        Authorization: this.#authorization,
        'Content-Type': CONTENT_TYPE_JSON,
        Accept: 'application/json',
        'User-Agent': this.#config.userAgent ?? 'ixopay-temporal-client',
      },
      timeout: this.#config.timeoutMs ?? 10_000,
      redirect: 'manual',
      hooks: {
        beforeRequest: [(request) => sign(request)],
        beforeRetry: [({ request }) => sign(request)],
        afterResponse: [
          (_request, _options, response) => {
            seen = { status: response.status, retryAfter: response.headers.get('retry-after') };
          },
        ],
      },
      ...(method === 'POST'
        ? { body: bodyText, retry: 0, throwHttpErrors: false }
        : {
            retry: {
              limit: this.#config.getRetries ?? 2,
              methods: ['get'],
              statusCodes: GET_RETRY_STATUSES,
              afterStatusCodes: [503],
              maxRetryAfter: 2_000,
              backoffLimit: 2_000,
            },
            // Throwing is how ky retries a status; the final HTTPError is read below.
            throwHttpErrors: (status: number) => GET_RETRY_STATUSES.includes(status),
          }),
      ...(this.#config.fetch ? { fetch: this.#config.fetch } : {}),
    };
    try {
      const text = await ky(url, options).text();
      if (!seen) throw new Error('ky returned a body without a response');
      return { ...seen, text };
    } catch (error) {
      if (isHTTPError(error)) {
        const text = await error.response.text().catch(() => '');
        return { status: error.response.status, retryAfter: error.response.headers.get('retry-after'), text };
      }
      throw gatewayErrorFrom({ kind: 'thrown', operation, error, mutating: method === 'POST' });
    }
  }
}
