/**
 * Chooses the instrument to charge: a pinned token if the caller gave one, else the preferred instrument,
 * else the first usable one. Expired cards are skipped. Pure and deterministic, so it runs as workflow code
 * (its input and output are in history through the fetchProfile result and the debit input).
 */
import type { InstrumentSummary } from '../contract/domain.js';

export type TokenChoice =
  | { readonly ok: true; readonly instrument: InstrumentSummary }
  | {
      readonly ok: false;
      readonly reason:
        'no-instruments' | 'no-usable-instrument' | 'pinned-token-not-found' | 'pinned-token-expired';
    };

/** A card is usable through the last day of its expiry month. */
export function isExpired(instrument: InstrumentSummary, now: Date): boolean {
  const { expiryMonth, expiryYear } = instrument;
  if (expiryMonth === undefined || expiryYear === undefined) return false;
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return expiryYear < year || (expiryYear === year && expiryMonth < month);
}

export function selectToken(
  instruments: readonly InstrumentSummary[],
  now: Date,
  pinnedToken?: string,
): TokenChoice {
  if (pinnedToken !== undefined) {
    const pinned = instruments.find((i) => i.paymentToken === pinnedToken);
    if (!pinned) return { ok: false, reason: 'pinned-token-not-found' };
    if (isExpired(pinned, now)) return { ok: false, reason: 'pinned-token-expired' };
    return { ok: true, instrument: pinned };
  }
  const withToken = instruments.filter((i) => i.paymentToken.length > 0);
  if (withToken.length === 0) return { ok: false, reason: 'no-instruments' };
  const usable = withToken.filter((i) => !isExpired(i, now));
  const chosen = usable.find((i) => i.isPreferred) ?? usable[0];
  return chosen ? { ok: true, instrument: chosen } : { ok: false, reason: 'no-usable-instrument' };
}
