/**
 * After-the-fact events: transactions the gateway makes by itself once a charge has closed (a chargeback, its
 * reversal, a refund made in the back office) and the settling of a late-settle transaction. Each event is a new
 * committed transaction with its own uuid and a gateway-made merchantTransactionId ("cb-", "cbr-", "bo-" + its
 * uuid); it points at the original through its GatewayEvent, inherits the original's callbackUrl and
 * merchantMetaData, and its callback goes out like any other. See README.md ("After-the-fact events").
 */
import { commit, type EngineContext, succeed } from './context.js';
import type { Completion } from './completion.js';
import { parseMoney } from './parsed-money.js';
import { applyRefund, refundViolation } from './references.js';
import type { GatewayEvent, StoredTransaction, TransactionType } from './store.js';

/** Why an event request was refused; each maps to one HTTP status on the admin endpoints. */
export const EVENT_REFUSALS = {
  'invalid-request': 400,
  'unknown-transaction': 404,
  'not-chargeable': 409,
  'not-successful': 409,
  'amount-exceeds': 409,
  'no-chargeback': 409,
  'not-late-settle': 409,
  'settled-already': 409,
} as const;
export type EventRefusal = keyof typeof EVENT_REFUSALS;

/** An event the simulator refused: nothing was committed, no callback was sent. */
export class SimulatorEventError extends Error {
  override readonly name = 'SimulatorEventError';
  readonly reason: EventRefusal;

  constructor(reason: EventRefusal, message: string) {
    super(message);
    this.reason = reason;
  }

  /** The admin endpoints' HTTP status for this refusal. */
  get httpStatus(): number {
    return EVENT_REFUSALS[this.reason];
  }
}

/** The original transaction, by its merchantTransactionId or its uuid (exactly one). */
export interface OriginalSelector {
  readonly merchantTransactionId?: string;
  readonly uuid?: string;
}

/** Amount in minor units; default: everything still open (full amount minus earlier refunds/chargebacks). */
export interface EventAmount {
  readonly amountMinor?: number;
  readonly reason?: string;
}

export type ChargebackInput = OriginalSelector & EventAmount;
export type BackOfficeRefundInput = OriginalSelector & EventAmount;

/** The chargeback by its uuid, or the latest not fully reversed chargeback of the original merchantTransactionId. */
export interface ChargebackReversalInput extends EventAmount {
  readonly chargebackUuid?: string;
  readonly merchantTransactionId?: string;
}

/** The admin endpoints also take the amount as a decimal string in the original's currency. */
type WithDecimal<T> = T & { readonly amount?: string };

const DEFAULT_CHARGEBACK_REASON = 'Cardholder dispute';
const DEFAULT_REVERSAL_REASON = 'Chargeback reversed';

const refuse = (reason: EventRefusal, message: string): never => {
  throw new SimulatorEventError(reason, message);
};

export class GatewayEvents {
  readonly #ctx: EngineContext;
  readonly #completion: Completion;
  /** Events by the original's uuid, in commit order (built from the store once, then kept up to date). */
  readonly #byOriginal = new Map<string, StoredTransaction[]>();

  constructor(ctx: EngineContext, completion: Completion) {
    this.#ctx = ctx;
    this.#completion = completion;
    for (const tx of ctx.store.all()) if (tx.event) this.#index(tx);
  }

