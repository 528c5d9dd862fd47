/**
 * Fault injection: random faults at configured rates (seeded PRNG, so runs repeat) and scripted faults that hit
 * exactly the next N matching requests or callbacks, for deterministic tests.
 */
import type { Prng } from './prng.js';

/** What happens to a committed request whose response is lost. */
export type AmbiguousMode = 'destroy' | 'hang' | '504';

export interface FaultSettings {
  /** Added to every API request, plus a uniform jitter in [0, latencyJitterMs]. */
  readonly latencyMs: number;
  readonly latencyJitterMs: number;
  /** Probability of a 5xx before processing (nothing committed). */
  readonly rate5xx: number;
  /** Probability of 429 Too Many Requests before processing, with Retry-After. */
  readonly rate429: number;
  readonly retryAfterSeconds: number;
  /** Probability that a request is processed (committed) and its response then lost. */
  readonly ambiguousRate: number;
  readonly ambiguousMode: AmbiguousMode;
  /** Callback faults: first delivery lost (later retries deliver). */
  readonly callbackDropRate: number;
  /** Callback never delivered at all. */
  readonly callbackLoseRate: number;
  /** Callback delivered twice. */
  readonly callbackDuplicateRate: number;
  /** Every callback waits this long before its first delivery. */
  readonly callbackDelayMs: number;
  /** Callback held back and delivered after the transaction's next callback (or after callbackHoldMs). */
  readonly callbackOutOfOrderRate: number;
  readonly callbackHoldMs: number;
  /** Probability that a debit/preauthorize which would succeed first answers ERROR or PENDING, then settles. */
  readonly lateSettleRate: number;
  /** What a random late settle answers first; 'mixed' picks ERROR (a code from lateSettleErrorCodes) or PENDING. */
  readonly lateSettleReply: LateSettleReply | 'mixed';
  readonly lateSettleErrorCodes: readonly number[];
  /** How long after the first answer the transaction turns SUCCESS. */
  readonly lateSettleAfterMs: number;
}

/** What a late-settling transaction answers first. */
export type LateSettleReply = 'error' | 'pending';

export const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  latencyJitterMs: 0,
  rate5xx: 0,
  rate429: 0,
  retryAfterSeconds: 1,
  ambiguousRate: 0,
  ambiguousMode: 'destroy',
  callbackDropRate: 0,
  callbackLoseRate: 0,
  callbackDuplicateRate: 0,
  callbackDelayMs: 0,
  callbackOutOfOrderRate: 0,
  callbackHoldMs: 2000,
  lateSettleRate: 0,
  lateSettleReply: 'mixed',
  lateSettleErrorCodes: [3001, 3003, 1003, 9999],
  lateSettleAfterMs: 2000,
};

export type RequestFaultKind =
  | '5xx'
  | '429'
  | 'ambiguous-destroy'
  | 'ambiguous-hang'
  | 'ambiguous-504'
  | 'latency'
  | 'reply-delay'
  | 'reply-hold'
  | 'html-4xx'
  | 'malformed-reply'
  | 'not-found-reply'
  | 'no-profile-reply';
export type CallbackFaultKind =
  'callback-drop' | 'callback-lose' | 'callback-duplicate' | 'callback-delay' | 'callback-out-of-order';
/** Hits the transaction, not the HTTP exchange: see LateSettlePlan. */
export type TransactionFaultKind = 'late-settle';

/** One scripted fault: applies to the next `times` (default 1) matching requests or callbacks. */
export interface ScriptedFault {
  readonly fault: RequestFaultKind | CallbackFaultKind | TransactionFaultKind;
  readonly times?: number;
  /**
   * Requests: the operation ("debit", "capture", "status", "getProfile", …). Callbacks: the transaction type
   * ("DEBIT", …). Omitted: any.
   */
  readonly operation?: string;
  /**
   * Only requests, callbacks or late settles of this merchantTransactionId (a transaction request's field, the
   * id looked up by getByMerchantTransactionId, the transaction of a getByUuid). Omitted: any.
   */
  readonly merchantTransactionId?: string;
  /** 5xx status (default 503); html-4xx status (default 404). */
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  /** latency / callback-delay duration. */
  readonly delayMs?: number;
  /** late-settle: the first answer (default 'error'). */
  readonly reply?: LateSettleReply;
  /** late-settle with reply 'error': the error code (default 3003). */
  readonly errorCode?: number;
  /** late-settle: turns SUCCESS this long after the first answer (default lateSettleAfterMs). */
  readonly settleAfterMs?: number;
}

