/**
 * The gateway's request checks: API key in the path, HTTP Basic credentials (plain password or the official
 * client's hashPassword form) and, when required, the X-Signature over the raw body.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { BODY_HASH_ALGORITHMS, hashPassword, verify } from '../gateway/signature.js';

export interface Credentials {
  readonly apiKey: string;
  readonly username: string;
  readonly password: string;
  readonly sharedSecret: string;
  readonly requireSignature: boolean;
}

/** A refusal before processing: HTTP status plus the gateway's error body. */
export interface AuthFailure {
  readonly status: number;
  readonly errorCode: number;
  readonly errorMessage: string;
}

/** Allowed clock difference between the request's Date and the simulator's clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

function sameString(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export class Authenticator {
  readonly #c: Credentials;
  readonly #hashedPassword: string;

  constructor(credentials: Credentials) {
    this.#c = credentials;
    this.#hashedPassword = hashPassword(credentials.password);
  }

  /** undefined when the request may proceed. */
  check(
    apiKey: string,
    headers: IncomingHttpHeaders,
    method: string,
    requestUri: string,
    body: Buffer,
    now: Date,
  ): AuthFailure | undefined {
    const header = headers.authorization ?? '';
    const match = /^Basic\s+(.+)$/i.exec(header);
    const decoded = match ? Buffer.from(match[1] ?? '', 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user = colon >= 0 ? decoded.slice(0, colon) : '';
    const pass = colon >= 0 ? decoded.slice(colon + 1) : '';
    const userOk = sameString(user, this.#c.username);
    const passOk = sameString(pass, this.#c.password) || sameString(pass, this.#hashedPassword);
    if (!userOk || !passOk)
      return {
        status: 401,
        errorCode: 1007,
        errorMessage: 'Invalid credentials: API user or password wrong',
      };
    if (!sameString(apiKey, this.#c.apiKey))
      return { status: 401, errorCode: 1007, errorMessage: `Invalid API key '${apiKey}'` };
    if (!this.#c.requireSignature) return undefined;
    const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
    const result = verify(
      {
        method,
        body,
        contentType: first(headers['content-type']) ?? '',
        date: first(headers['date']) ?? first(headers['x-date']),
        requestUri,
        signature: first(headers['x-signature']),
      },
      {
        secrets: [this.#c.sharedSecret],
        algorithms: BODY_HASH_ALGORITHMS,
        toleranceSeconds: SIGNATURE_TOLERANCE_SECONDS,
        now,
      },
    );
    return result.ok
      ? undefined
      : { status: 401, errorCode: 1004, errorMessage: `Invalid signature (${result.reason})` };
  }
}
