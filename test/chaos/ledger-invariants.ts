/**
 * What the simulator's ledger says one charge did with the customer's money, judged by the charge's own
 * transactions (`c.<chargeId>.*`): the debits that took money (or preauthorizations that hold it), the charge's
 * own reversals of them (`xr<n>` refund or void), and what is left. A debit the charge reversed itself is not a
 * double debit; a second debit nobody reversed is.
 */
import type { LedgerEntry } from '../../src/simulator/index.js';

export interface ChargeMoney {
  /** DEBITs that reached SUCCESS (late settles included) and successful PREAUTHORIZEs, in ledger order. */
  readonly debits: readonly LedgerEntry[];
  /** The charge's own successful reversals (`xr<n>`) that fully reverse one of those debits. */
  readonly reversals: readonly LedgerEntry[];
  /** Debits the charge did not reverse: money kept (or held) from the customer. */
  readonly net: readonly LedgerEntry[];
}

const OWN_REVERSAL = /^c\.[^.]+\.xr\d+$/;

/** Pure: judges the entries of one charge (the caller selects them, e.g. by the prefix `c.<chargeId>.`). */
export function chargeMoney(entries: readonly LedgerEntry[]): ChargeMoney {
  const debits = entries.filter(
    (e) => (e.type === 'DEBIT' && e.charged) || (e.type === 'PREAUTHORIZE' && e.status === 'SUCCESS'),
  );
  const reversals: LedgerEntry[] = [];
  const net: LedgerEntry[] = [];
  for (const debit of debits) {
    const own = entries.filter(
      (e) =>
        e.status === 'SUCCESS' &&
        e.referenceUuid === debit.uuid &&
        OWN_REVERSAL.test(e.merchantTransactionId) &&
        ((debit.type === 'DEBIT' && e.type === 'REFUND') ||
          (debit.type === 'PREAUTHORIZE' && e.type === 'VOID')),
    );
    const refunded = own.reduce((sum, e) => sum + (e.amountMinor ?? 0), 0);
    const full = debit.type === 'PREAUTHORIZE' ? own.length > 0 : refunded >= (debit.amountMinor ?? 0);
    if (own.length > 0 && full) reversals.push(...own);
    else net.push(debit);
  }
  return { debits, reversals, net };
}

/** Groups committed entries by charge id (`c.<chargeId>.<step>`); other entries are left out. */
export function entriesByCharge(entries: readonly LedgerEntry[]): Map<string, LedgerEntry[]> {
  const byCharge = new Map<string, LedgerEntry[]>();
  for (const e of entries) {
    const m = /^c\.([^.]+)\./.exec(e.merchantTransactionId);
    if (!m) continue;
    const list = byCharge.get(m[1]!) ?? [];
    list.push(e);
    byCharge.set(m[1]!, list);
  }
  return byCharge;
}