/** A debit/preauthorize that first answers ERROR `errorCode` or PENDING and turns SUCCESS after settleAfterMs. */
export interface LateSettlePlan {
  readonly reply: LateSettleReply;
  readonly errorCode: number;
  readonly settleAfterMs: number;
}

/** What the server does with one API request. */
export interface RequestFaultPlan {
  readonly delayMs: number;
  readonly reject?: { readonly status: number; readonly retryAfterSeconds?: number };
  readonly ambiguous?: AmbiguousMode;
  /** Hold the reply this long after the transaction committed (its callbacks go out meanwhile). */
  readonly replyDelayMs?: number;
  /** Hold the reply after processing until the test releases it (or the client goes away). */
  readonly hold?: HeldReply;
  /** Process the request, then answer HTTP 200 with JSON that fails the reply schema. */
  readonly malformed?: boolean;
  /** Answer "Transaction not found" (8001) without processing: a status API that lags behind its commits. */
  readonly notFound?: boolean;
  /** Process the request, then answer without `customerProfileData` (a gateway that did not store the card). */
  readonly noProfile?: boolean;
}

/** A reply held by the `reply-hold` fault: the request was processed (and committed), the answer waits. */
export interface HeldReply {
  readonly operation: string;
  readonly merchantTransactionId: string | undefined;
  /** Resolves when released: by `releaseHeld()`, `reset()` or the server when the client closed the connection. */
  readonly released: Promise<void>;
  readonly release: () => void;
}

export interface CallbackFaultPlan {
  readonly lose: boolean;
  readonly dropFirst: boolean;
  readonly duplicate: boolean;
  readonly delayMs: number;
  readonly outOfOrder: boolean;
}

const FIVE_XX = [500, 502, 503, 504] as const;

export class Faults {
  #settings: FaultSettings;
  readonly #prng: Prng;
  readonly #script: { step: ScriptedFault; left: number }[] = [];
  readonly #held = new Set<HeldReply>();
  readonly #heldWaiters: ((held: HeldReply) => void)[] = [];

  constructor(prng: Prng, initial: Partial<FaultSettings> = {}) {
    this.#prng = prng;
    this.#settings = { ...NO_FAULTS, ...initial };
  }

  /** Changes some settings; the others keep their values. */
  set(partial: Partial<FaultSettings>): void {
    this.#settings = { ...this.#settings, ...partial };
  }

  get(): FaultSettings {
    return this.#settings;
  }

  /** No random faults, empty script, held replies released. */
  reset(): void {
    this.#settings = NO_FAULTS;
    this.#script.length = 0;
    this.releaseHeld();
  }

  /** Replies the `reply-hold` fault holds right now. */
  held(): readonly HeldReply[] {
    return [...this.#held];
  }

  /** Resolves with a held reply as soon as one is held (at once when one already is). */
  waitForHeld(): Promise<HeldReply> {
    const first = this.#held.values().next();
    if (!first.done) return Promise.resolve(first.value);
    return new Promise((resolve) => this.#heldWaiters.push(resolve));
  }

  /** Sends every held reply now; returns how many were held. */
  releaseHeld(): number {
    const all = [...this.#held];
    for (const h of all) h.release();
    return all.length;
  }

  #hold(operation: string, merchantTransactionId: string | undefined): HeldReply {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held: HeldReply = {
      operation,
      merchantTransactionId,
      released,
      release: () => {
        this.#held.delete(held);
        release();
      },
    };
    this.#held.add(held);
    for (const waiter of this.#heldWaiters.splice(0)) waiter(held);
    return held;
  }

  /** Appends scripted faults; each hits the next `times` matching requests/callbacks, in order. */
  script(steps: readonly ScriptedFault[]): void {
    for (const step of steps) this.#script.push({ step, left: step.times ?? 1 });
  }

  /** Scripted faults not used yet. */
  pendingScript(): readonly ScriptedFault[] {
    return this.#script.map((s) => ({ ...s.step, times: s.left }));
  }

  #take(
    isKind: (k: ScriptedFault['fault']) => boolean,
    operation: string,
    merchantTransactionId: string | undefined,
  ): ScriptedFault | undefined {
    const i = this.#script.findIndex(
      (s) =>
        isKind(s.step.fault) &&
        (s.step.operation === undefined || s.step.operation === operation) &&
        (s.step.merchantTransactionId === undefined ||
          s.step.merchantTransactionId === merchantTransactionId),
    );
    const entry = this.#script[i];
    if (!entry) return undefined;
    if (--entry.left <= 0) this.#script.splice(i, 1);
    return entry.step;
  }

