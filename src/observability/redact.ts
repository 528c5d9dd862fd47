/**
 * Log redaction: the last line of defence so that no card data, payment token, personal data or secret ever
 * reaches a log line, whatever a caller passes as fields. Pure, used by the JSON logger on every line.
 *
 * - fields named like a secret, a session proof or personal data are dropped (replaced by "[redacted]"): by
 *   exact name and by key pattern (card holder, billing/shipping names and address lines, phone numbers, birth
 *   dates, IP addresses, IBANs, national ids, tokens);
 * - payment tokens (`pt::…`, `ix::…`) are masked to their last four characters;
 * - inside a string: card numbers (13–19 digits starting 2–6, so epoch milliseconds stay), email addresses,
 *   session proofs, `Bearer`/`Basic` credentials and the API key in a gateway URL's path are masked.
 */

const REDACTED = '[redacted]';
const MAX_DEPTH = 6;

/** Keys whose values never appear in logs (compared lower-case, without "-" and "_"). */
const SECRET_KEYS = new Set([
  'email',
  'name',
  'firstname',
  'lastname',
  'fullname',
  'billingaddress',
  'shippingaddress',
  'phone',
  'cardnumber',
  'pan',
  'cvv',
  'cvc',
  'sessionproof',
  'proof',
  'secret',
  'secrets',
  'sharedsecret',
  'sessionproofsecrets',
  'password',
  'apikey',
  'authorization',
  'signature',
  'xsignature',
  'personaldatakey',
  'tasktoken',
  'transactiontoken',
]);

/** Key patterns (on the normalised key) whose values never appear in logs. */
const SECRET_KEY_PATTERNS: readonly RegExp[] = [
  /cardholder/,
  /^(billing|shipping)((first|last|full|company)?name|company)$/,
  /^(billing|shipping)?(address|street|addressline)\d*$/,
  /^(billing|shipping)(city|postcode|zip|zipcode|state|country)$/,
  /phone(number)?$/,
  /^mobile(number)?$/,
  /^(birthdate|dateofbirth|dob)$/,
  /^(ipaddress|ip|clientip|remoteaddress)$/,
  /iban$/,
  /^nationalid(number)?$/,
  /^(token|accesstoken|refreshtoken|idtoken|bearertoken|authtoken|apitoken|codecservertoken)$/,
];

const TOKEN = /\b(pt|ix)::([A-Za-z0-9._-]+)/g;
/** 13–19 digits starting with a card network's first digit (2–6): never a 13-digit epoch in milliseconds. */
const CARD_NUMBER = /\b[2-6](?:[ -]?\d){12,18}\b/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]+=*/gi;
/**
 * The gateway's URLs carry the API key in the path: /api/v3/<area>/<apiKey>/… (a route template's `{apiKey}`
 * placeholder is no key and stays).
 */
const API_KEY_IN_URL = /(\/api\/v3\/[A-Za-z]+\/)(?!\{[A-Za-z]+\}(?:[/?#\s"']|$))[^/?#\s"']+/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/**
 * A session proof (`v2.<customer>.<charge>.<expiry>.<hmac>`, or the older v1 without the charge) or its sealed
 * form (`sealed.v1|v2.<iv>.<body>.<tag>`).
 */
const PROOF =
  /\b(?:v1\.[A-Za-z0-9_-]{1,40}\.\d{1,12}\.[A-Za-z0-9_-]{43}|v2\.[A-Za-z0-9_-]{1,40}\.[A-Za-z0-9_-]{1,40}\.\d{1,12}\.[A-Za-z0-9_-]{43}|sealed\.v[12]\.[A-Za-z0-9_.-]+)/g;

const normalise = (key: string): string => key.toLowerCase().replace(/[-_]/g, '');

/** `pt::abcdef1234` → `pt::…1234`. */
export function maskToken(token: string): string {
  return token.replace(TOKEN, (_m, scheme: string, rest: string) => `${scheme}::…${rest.slice(-4)}`);
}

/** Masks tokens, card numbers, email addresses and session proofs inside free text. */
export function redactText(text: string): string {
  return maskToken(text.replace(PROOF, '[session-proof]'))
    .replace(BEARER, (_m, scheme: string) => `${scheme} [redacted]`)
    .replace(API_KEY_IN_URL, '$1[api-key]')
    .replace(CARD_NUMBER, (digits) => `[card …${digits.replace(/\D/g, '').slice(-4)}]`)
    .replace(EMAIL, '[email]');
}

export function isSecretKey(key: string): boolean {
  const k = normalise(key);
  return SECRET_KEYS.has(k) || SECRET_KEY_PATTERNS.some((pattern) => pattern.test(k));
}

/** A JSON-safe copy of `value` with every secret dropped and every token, card number or email masked. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (depth >= MAX_DEPTH) return '[depth]';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      ...(value.cause !== undefined ? { cause: redactValue(value.cause, depth + 1) } : {}),
    };
  }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.length} bytes]`;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  return redactFields(value as Record<string, unknown>, depth);
}

export function redactFields(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    out[key] = isSecretKey(key) ? REDACTED : redactValue(value, depth + 1);
  }
  return out;
}
