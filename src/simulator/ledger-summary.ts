/**
 * The ledger per charge: counts and amounts the soak and chaos tests check their invariants against ("charged
 * at most once", "every chargeback recorded", "nothing charged without a success").
 */
import type { Mutable } from '../mutable.js';
import type { Currency } from '../money.js';
import type { StoredTransaction } from './store.js';

/** What happened to one charge's money. Amounts in minor units; one currency per charge is assumed. */
export interface ChargeSummary {
  /** The charge key, e.g. "c.order-1." (see chargeKeyOf). */
  readonly charge: string;
  readonly currency?: Currency;
  /** DEBIT/CAPTURE transactions that reached SUCCESS (money taken), late settles included. */
  readonly debits: number;
  readonly chargedMinor: number;
  /** Of `debits`: how many first answered ERROR/PENDING and settled late. */
  readonly lateSettledDebits: number;
  /** Late-settle debits that did not settle yet (they will: money about to be taken). */
  readonly awaitingSettle: number;
  /** DEBIT/PREAUTHORIZE that ended ERROR or CANCELLED (and are not waiting to settle late). */
  readonly failedDebits: number;
  /** PREAUTHORIZE that reached SUCCESS (money reserved, not taken). */
  readonly preauthorizations: number;
  /** REFUND that reached SUCCESS: requested through the API or made in the back office. */
  readonly refunds: number;
  readonly backOfficeRefunds: number;
  readonly refundedMinor: number;
  /** VOID that reached SUCCESS. */
  readonly voids: number;
  readonly chargebacks: number;
  readonly chargebackMinor: number;
  readonly chargebackReversals: number;
  readonly reversedMinor: number;
  /** chargedMinor − refundedMinor − chargebackMinor + reversedMinor. */
  readonly netMinor: number;
  /** Every transaction counted here, in commit order. */
  readonly uuids: readonly string[];
}

export interface LedgerSummary {
  /** In order of each charge's first transaction. */
  readonly charges: readonly ChargeSummary[];
}

/**
 * The charge a merchantTransactionId belongs to: its first two dot-separated parts with the trailing dot
 * ("c.order-1.d2" → "c.order-1."), or the whole id when it has no such form.
 */
export function chargeKeyOf(merchantTransactionId: string): string {
  const match = /^[^.]+\.[^.]+\./.exec(merchantTransactionId);
  return match ? match[0] : merchantTransactionId;
}

function empty(charge: string): Mutable<ChargeSummary> & { uuids: string[] } {
  return {
    charge,
    debits: 0,
    chargedMinor: 0,
    lateSettledDebits: 0,
    awaitingSettle: 0,
    failedDebits: 0,
    preauthorizations: 0,
    refunds: 0,
    backOfficeRefunds: 0,
    refundedMinor: 0,
    voids: 0,
    chargebacks: 0,
    chargebackMinor: 0,
    chargebackReversals: 0,
    reversedMinor: 0,
    netMinor: 0,
    uuids: [],
  };
}

function count(s: Mutable<ChargeSummary>, tx: StoredTransaction): void {
  const minor = tx.amountMinor ?? 0;
  const ok = tx.status === 'SUCCESS';
  if (s.currency === undefined && tx.currency !== undefined) s.currency = tx.currency;
  const waiting = tx.lateSettle !== undefined && tx.lateSettle.settledAt === undefined && !ok;
  switch (tx.type) {
    case 'DEBIT':
    case 'CAPTURE':
    case 'PREAUTHORIZE':
      if (waiting) s.awaitingSettle++;
      else if (tx.status === 'ERROR' || tx.status === 'CANCELLED') {
        if (tx.type !== 'CAPTURE') s.failedDebits++;
      } else if (ok && tx.type === 'PREAUTHORIZE') s.preauthorizations++;
      else if (ok) {
        s.debits++;
        s.chargedMinor += minor;
        if (tx.lateSettle) s.lateSettledDebits++;
      }
      break;
    case 'REFUND':
      if (!ok) break;
      s.refunds++;
      s.refundedMinor += minor;
      if (tx.event) s.backOfficeRefunds++;
      break;
    case 'VOID':
      if (ok) s.voids++;
      break;
    case 'CHARGEBACK':
      s.chargebacks++;
      s.chargebackMinor += minor;
      break;
    case 'CHARGEBACK-REVERSAL':
      s.chargebackReversals++;
      s.reversedMinor += minor;
      break;
    default:
      break;
  }
}

/** Groups transactions by charge; gateway-made ones by their original's merchantTransactionId. */
export function summarize(transactions: readonly StoredTransaction[], prefix?: string): LedgerSummary {
  const byCharge = new Map<string, ReturnType<typeof empty>>();
  for (const tx of transactions) {
    const key = chargeKeyOf(tx.event?.originalMerchantTransactionId ?? tx.merchantTransactionId);
    if (prefix !== undefined && !key.startsWith(prefix)) continue;
    let s = byCharge.get(key);
    if (!s) byCharge.set(key, (s = empty(key)));
    count(s, tx);
    s.uuids.push(tx.uuid);
  }
  const charges = [...byCharge.values()].map((s) => ({
    ...s,
    netMinor: s.chargedMinor - s.refundedMinor - s.chargebackMinor + s.reversedMinor,
  }));
  return { charges };
}
