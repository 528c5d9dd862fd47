/**
 * Read-only view of what the simulator committed: the ground truth tests and benchmarks compare against
 * ("was the customer charged exactly once?").
 */
import type { Currency } from '../money.js';
import { type LedgerSummary, summarize } from './ledger-summary.js';
import type {
  LateSettle,
  StoredTransaction,
  TransactionStatus,
  TransactionStore,
  TransactionType,
} from './store.js';

/** One committed transaction as the ledger reports it (amount in integer minor units). */
export interface LedgerEntry {
  readonly uuid: string;
  readonly merchantTransactionId: string;
  readonly type: TransactionType;
  readonly status: TransactionStatus;
  readonly amountMinor?: number;
  readonly currency?: Currency;
  readonly referenceUuid?: string;
  readonly errorCode?: number;
  readonly paymentToken?: string;
  readonly profileGuid?: string;
  /** True when this transaction took money from the customer: a DEBIT or CAPTURE that reached SUCCESS. */
  readonly charged: boolean;
  /** 'gateway': a chargeback, reversal or back-office refund the gateway made by itself. */
  readonly origin: 'merchant' | 'gateway';
  /** Gateway-made transactions: the transaction they act on. */
  readonly originalUuid?: string;
  readonly originalMerchantTransactionId?: string;
  /** CHARGEBACK-REVERSAL: the chargeback it reverses. */
  readonly chargebackUuid?: string;
  readonly reason?: string;
  /** Set when the late-settle fault hit it: its first answer and when it settled (absent: not yet). */
  readonly lateSettle?: {
    readonly reply: 'ERROR' | 'PENDING';
    readonly errorCode?: number;
    readonly settleAt: string;
    readonly settledAt?: string;
  };
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function toLedgerEntry(tx: StoredTransaction): LedgerEntry {
  const token = tx.paymentToken ?? tx.customerProfileData?.paymentToken;
  return {
    uuid: tx.uuid,
    merchantTransactionId: tx.merchantTransactionId,
    type: tx.type,
    status: tx.status,
    ...(tx.amountMinor !== undefined ? { amountMinor: tx.amountMinor } : {}),
    ...(tx.currency !== undefined ? { currency: tx.currency } : {}),
    ...(tx.referenceUuid !== undefined ? { referenceUuid: tx.referenceUuid } : {}),
    ...(tx.error ? { errorCode: tx.error.errorCode } : {}),
    ...(token !== undefined ? { paymentToken: token } : {}),
    ...(tx.customerProfileData ? { profileGuid: tx.customerProfileData.profileGuid } : {}),
    charged: isCharge(tx),
    origin: tx.event ? 'gateway' : 'merchant',
    ...(tx.event
      ? {
          originalUuid: tx.event.originalUuid,
          originalMerchantTransactionId: tx.event.originalMerchantTransactionId,
          ...(tx.event.chargebackUuid !== undefined ? { chargebackUuid: tx.event.chargebackUuid } : {}),
          ...(tx.event.reason !== undefined ? { reason: tx.event.reason } : {}),
        }
      : {}),
    ...(tx.lateSettle ? { lateSettle: lateSettleView(tx.lateSettle) } : {}),
    createdAt: tx.createdAt,
    updatedAt: tx.updatedAt,
  };
}

function lateSettleView(late: LateSettle): NonNullable<LedgerEntry['lateSettle']> {
  return {
    reply: late.reply,
    ...(late.errorCode !== undefined ? { errorCode: late.errorCode } : {}),
    settleAt: late.settleAt,
    ...(late.settledAt !== undefined ? { settledAt: late.settledAt } : {}),
  };
}

/** Money that left a customer: successful DEBIT and CAPTURE transactions (late settles once settled). */
export function isCharge(tx: StoredTransaction): boolean {
  return tx.status === 'SUCCESS' && (tx.type === 'DEBIT' || tx.type === 'CAPTURE');
}

export class Ledger {
  readonly #store: TransactionStore;

  constructor(store: TransactionStore) {
    this.#store = store;
  }

  /** Number of committed transactions (any type, any status). */
  get size(): number {
    return this.#store.size;
  }

  /** Every committed transaction, in commit order (declines and pending ones included). */
  committed(): LedgerEntry[] {
    return this.#store.all().map(toLedgerEntry);
  }

  get(uuid: string): LedgerEntry | undefined {
    const tx = this.#store.get(uuid);
    return tx && toLedgerEntry(tx);
  }

  byMerchantTransactionId(id: string): LedgerEntry | undefined {
    const tx = this.#store.byMerchantTransactionId(id);
    return tx && toLedgerEntry(tx);
  }

  /** Committed transactions whose merchantTransactionId starts with `prefix`. */
  entriesFor(prefix: string): LedgerEntry[] {
    return this.#store
      .all()
      .filter((tx) => tx.merchantTransactionId.startsWith(prefix))
      .map(toLedgerEntry);
  }

  /** Successful DEBIT/CAPTURE transactions whose merchantTransactionId starts with `prefix`. */
  chargesFor(prefix: string): LedgerEntry[] {
    return this.#store
      .all()
      .filter((tx) => isCharge(tx) && tx.merchantTransactionId.startsWith(prefix))
      .map(toLedgerEntry);
  }

  /** Net minor units taken for `prefix`: charges minus successful refunds (refunds matched by their own id). */
  netChargedMinor(prefix: string): number {
    let total = 0;
    for (const tx of this.#store.all()) {
      if (!tx.merchantTransactionId.startsWith(prefix) || tx.status !== 'SUCCESS') continue;
      if (tx.type === 'DEBIT' || tx.type === 'CAPTURE') total += tx.amountMinor ?? 0;
      if (tx.type === 'REFUND') total -= tx.amountMinor ?? 0;
    }
    return total;
  }

  /**
   * Per charge (merchantTransactionId prefix "c.<chargeId>.", see chargeKeyOf), what happened to its money:
   * successful debits/captures, refunds (API and back office), voids, chargebacks and reversals. Gateway-made
   * transactions count for their original's charge. `prefix` keeps only charges whose key starts with it.
   */
  summary(prefix?: string): LedgerSummary {
    return summarize(this.#store.all(), prefix);
  }

  /** Counts per status, handy for benchmark summaries. */
  countsByStatus(): Record<TransactionStatus, number> {
    const counts: Record<TransactionStatus, number> = {
      SUCCESS: 0,
      PENDING: 0,
      REDIRECT: 0,
      ERROR: 0,
      CANCELLED: 0,
    };
    for (const tx of this.#store.all()) counts[tx.status]++;
    return counts;
  }
}
