/**
 * Money inside the code is an integer number of minor units plus an ISO 4217 currency.
 * Decimal strings exist only on the wire; conversion uses integer/string arithmetic, never floats.
 */

/** ISO 4217 minor-unit exponents. Anything not listed here is an unknown currency. */
export const CURRENCY_EXPONENTS = {
  AED: 2,
  AUD: 2,
  BGN: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PHP: 2,
  PLN: 2,
  RON: 2,
  RSD: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  TRY: 2,
  TWD: 2,
  UAH: 2,
  USD: 2,
  VND: 0,
  XAF: 0,
  XOF: 0,
  ZAR: 2,
} as const satisfies Record<string, number>;

export type Currency = keyof typeof CURRENCY_EXPONENTS;

/** An amount in integer minor units (cents, yen, fils) of one currency. */
export interface Money {
  readonly minor: number;
  readonly currency: Currency;
}

/** Raised for any amount or currency that cannot be represented exactly. */
export class MoneyError extends Error {
  override readonly name = 'MoneyError';
}

export function isCurrency(code: string): code is Currency {
  return Object.prototype.hasOwnProperty.call(CURRENCY_EXPONENTS, code);
}

export function assertCurrency(code: string): Currency {
  if (!isCurrency(code)) throw new MoneyError(`unknown currency: ${JSON.stringify(code)}`);
  return code;
}

export function exponentOf(currency: Currency): number {
  return CURRENCY_EXPONENTS[currency];
}

/** Builds a Money after checking the amount is a non-negative safe integer and the currency known. */
export function money(minor: number, currency: string): Money {
  if (!Number.isSafeInteger(minor) || minor < 0) {
    throw new MoneyError(`amount must be a non-negative integer of minor units, got ${String(minor)}`);
  }
  return { minor, currency: assertCurrency(currency) };
}

/** Minor units → the gateway's decimal string in major units ("9.99", "1000", "1.234"). */
export function toDecimalString(minor: number, currency: Currency): string {
  money(minor, currency);
  const exp = exponentOf(currency);
  if (exp === 0) return String(minor);
  const digits = String(minor).padStart(exp + 1, '0');
  return `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * The gateway's decimal string → minor units. Accepts what real clients send ("10", "9.5", "9.99");
 * rejects signs, exponents, blanks and more fractional digits than the currency has (unless they are zeros).
 */
export function fromDecimalString(amount: string, currency: string): number {
  const cur = assertCurrency(currency);
  const match = DECIMAL.exec(amount);
  if (!match) throw new MoneyError(`malformed amount: ${JSON.stringify(amount)}`);
  const whole = match[1] ?? '0';
  let fraction = match[2] ?? '';
  const exp = exponentOf(cur);
  if (fraction.length > exp) {
    if (/[^0]/.test(fraction.slice(exp))) {
      throw new MoneyError(`amount ${amount} has more than ${exp} decimals for ${cur}`);
    }
    fraction = fraction.slice(0, exp);
  }
  const minor = Number(whole + fraction.padEnd(exp, '0'));
  if (!Number.isSafeInteger(minor)) throw new MoneyError(`amount too large: ${amount}`);
  return minor;
}

/** Human display, e.g. "12.34 EUR". */
export function formatMoney(m: Money): string {
  return `${toDecimalString(m.minor, m.currency)} ${m.currency}`;
}