  /** A chargeback of a successful DEBIT or CAPTURE. */
  chargeback(input: WithDecimal<ChargebackInput>): StoredTransaction {
    const original = this.#original(input);
    if (original.type !== 'DEBIT' && original.type !== 'CAPTURE')
      refuse('not-chargeable', `a ${original.type} cannot be charged back (only DEBIT or CAPTURE)`);
    if (original.status !== 'SUCCESS')
      refuse('not-successful', `transaction ${original.uuid} is ${original.status}, not SUCCESS`);
    const open = (original.amountMinor ?? 0) - original.refundedMinor - this.#netChargedBack(original);
    const minor = this.#amount(input, original, open);
    return this.#record(original, 'CHARGEBACK', minor, {
      kind: 'chargeback',
      reason: input.reason ?? DEFAULT_CHARGEBACK_REASON,
    });
  }

  /** Reverses (part of) a chargeback: the merchant gets the money back. */
  chargebackReversal(input: WithDecimal<ChargebackReversalInput>): StoredTransaction {
    if ((input.chargebackUuid === undefined) === (input.merchantTransactionId === undefined))
      refuse('invalid-request', 'give exactly one of chargebackUuid, merchantTransactionId');
    let chargeback: StoredTransaction | undefined;
    if (input.chargebackUuid !== undefined) {
      chargeback = this.#ctx.store.get(input.chargebackUuid);
      if (!chargeback) refuse('unknown-transaction', `unknown chargeback ${input.chargebackUuid}`);
      if (chargeback?.type !== 'CHARGEBACK')
        refuse('no-chargeback', `transaction ${input.chargebackUuid} is not a CHARGEBACK`);
    } else {
      const original = this.#original({ merchantTransactionId: input.merchantTransactionId ?? '' });
      chargeback = (this.#byOriginal.get(original.uuid) ?? [])
        .filter((tx) => tx.type === 'CHARGEBACK' && this.#reversible(tx) > 0)
        .at(-1);
      if (!chargeback)
        refuse('no-chargeback', `no chargeback of ${original.merchantTransactionId} is left to reverse`);
    }
    const cb = chargeback as StoredTransaction & { event: GatewayEvent };
    const original = this.#ctx.store.get(cb.event.originalUuid) as StoredTransaction;
    const minor = this.#amount(input, original, this.#reversible(cb));
    return this.#record(original, 'CHARGEBACK-REVERSAL', minor, {
      kind: 'chargeback-reversal',
      chargebackUuid: cb.uuid,
      reason: input.reason ?? DEFAULT_REVERSAL_REASON,
    });
  }

  /** A refund made in the gateway's back office (not requested through the API) of a successful DEBIT/CAPTURE. */
  refund(input: WithDecimal<BackOfficeRefundInput>): StoredTransaction {
    const original = this.#original(input);
    if (original.type !== 'DEBIT' && original.type !== 'CAPTURE')
      refuse(
        'not-chargeable',
        `a ${original.type} cannot be refunded in the back office (only DEBIT or CAPTURE)`,
      );
    if (original.status !== 'SUCCESS')
      refuse('not-successful', `transaction ${original.uuid} is ${original.status}, not SUCCESS`);
    const open = (original.amountMinor ?? 0) - original.refundedMinor;
    const minor = this.#amount(input, original, open);
    const violation = refundViolation(this.#ctx, original, { minor, currency: original.currency ?? 'EUR' });
    if (violation) refuse('amount-exceeds', violation[1]);
    applyRefund(this.#ctx, original, minor);
    return this.#record(original, 'REFUND', minor, {
      kind: 'back-office-refund',
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    });
  }

  /** Settles a late-settle transaction now (instead of waiting for its settleAfterMs). */
  settleLate(input: OriginalSelector): StoredTransaction {
    const tx = this.#original(input);
    if (!tx.lateSettle) refuse('not-late-settle', `transaction ${tx.uuid} is not a late settle`);
    if (tx.lateSettle?.settledAt !== undefined || tx.status === 'SUCCESS')
      refuse('settled-already', `transaction ${tx.uuid} settled already`);
    return this.#completion.settleLate(tx.uuid);
  }

  #original(input: OriginalSelector): StoredTransaction {
    const { merchantTransactionId: id, uuid } = input;
    if ((id === undefined) === (uuid === undefined))
      refuse('invalid-request', 'give exactly one of merchantTransactionId, uuid');
    const tx =
      id !== undefined ? this.#ctx.store.byMerchantTransactionId(id) : this.#ctx.store.get(uuid ?? '');
    return tx ?? refuse('unknown-transaction', `unknown transaction ${id ?? uuid ?? ''}`);
  }

  /** The requested amount in minor units (default: all of `open`), refused beyond `open`. */
  #amount(input: WithDecimal<EventAmount>, original: StoredTransaction, open: number): number {
    if (input.amountMinor !== undefined && input.amount !== undefined)
      refuse('invalid-request', 'give amountMinor or amount, not both');
    let minor = input.amountMinor ?? open;
    if (input.amount !== undefined) {
      const money = parseMoney(input.amount, original.currency ?? '');
      if (typeof money === 'string') refuse('invalid-request', money);
      else minor = money.minor;
    }
    if (!Number.isSafeInteger(minor) || minor <= 0) {
      if (input.amountMinor === undefined && input.amount === undefined)
        refuse('amount-exceeds', `nothing left of ${original.merchantTransactionId}`);
      refuse('invalid-request', `amount must be a positive integer of minor units, got ${minor}`);
    }
    if (minor > open)
      refuse('amount-exceeds', `amount ${minor} exceeds the ${open} minor units left of ${original.uuid}`);
    return minor;
  }

  /** Chargebacks minus their reversals so far. */
  #netChargedBack(original: StoredTransaction): number {
    let net = 0;
    for (const tx of this.#byOriginal.get(original.uuid) ?? []) {
      if (tx.type === 'CHARGEBACK') net += tx.amountMinor ?? 0;
      if (tx.type === 'CHARGEBACK-REVERSAL') net -= tx.amountMinor ?? 0;
    }
    return net;
  }

  #reversible(chargeback: StoredTransaction): number {
    let left = chargeback.amountMinor ?? 0;
    for (const tx of this.#byOriginal.get(chargeback.event?.originalUuid ?? '') ?? []) {
      if (tx.type === 'CHARGEBACK-REVERSAL' && tx.event?.chargebackUuid === chargeback.uuid)
        left -= tx.amountMinor ?? 0;
    }
    return left;
  }

  #record(
    original: StoredTransaction,
    type: TransactionType,
    minor: number,
    event: Omit<GatewayEvent, 'originalUuid' | 'originalMerchantTransactionId' | 'at'>,
  ): StoredTransaction {
    const uuid = this.#ctx.store.freshUuid();
    const prefix = type === 'CHARGEBACK' ? 'cb' : type === 'CHARGEBACK-REVERSAL' ? 'cbr' : 'bo';
    const tx = commit(
      this.#ctx,
      {
        merchantTransactionId: `${prefix}-${uuid}`,
        type,
        status: 'PENDING',
        amountMinor: minor,
        currency: original.currency,
        withRegister: false,
        ...(original.card ? { card: original.card } : {}),
        ...(original.merchantMetaData !== undefined ? { merchantMetaData: original.merchantMetaData } : {}),
        ...(original.callbackUrl !== undefined ? { callbackUrl: original.callbackUrl } : {}),
        event: {
          ...event,
          originalUuid: original.uuid,
          originalMerchantTransactionId: original.merchantTransactionId,
          at: this.#ctx.now().toISOString(),
        },
      },
      uuid,
    );
    succeed(this.#ctx, tx);
    this.#index(tx);
    this.#ctx.changed(tx);
    return tx;
  }

  #index(tx: StoredTransaction): void {
    const key = tx.event?.originalUuid;
    if (key === undefined) return;
    const list = this.#byOriginal.get(key);
    if (list) list.push(tx);
    else this.#byOriginal.set(key, [tx]);
  }
}
