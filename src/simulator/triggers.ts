/**
 * IXOPAY error catalog (default messages, simulated acquirer codes) and the amount triggers that make a charge
 * fail, go PENDING or REDIRECT on purpose.
 */
import type { CardBehavior } from './cards.js';

/** Default IXOPAY messages; the real gateway may expand them, clients must rely on the code. */
export const ERROR_MESSAGES: Readonly<Record<number, string>> = {
  1000: 'Request failed',
  1001: 'Invalid response',
  1002: 'Invalid request data',
  1003: 'Processing error',
  1004: 'Invalid signature',
  1005: 'Invalid XML',
  1006: 'Logical error',
  1007: 'Invalid configuration',
  1008: 'Unexpected system error',
  2001: 'Account closed externally',
  2002: 'User cancelled',
  2003: 'Transaction declined',
  2004: 'Quota regulation',
  2005: 'Transaction expired',
  2006: 'Insufficient funds',
  2007: 'Incorrect payment info',
  2008: 'Invalid card',
  2009: 'Expired card',
  2010: 'Fraudulent card',
  2011: 'Unsupported card',
  2012: 'Transaction cancelled',
  2013: 'Risk check block',
  2014: 'Pickup card',
  2015: 'Lost card',
  2016: 'Stolen card',
  2017: 'IBAN invalid',
  2018: 'BIC invalid',
  2019: 'Customer data invalid',
  2020: 'CVV required',
  2021: '3D-Secure verification failed',
  3001: 'Timeout',
  3002: 'Transaction not allowed',
  3003: 'System temporarily unavailable',
  3004: 'Duplicate transaction ID',
  3005: 'Communication error',
  8001: 'Transaction not found',
};

/** What a simulated acquirer would have said (ISO 8583 response codes where one fits). */
const ADAPTER_CODES: Readonly<Record<number, readonly [string, string]>> = {
  1008: ['96', 'System malfunction'],
  2001: ['R1', 'Revocation of authorization order'],
  2002: ['USER_CANCEL', 'Customer cancelled the payment'],
  2003: ['05', 'Do not honor'],
  2004: ['65', 'Exceeds withdrawal frequency limit'],
  2005: ['EXPIRED', 'Payment session expired'],
  2006: ['51', 'Not sufficient funds'],
  2007: ['12', 'Invalid transaction'],
  2008: ['14', 'Invalid card number'],
  2009: ['54', 'Expired card'],
  2010: ['59', 'Suspected fraud'],
  2011: ['57', 'Transaction not permitted to cardholder'],
  2012: ['17', 'Customer cancellation'],
  2013: ['62', 'Restricted card'],
  2014: ['04', 'Pick up card'],
  2015: ['41', 'Lost card, pick up'],
  2016: ['43', 'Stolen card, pick up'],
  2019: ['30', 'Format error'],
  2020: ['N7', 'Decline for CVV2 failure'],
  2021: ['3DS_FAILED', 'Cardholder authentication failed'],
  3001: ['91', 'Issuer or switch inoperative (timeout)'],
  3003: ['96', 'Acquirer temporarily unavailable'],
  3005: ['91', 'Issuer or switch inoperative'],
};

/** One entry of a transaction's `errors` array (and the flat error fields of a callback). */
export interface GatewayError {
  readonly errorMessage: string;
  readonly errorCode: number;
  readonly adapterMessage: string;
  readonly adapterCode: string;
}

export function messageFor(code: number): string {
  return ERROR_MESSAGES[code] ?? 'Unknown error';
}

/** A processing error as the gateway reports it; `detail` replaces the default message. */
export function gatewayError(code: number, detail?: string): GatewayError {
  const [adapterCode, adapterMessage] = ADAPTER_CODES[code] ?? [`SIM-${code}`, messageFor(code)];
  return { errorMessage: detail ?? messageFor(code), errorCode: code, adapterMessage, adapterCode };
}

/** Codes an amount can trigger: every decline plus the gateway errors a test may want. */
export const AMOUNT_TRIGGER_CODES: readonly number[] = [
  ...Array.from({ length: 21 }, (_, i) => 2001 + i),
  3001,
  3003,
  1008,
];
const TRIGGER_CODE_SET = new Set(AMOUNT_TRIGGER_CODES);

/** Minor units that make a charge PENDING / REDIRECT to 3-D Secure. */
export const AMOUNT_PENDING = 7777;
export const AMOUNT_REDIRECT = 3333;

/** The behavior an amount forces on a charge, or undefined for a normal amount. */
export function amountTrigger(minor: number): CardBehavior | undefined {
  if (TRIGGER_CODE_SET.has(minor)) return `error:${minor}`;
  if (minor === AMOUNT_PENDING) return 'pending';
  if (minor === AMOUNT_REDIRECT) return '3ds';
  return undefined;
}

/** The error code of an `error:<code>` behavior. */
export function behaviorErrorCode(behavior: CardBehavior): number | undefined {
  return behavior.startsWith('error:') ? Number(behavior.slice(6)) : undefined;
}
