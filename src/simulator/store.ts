/**
 * The simulator's transactions, indexed by uuid and by merchantTransactionId (both O(1)), in commit order.
 */
import { randomBytes } from 'node:crypto';
import type { Currency } from '../money.js';
import type { CardInfo } from './cards.js';
import type { GatewayError } from './triggers.js';

/** Transaction types as the status API and callbacks name them. */
export const TRANSACTION_TYPES = {
  debit: 'DEBIT',
  preauthorize: 'PREAUTHORIZE',
  capture: 'CAPTURE',
  void: 'VOID',
  register: 'REGISTER',
  deregister: 'DEREGISTER',
  refund: 'REFUND',
  incrementalAuthorization: 'INCREMENTAL-AUTHORIZATION',
  payout: 'PAYOUT',
} as const;

export type TransactionOperation = keyof typeof TRANSACTION_TYPES;

/** Types of transactions only the gateway makes (after-the-fact events); no API operation creates them. */
export const EVENT_TRANSACTION_TYPES = ['CHARGEBACK', 'CHARGEBACK-REVERSAL'] as const;

export type TransactionType =
  (typeof TRANSACTION_TYPES)[TransactionOperation] | (typeof EVENT_TRANSACTION_TYPES)[number];

/**
 * A transaction the gateway made by itself, after the original closed: a chargeback, its reversal or a refund
 * made in the back office. `at` is the chargebackDateTime / reversalDateTime (ISO 8601, UTC).
 */
export interface GatewayEvent {
  readonly kind: 'chargeback' | 'chargeback-reversal' | 'back-office-refund';
  readonly originalUuid: string;
  readonly originalMerchantTransactionId: string;
  /** chargeback-reversal: the chargeback it reverses. */
  readonly chargebackUuid?: string | undefined;
  readonly reason?: string | undefined;
  readonly at: string;
}

/** The late-settle fault: the transaction first answered ERROR or PENDING and turns SUCCESS at settleAt. */
export interface LateSettle {
  readonly reply: 'ERROR' | 'PENDING';
  readonly errorCode?: number | undefined;
  readonly settleAt: string;
  settledAt?: string | undefined;
}

/** The gateway's transaction statuses (status API `transactionStatus`). */
export type TransactionStatus = 'SUCCESS' | 'PENDING' | 'REDIRECT' | 'ERROR' | 'CANCELLED';

export interface ProfileLink {
  readonly profileGuid: string;
  readonly customerIdentification: string;
  readonly paymentToken: string;
}

export interface ProfileRequest {
  readonly profileGuid?: string | undefined;
  readonly customerIdentification?: string | undefined;
  readonly markAsPreferred?: boolean | undefined;
}

/** One committed transaction. Mutable fields change when a PENDING/REDIRECT completes or a reference uses it. */
export interface StoredTransaction {
  readonly uuid: string;
  readonly merchantTransactionId: string;
  readonly purchaseId: string;
  readonly type: TransactionType;
  status: TransactionStatus;
  readonly amountMinor?: number | undefined;
  readonly currency?: Currency | undefined;
  readonly referenceUuid?: string | undefined;
  card?: CardInfo | undefined;
  readonly withRegister: boolean;
  readonly profileRequest?: ProfileRequest | undefined;
  customerProfileData?: ProfileLink | undefined;
  /** The stored-instrument token this transaction charged (pt::…), if any. */
  readonly paymentToken?: string | undefined;
  readonly customer?: Readonly<Record<string, unknown>> | undefined;
  readonly extraData?: Readonly<Record<string, string>> | undefined;
  readonly merchantMetaData?: string | undefined;
  readonly callbackUrl?: string | undefined;
  error?: GatewayError | undefined;
  /** Where a REDIRECT sends the customer: the hosted payment page or the 3-D Secure page. */
  redirectKind?: 'hpp' | '3ds' | undefined;
  threeDSecure?: 'OFF' | 'SUCCESS' | 'FAILED' | undefined;
  /** Captured (preauthorize) or refunded (debit/capture/preauthorize) totals, voided/deregistered flags. */
  capturedMinor: number;
  refundedMinor: number;
  /** Added to a preauthorize by incremental authorizations. */
  incrementedMinor: number;
  voided: boolean;
  deregistered: boolean;
  /** Set on chargebacks, reversals and back-office refunds. */
  readonly event?: GatewayEvent | undefined;
  /** Set when the late-settle fault hit this transaction. */
  lateSettle?: LateSettle | undefined;
  readonly createdAt: string;
  updatedAt: string;
}

// One randomBytes call per 4 KiB of ids: a call per id costs more than the rest of a debit.
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** 20 lowercase hex characters, like the gateway's uuids. */
export function newUuid(): string {
  if (poolOffset + 10 > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  poolOffset += 10;
  return pool.toString('hex', poolOffset - 10, poolOffset);
}

/** "yyyymmdd-uuid" as in the gateway's purchaseId. */
export function purchaseIdFor(uuid: string, at: Date): string {
  return `${at.toISOString().slice(0, 10).replace(/-/g, '')}-${uuid}`;
}

export class TransactionStore {
  readonly #byUuid = new Map<string, StoredTransaction>();
  readonly #uuidByMerchantId = new Map<string, string>();
  readonly #ordered: StoredTransaction[] = [];

  get size(): number {
    return this.#ordered.length;
  }

  hasMerchantTransactionId(id: string): boolean {
    return this.#uuidByMerchantId.has(id);
  }

  get(uuid: string): StoredTransaction | undefined {
    return this.#byUuid.get(uuid);
  }

  byMerchantTransactionId(id: string): StoredTransaction | undefined {
    const uuid = this.#uuidByMerchantId.get(id);
    return uuid === undefined ? undefined : this.#byUuid.get(uuid);
  }

  /** A uuid not used yet (collisions are astronomically rare, but a restart must never reuse one). */
  freshUuid(): string {
    let uuid = newUuid();
    while (this.#byUuid.has(uuid)) uuid = newUuid();
    return uuid;
  }

  insert(tx: StoredTransaction): void {
    if (this.#uuidByMerchantId.has(tx.merchantTransactionId)) {
      throw new Error(`duplicate merchantTransactionId ${tx.merchantTransactionId}`);
    }
    this.#byUuid.set(tx.uuid, tx);
    this.#uuidByMerchantId.set(tx.merchantTransactionId, tx.uuid);
    this.#ordered.push(tx);
  }

  all(): readonly StoredTransaction[] {
    return this.#ordered;
  }
}
