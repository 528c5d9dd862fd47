/** Amounts of API requests as the gateway reads them: a decimal string in its currency, strictly. */
import { CURRENCY_EXPONENTS, type Currency, isCurrency } from '../money.js';

export interface ParsedMoney {
  readonly minor: number;
  readonly currency: Currency;
}

/** Decimal string → minor units, strictly: no more decimals than the currency has. */
export function parseMoney(amount: string, currency: string): ParsedMoney | string {
  if (!isCurrency(currency)) return `root.currency: unknown currency '${currency}'`;
  const exponent = CURRENCY_EXPONENTS[currency];
  const [whole = '0', fraction = ''] = amount.split('.');
  if (fraction.length > exponent)
    return `root.amount: '${amount}' has more than ${exponent} decimals for ${currency}`;
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor)) return `root.amount: '${amount}' is too large`;
  if (minor <= 0) return `root.amount: must be greater than 0`;
  return { minor, currency };
}
