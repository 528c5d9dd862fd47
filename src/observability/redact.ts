/**
 * Log redaction: the last line of defence so that no card data, payment token, personal data or secret ever
 * reaches a log line, whatever a caller passes as fields. Pure, used by the JSON logger on every line.
 *
 * - fields named like a secret, a session proof or personal data are dropped (replaced by "[redacted]");
 * - payment tokens (`pt::…`, `ix::…`) are masked to their last four characters;
 * - anything that looks like a card number (13–19 digits) or an email address inside a string is masked.
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

const TOKEN = /\b(pt|ix)::([A-Za-z0-9._-]+)/g;
const CARD_NUMBER = /\b\d(?:[ -]?\d){12,18}\b/g;
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
    .replace(CARD_NUMBER, (digits) => `[card …${digits.replace(/\D/g, '').slice(-4)}]`)
    .replace(EMAIL, '[email]');
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(normalise(key));
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
