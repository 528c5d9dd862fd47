/**
 * How PENDING and REDIRECT transactions end: by timer (PENDING completes by itself after
 * pendingCompleteAfterMs), by the simulated customer on the hosted payment page / 3-D Secure page, or
 * programmatically from a test.
 */
import { type CardInfo, cardFromRaw, DEFAULT_SUCCESS_PAN } from './cards.js';
import { type EngineContext, fail, succeed, touch } from './context.js';
import { settleWithCard } from './engine.js';
import type { StoredTransaction } from './store.js';

/** How a test or the customer ends a PENDING/REDIRECT transaction. A number fails it with that error code. */
export type CompletionOutcome = 'success' | 'fail' | 'cancel' | number;

/** Raised when a completion does not fit the transaction (unknown uuid, wrong status). */
export class SimulatorStateError extends Error {
  override readonly name = 'SimulatorStateError';
}

function requireStatus(
  ctx: EngineContext,
  uuid: string,
  status: StoredTransaction['status'],
): StoredTransaction {
  const tx = ctx.store.get(uuid);
  if (!tx) throw new SimulatorStateError(`unknown transaction ${uuid}`);
  if (tx.status !== status)
    throw new SimulatorStateError(`transaction ${uuid} is ${tx.status}, not ${status}`);
  return tx;
}

function failWith(
  ctx: EngineContext,
  tx: StoredTransaction,
  outcome: Exclude<CompletionOutcome, 'success'>,
  failCode: number,
): void {
  if (outcome === 'cancel') fail(ctx, tx, 2002);
  else fail(ctx, tx, outcome === 'fail' ? failCode : outcome);
}

export class Completion {
  readonly #ctx: EngineContext;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #autoMs: number | undefined;

  /** `autoCompleteAfterMs` undefined: PENDING transactions wait for completePending. */
  constructor(ctx: EngineContext, autoCompleteAfterMs: number | undefined) {
    this.#ctx = ctx;
    this.#autoMs = autoCompleteAfterMs;
  }

  /** Arms the auto-completion timer of a PENDING transaction, or the settle timer of a late settle (idempotent). */
  arm(tx: StoredTransaction): void {
    if (this.#timers.has(tx.uuid)) return;
    if (tx.lateSettle) {
      if (tx.lateSettle.settledAt !== undefined || tx.status === 'SUCCESS') return;
      const wait = Math.max(0, Date.parse(tx.lateSettle.settleAt) - this.#ctx.now().getTime());
      const timer = setTimeout(() => {
        this.#timers.delete(tx.uuid);
        if (tx.lateSettle?.settledAt === undefined) this.settleLate(tx.uuid);
      }, wait);
      timer.unref();
      this.#timers.set(tx.uuid, timer);
      return;
    }
    if (this.#autoMs === undefined || tx.status !== 'PENDING') return;
    const timer = setTimeout(() => {
      this.#timers.delete(tx.uuid);
      if (tx.status === 'PENDING') this.completePending(tx.uuid, 'success');
    }, this.#autoMs);
    timer.unref();
    this.#timers.set(tx.uuid, timer);
  }

  completePending(uuid: string, outcome: CompletionOutcome = 'success'): StoredTransaction {
    const tx = requireStatus(this.#ctx, uuid, 'PENDING');
    const timer = this.#timers.get(uuid);
    if (timer) clearTimeout(timer);
    this.#timers.delete(uuid);
    if (outcome === 'success') succeed(this.#ctx, tx);
    else failWith(this.#ctx, tx, outcome, 2003);
    this.#ctx.changed(tx);
    return tx;
  }

  /**
   * Settles a transaction hit by the late-settle fault now: the same uuid turns SUCCESS (money taken) and its OK
   * callback goes out. Refused when the transaction is unknown, not a late settle, or settled already.
   */
  settleLate(uuid: string): StoredTransaction {
    const tx = this.#ctx.store.get(uuid);
    if (!tx) throw new SimulatorStateError(`unknown transaction ${uuid}`);
    if (!tx.lateSettle) throw new SimulatorStateError(`transaction ${uuid} is not a late settle`);
    if (tx.lateSettle.settledAt !== undefined || tx.status === 'SUCCESS')
      throw new SimulatorStateError(`transaction ${uuid} settled already`);
    const timer = this.#timers.get(uuid);
    if (timer) clearTimeout(timer);
    this.#timers.delete(uuid);
    tx.error = undefined;
    succeed(this.#ctx, tx);
    tx.lateSettle.settledAt = tx.updatedAt;
    this.#ctx.changed(tx);
    return tx;
  }

  /**
   * Ends a REDIRECT. On the 3-D Secure page success finishes the payment and failure is 2021; on the hosted
   * payment page success pays with the default test card and failure is a decline (2003).
   */
  completeRedirect(uuid: string, outcome: CompletionOutcome): StoredTransaction {
    const tx = requireStatus(this.#ctx, uuid, 'REDIRECT');
    if (outcome === 'success') {
      if (tx.redirectKind === 'hpp') {
        const card = cardFromRaw({
          pan: DEFAULT_SUCCESS_PAN,
          cardHolder: 'Test Holder',
          expirationMonth: 12,
          expirationYear: 2035,
        });
        if (card.ok) tx.card = card.card;
      } else tx.threeDSecure = 'SUCCESS';
      succeed(this.#ctx, tx);
    } else {
      if (tx.redirectKind === '3ds') tx.threeDSecure = 'FAILED';
      failWith(this.#ctx, tx, outcome, tx.redirectKind === '3ds' ? 2021 : 2003);
    }
    this.#ctx.changed(tx);
    return tx;
  }

  /** The customer entered a card on the hosted payment page: the transaction continues as if sent with it. */
  submitCard(uuid: string, card: CardInfo): StoredTransaction {
    const tx = requireStatus(this.#ctx, uuid, 'REDIRECT');
    if (tx.redirectKind !== 'hpp')
      throw new SimulatorStateError(`transaction ${uuid} waits for 3-D Secure, not a card`);
    delete tx.redirectKind;
    settleWithCard(this.#ctx, tx, card);
    touch(this.#ctx, tx);
    this.#ctx.changed(tx);
    return tx;
  }

  /** The customer could not enter a valid card. */
  rejectCard(uuid: string, code: number, message: string): StoredTransaction {
    const tx = requireStatus(this.#ctx, uuid, 'REDIRECT');
    fail(this.#ctx, tx, code, message);
    this.#ctx.changed(tx);
    return tx;
  }

  stop(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }
}