  /** Decides the faults for one API request (scripted first, then random). */
  planRequest(operation: string, merchantTransactionId?: string): RequestFaultPlan {
    const s = this.#settings;
    const mtid = merchantTransactionId;
    let delayMs = s.latencyMs + (s.latencyJitterMs > 0 ? this.#prng.int(s.latencyJitterMs + 1) : 0);
    const latency = this.#take((k) => k === 'latency', operation, mtid);
    if (latency) delayMs += latency.delayMs ?? 1000;
    const delayed = this.#take((k) => k === 'reply-delay', operation, mtid);
    if (delayed) return { delayMs, replyDelayMs: delayed.delayMs ?? 1000 };
    if (this.#take((k) => k === 'reply-hold', operation, mtid))
      return { delayMs, hold: this.#hold(operation, mtid) };
    const step = this.#take(
      (k) =>
        !k.startsWith('callback-') &&
        k !== 'latency' &&
        k !== 'reply-delay' &&
        k !== 'reply-hold' &&
        k !== 'late-settle',
      operation,
      mtid,
    );
    if (step?.fault === '5xx') return { delayMs, reject: { status: step.status ?? 503 } };
    if (step?.fault === 'html-4xx') return { delayMs, reject: { status: step.status ?? 404 } };
    if (step?.fault === 'malformed-reply') return { delayMs, malformed: true };
    if (step?.fault === 'not-found-reply') return { delayMs, notFound: true };
    if (step?.fault === 'no-profile-reply') return { delayMs, noProfile: true };
    if (step?.fault === '429')
      return {
        delayMs,
        reject: { status: 429, retryAfterSeconds: step.retryAfterSeconds ?? s.retryAfterSeconds },
      };
    if (step) return { delayMs, ambiguous: step.fault.slice('ambiguous-'.length) as AmbiguousMode };
    if (this.#prng.chance(s.rate429))
      return { delayMs, reject: { status: 429, retryAfterSeconds: s.retryAfterSeconds } };
    if (this.#prng.chance(s.rate5xx))
      return { delayMs, reject: { status: FIVE_XX[this.#prng.int(FIVE_XX.length)] ?? 503 } };
    if (this.#prng.chance(s.ambiguousRate)) return { delayMs, ambiguous: s.ambiguousMode };
    return { delayMs };
  }

  /**
   * Whether a debit/preauthorize that would succeed settles late instead (scripted first, then random). Called
   * only for such transactions, so a script entry waits for one.
   */
  planLateSettle(operation: string, merchantTransactionId?: string): LateSettlePlan | undefined {
    const s = this.#settings;
    const step = this.#take((k) => k === 'late-settle', operation, merchantTransactionId);
    if (step) {
      return {
        reply: step.reply ?? 'error',
        errorCode: step.errorCode ?? 3003,
        settleAfterMs: step.settleAfterMs ?? s.lateSettleAfterMs,
      };
    }
    if (!this.#prng.chance(s.lateSettleRate)) return undefined;
    const codes = s.lateSettleErrorCodes.length > 0 ? s.lateSettleErrorCodes : [3003];
    const reply =
      s.lateSettleReply === 'mixed'
        ? this.#prng.int(codes.length + 1) === 0
          ? 'pending'
          : 'error'
        : s.lateSettleReply;
    return {
      reply,
      errorCode: codes[this.#prng.int(codes.length)] ?? 3003,
      settleAfterMs: s.lateSettleAfterMs,
    };
  }

  /** Decides the faults for one callback. */
  planCallback(transactionType: string, merchantTransactionId?: string): CallbackFaultPlan {
    const s = this.#settings;
    const step = this.#take((k) => k.startsWith('callback-'), transactionType, merchantTransactionId);
    const is = (k: CallbackFaultKind): boolean => step?.fault === k;
    return {
      lose: is('callback-lose') || this.#prng.chance(s.callbackLoseRate),
      dropFirst: is('callback-drop') || this.#prng.chance(s.callbackDropRate),
      duplicate: is('callback-duplicate') || this.#prng.chance(s.callbackDuplicateRate),
      delayMs: is('callback-delay') ? (step?.delayMs ?? 1000) : s.callbackDelayMs,
      outOfOrder: is('callback-out-of-order') || this.#prng.chance(s.callbackOutOfOrderRate),
    };
  }
}
