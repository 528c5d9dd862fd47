/**
 * IXOPAY request and callback signing, shared by the client, the simulator and the webhook receiver.
 * string to sign = METHOD \n hex(hash(body)) \n Content-Type \n Date \n request URI;
 * signature = base64(HMAC-SHA512(sharedSecret, stringToSign)).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** MD5 is the official PHP client's default; SHA-512 is the newer variant. Verifiers accept the configured one. */
export type BodyHashAlgorithm = 'md5' | 'sha512';

/** Both variants: what the gateway (and the simulator) accepts on requests. */
export const BODY_HASH_ALGORITHMS: readonly BodyHashAlgorithm[] = ['sha512', 'md5'];

export interface SignatureInput {
  readonly method: string;
  /** The exact bytes sent; an empty body (GET) hashes the empty string. */
  readonly body: string | Uint8Array;
  readonly contentType: string;
  /** The Date header value, e.g. "Tue, 24 Nov 2026 10:00:00 UTC". */
  readonly date: string;
  /** Path plus "?query" if any. */
  readonly requestUri: string;
}

export const CONTENT_TYPE_JSON = 'application/json; charset=utf-8';

export function bodyHash(body: string | Uint8Array, algorithm: BodyHashAlgorithm): string {
  return createHash(algorithm).update(body).digest('hex');
}

export function stringToSign(input: SignatureInput, algorithm: BodyHashAlgorithm): string {
  return [
    input.method.toUpperCase(),
    bodyHash(input.body, algorithm),
    input.contentType,
    input.date,
    input.requestUri,
  ].join('\n');
}

/** The X-Signature value for these inputs. Pure: same inputs, same signature. */
export function sign(
  sharedSecret: string,
  input: SignatureInput,
  algorithm: BodyHashAlgorithm = 'sha512',
): string {
  return createHmac('sha512', sharedSecret).update(stringToSign(input, algorithm)).digest('base64');
}

/** Formats a date the way the gateway does: "D, d M Y H:i:s T" in UTC, e.g. "Tue, 24 Nov 2026 10:00:00 UTC". */
export function formatSignatureDate(at: Date): string {
  return at.toUTCString().replace(/GMT$/, 'UTC');
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SIGNATURE_DATE =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (UTC|GMT)$/;

/**
 * Parses a Date header strictly: the gateway's `D, d M Y H:i:s T` in UTC ("Fri, 04 Dec 2026 02:20:41 UTC") or
 * RFC 7231's IMF-fixdate ("Fri, 04 Dec 2026 02:20:41 GMT"), with a weekday that matches the date; undefined for
 * anything else (other zones, offsets, ISO 8601, missing fields, out-of-range values).
 */
export function parseSignatureDate(value: string): Date | undefined {
  const m = SIGNATURE_DATE.exec(value);
  if (!m) return undefined;
  const [, weekday, day, month, year, hh, mm, ss] = m;
  const at = new Date(
    Date.UTC(Number(year), MONTHS.indexOf(month!), Number(day), Number(hh), Number(mm), Number(ss)),
  );
  const roundTrips =
    at.getUTCDate() === Number(day) &&
    at.getUTCHours() === Number(hh) &&
    at.getUTCMinutes() === Number(mm) &&
    at.getUTCSeconds() === Number(ss);
  return roundTrips && WEEKDAYS[at.getUTCDay()] === weekday ? at : undefined;
}

function constantTimeEquals(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  // Compare against itself when lengths differ so the time spent does not depend on where they differ.
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

export type VerifyFailure =
  'missing-signature' | 'missing-date' | 'bad-date' | 'stale-date' | 'bad-signature';

export interface VerifyOptions {
  /** Current and, during rotation, previous secrets; any one may match. */
  readonly secrets: readonly string[];
  /** Body-hash algorithms accepted: the configured one, plus any listed for a migration. */
  readonly algorithms: readonly BodyHashAlgorithm[];
  /** Maximum |now - Date| in seconds; omit to skip the freshness check. */
  readonly toleranceSeconds?: number;
  readonly now?: Date;
}

export type VerifyResult =
  | { readonly ok: true; readonly algorithm: BodyHashAlgorithm }
  | { readonly ok: false; readonly reason: VerifyFailure };

/**
 * Verifies a signature over the raw body against every secret and the accepted body-hash algorithms, in
 * constant time per comparison, and checks the Date's strict format and freshness.
 */
export function verify(
  input: Omit<SignatureInput, 'date'> & {
    readonly date: string | undefined;
    readonly signature: string | undefined;
  },
  options: VerifyOptions,
): VerifyResult {
  if (!input.signature) return { ok: false, reason: 'missing-signature' };
  if (!input.date) return { ok: false, reason: 'missing-date' };
  const at = parseSignatureDate(input.date);
  if (!at) return { ok: false, reason: 'bad-date' };
  if (options.toleranceSeconds !== undefined) {
    const skew = Math.abs((options.now ?? new Date()).getTime() - at.getTime()) / 1000;
    if (skew > options.toleranceSeconds) return { ok: false, reason: 'stale-date' };
  }
  const signed = { ...input, date: input.date };
  let matched: BodyHashAlgorithm | undefined;
  for (const secret of options.secrets) {
    for (const algorithm of options.algorithms) {
      if (constantTimeEquals(sign(secret, signed, algorithm), input.signature) && !matched)
        matched = algorithm;
    }
  }
  return matched ? { ok: true, algorithm: matched } : { ok: false, reason: 'bad-signature' };
}

/** Headers for a signed request or callback. */
export function signedHeaders(
  sharedSecret: string,
  input: Omit<SignatureInput, 'date'>,
  options: { readonly now?: Date; readonly algorithm?: BodyHashAlgorithm } = {},
): Record<string, string> {
  const date = formatSignatureDate(options.now ?? new Date());
  return {
    Date: date,
    'X-Date': date,
    'X-Signature': sign(sharedSecret, { ...input, date }, options.algorithm ?? 'sha512'),
  };
}

/** The official PHP client's password hashing: SHA-1 ten times, each over the previous lowercase hex digest. */
export function hashPassword(password: string): string {
  let out = password;
  for (let i = 0; i < 10; i++) out = createHash('sha1').update(out).digest('hex');
  return out;
}
