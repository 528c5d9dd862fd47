/**
 * What the transaction logic shares: the stores, the clock and the change hook, plus the helpers that commit a
 * transaction and move it to its outcome.
 */
import type { CardBehavior, CardInfo } from './cards.js';
import type { LateSettlePlan } from './faults.js';
import type { ProfileStore } from './profiles.js';
import { purchaseIdFor, type StoredTransaction, type TransactionStore } from './store.js';
import { behaviorErrorCode, gatewayError } from './triggers.js';

export interface EngineContext {
  readonly store: TransactionStore;
  readonly profiles: ProfileStore;
  /** payment.js stand-in: ix:: tokens → cards. */
  readonly vault: Map<string, CardInfo>;
  /** Base for redirect URLs (no trailing slash). */
  readonly publicUrl: () => string;
  readonly now: () => Date;
  /** Called after every commit and every later status change (callbacks, timers, persistence hang off it). */
  readonly changed: (tx: StoredTransaction) => void;
  /** The late-settle fault's decision for a debit/preauthorize that would succeed. */
  readonly planLateSettle: (operation: string, merchantTransactionId: string) => LateSettlePlan | undefined;
}

/** A request the gateway refused before processing: nothing was committed. */
export interface Rejection {
  readonly kind: 'rejected';
  readonly errorCode: number;
  readonly errorMessage: string;
}

export interface Committed {
  readonly kind: 'committed';
  readonly tx: StoredTransaction;
}

export type EngineResult = Rejection | Committed;

export function reject(errorCode: number, errorMessage: string): Rejection {
  return { kind: 'rejected', errorCode, errorMessage };
}

type NewTransaction = Omit<
  StoredTransaction,
  | 'uuid'
  | 'purchaseId'
  | 'capturedMinor'
  | 'refundedMinor'
  | 'incrementedMinor'
  | 'voided'
  | 'deregistered'
  | 'lateSettle'
  | 'createdAt'
  | 'updatedAt'
>;

/**
 * Inserts a transaction (uuid unless given, purchaseId, timestamps filled in). The caller calls `changed` when it
 * is final.
 */
export function commit(
  ctx: EngineContext,
  fields: NewTransaction,
  uuid: string = ctx.store.freshUuid(),
): StoredTransaction {
  const at = ctx.now();
  const iso = at.toISOString();
  // Every key in one fixed order: one hidden class for all transactions keeps 100k of them cheap.
  const tx: StoredTransaction = {
    uuid,
    merchantTransactionId: fields.merchantTransactionId,
    purchaseId: purchaseIdFor(uuid, at),
    type: fields.type,
    status: fields.status,
    amountMinor: fields.amountMinor,
    currency: fields.currency,
    referenceUuid: fields.referenceUuid,
    card: fields.card,
    withRegister: fields.withRegister,
    profileRequest: fields.profileRequest,
    customerProfileData: fields.customerProfileData,
    paymentToken: fields.paymentToken,
    customer: fields.customer,
    extraData: fields.extraData,
    merchantMetaData: fields.merchantMetaData,
    callbackUrl: fields.callbackUrl,
    error: undefined,
    redirectKind: undefined,
    threeDSecure: fields.threeDSecure,
    capturedMinor: 0,
    refundedMinor: 0,
    incrementedMinor: 0,
    voided: false,
    deregistered: false,
    event: fields.event,
    lateSettle: undefined,
    createdAt: iso,
    updatedAt: iso,
  };
  ctx.store.insert(tx);
  return tx;
}

export function touch(ctx: EngineContext, tx: StoredTransaction): void {
  tx.updatedAt = ctx.now().toISOString();
}

/** Marks a transaction failed with an IXOPAY error code. */
export function fail(ctx: EngineContext, tx: StoredTransaction, code: number, detail?: string): void {
  tx.status = code === 2002 ? 'CANCELLED' : 'ERROR';
  tx.error = gatewayError(code, detail);
  touch(ctx, tx);
}

/** Success side effects: a registering transaction creates or extends the customer profile. */
export function succeed(ctx: EngineContext, tx: StoredTransaction): void {
  tx.status = 'SUCCESS';
  const registers = tx.type === 'REGISTER' || tx.withRegister;
  const request = tx.profileRequest;
  if (
    registers &&
    request &&
    tx.card &&
    (request.customerIdentification !== undefined || request.profileGuid !== undefined)
  ) {
    const link = ctx.profiles.attach(request, tx.card, tx.customer, ctx.now());
    if (link.ok) tx.customerProfileData = link.value;
  }
  touch(ctx, tx);
}

/** Moves a transaction to what `behavior` says: SUCCESS, ERROR, PENDING or REDIRECT to 3-D Secure. */
export function applyBehavior(ctx: EngineContext, tx: StoredTransaction, behavior: CardBehavior): void {
  const code = behaviorErrorCode(behavior);
  if (code !== undefined) {
    if (code === 2021) tx.threeDSecure = 'FAILED';
    fail(ctx, tx, code);
  } else if (behavior === 'pending') {
    tx.status = 'PENDING';
    touch(ctx, tx);
  } else if (behavior === '3ds') {
    tx.status = 'REDIRECT';
    tx.redirectKind = '3ds';
    touch(ctx, tx);
  } else {
    succeed(ctx, tx);
  }
}

export function redirectUrlFor(ctx: EngineContext, tx: StoredTransaction): string | undefined {
  if (tx.status !== 'REDIRECT' || !tx.redirectKind) return undefined;
  return `${ctx.publicUrl()}/simulator/${tx.redirectKind}/${tx.uuid}`;
}
