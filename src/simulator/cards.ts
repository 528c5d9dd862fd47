/**
 * Test cards and the card data the simulator keeps. A full card number never leaves this module: a card is
 * reduced to brand, holder, expiry, first six / last four digits and a salted fingerprint as soon as it arrives.
 */
import { createHash } from 'node:crypto';

/**
 * How a card (or an instrument registered with it) behaves when charged: `error:<code>` fails with that
 * IXOPAY error code, `pending` completes later by callback, `3ds` redirects to the 3-D Secure page.
 */
export type CardBehavior = 'success' | 'pending' | '3ds' | `error:${number}`;

/** Card data as stored and reported (returnData, profile instruments). No PAN, no CVV. */
export interface CardInfo {
  readonly brand: string;
  readonly cardHolder: string;
  readonly expiryMonth: number;
  readonly expiryYear: number;
  readonly binDigits: string;
  readonly firstSixDigits: string;
  readonly lastFourDigits: string;
  readonly fingerprint: string;
  readonly behavior: CardBehavior;
}

export interface TestCard {
  readonly pan: string;
  /** The fixed payment.js token standing for this card (no tokenize call needed). */
  readonly token: string;
  readonly behavior: CardBehavior;
  readonly description: string;
}

/** Documented test cards (README "Test triggers"). Any other Luhn-valid number succeeds. */
export const TEST_CARDS: readonly TestCard[] = [
  { pan: '4111111111111111', token: 'ix::test-visa', behavior: 'success', description: 'success (visa)' },
  {
    pan: '5555555555554444',
    token: 'ix::test-mastercard',
    behavior: 'success',
    description: 'success (mastercard)',
  },
  { pan: '4000000000000002', token: 'ix::test-declined', behavior: 'error:2003', description: 'declined' },
  {
    pan: '4000000000009995',
    token: 'ix::test-insufficient-funds',
    behavior: 'error:2006',
    description: 'insufficient funds',
  },
  {
    pan: '4000000000000069',
    token: 'ix::test-expired-card',
    behavior: 'error:2009',
    description: 'expired card',
  },
  {
    pan: '4100000000000019',
    token: 'ix::test-fraudulent-card',
    behavior: 'error:2010',
    description: 'fraudulent card',
  },
  { pan: '4000000000009987', token: 'ix::test-lost-card', behavior: 'error:2015', description: 'lost card' },
  {
    pan: '4000000000009979',
    token: 'ix::test-stolen-card',
    behavior: 'error:2016',
    description: 'stolen card',
  },
  {
    pan: '4000000000007775',
    token: 'ix::test-pending',
    behavior: 'pending',
    description: 'PENDING, completes later by callback',
  },
  { pan: '4000000000003220', token: 'ix::test-3ds', behavior: '3ds', description: 'REDIRECT to 3-D Secure' },
  {
    pan: '4000000000003006',
    token: 'ix::test-timeout',
    behavior: 'error:3001',
    description: 'gateway error: timeout',
  },
  {
    pan: '4000000000003030',
    token: 'ix::test-unavailable',
    behavior: 'error:3003',
    description: 'gateway error: temporarily unavailable',
  },
  {
    pan: '4000000000001000',
    token: 'ix::test-system-error',
    behavior: 'error:1008',
    description: 'gateway error: unexpected system error',
  },
];

const BY_PAN = new Map(TEST_CARDS.map((c) => [c.pan, c]));

/** The card number the hosted payment page and completeRedirect use when the outcome is plain success. */
export const DEFAULT_SUCCESS_PAN = '4111111111111111';

export function luhnValid(pan: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = pan.length - 1; i >= 0; i--) {
    let d = pan.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function brandOf(pan: string): string {
  if (pan.startsWith('4')) return 'visa';
  const two = Number(pan.slice(0, 2));
  const four = Number(pan.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  if (pan.startsWith('6011') || two === 65) return 'discover';
  if (four >= 3528 && four <= 3589) return 'jcb';
  return 'unknown';
}

export interface RawCard {
  readonly pan: string;
  readonly cardHolder: string;
  readonly expirationMonth: number;
  readonly expirationYear: number;
}

export type CardResult =
  | { readonly ok: true; readonly card: CardInfo }
  | { readonly ok: false; readonly code: number; readonly message: string };

/** Reduces a raw card to CardInfo; a malformed or non-Luhn number is an invalid card (2008). */
export function cardFromRaw(raw: RawCard): CardResult {
  const pan = raw.pan.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(pan) || !luhnValid(pan))
    return { ok: false, code: 2008, message: 'Invalid card number' };
  const year = raw.expirationYear < 100 ? 2000 + raw.expirationYear : raw.expirationYear;
  return {
    ok: true,
    card: {
      brand: brandOf(pan),
      cardHolder: raw.cardHolder,
      expiryMonth: raw.expirationMonth,
      expiryYear: year,
      binDigits: pan.slice(0, 8),
      firstSixDigits: pan.slice(0, 6),
      lastFourDigits: pan.slice(-4),
      fingerprint: createHash('sha256').update(`ixopay-simulator:${pan}`).digest('base64url'),
      behavior: BY_PAN.get(pan)?.behavior ?? 'success',
    },
  };
}

/** True when the card's expiry month lies before `now`'s month. */
export function isExpired(card: CardInfo, now: Date): boolean {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 1;
  return card.expiryYear < y || (card.expiryYear === y && card.expiryMonth < m);
}

/** The fixed test tokens, resolved to cards with a far-future expiry. */
export function fixedTestTokens(): Map<string, CardInfo> {
  const out = new Map<string, CardInfo>();
  for (const c of TEST_CARDS) {
    const r = cardFromRaw({
      pan: c.pan,
      cardHolder: 'Test Holder',
      expirationMonth: 12,
      expirationYear: 2035,
    });
    if (r.ok) out.set(c.token, r.card);
  }
  return out;
}
