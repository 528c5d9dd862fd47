/**
 * What happens to a successful charge while its workflow stays open: capture or void of a preauthorization
 * (auto-void when the hold expires) and refunds within the refund window. Operations run one at a time and
 * re-check the charge's state when they run, not only when the update was accepted: a void queued behind a
 * capture does not void a captured authorization, a refund never exceeds what is left. Each operation has its own
 * merchantTransactionId ("cap1", "cap2", "void1", "rf1", …), so a retried update never repeats a gateway call, and
 * a gateway rejection becomes the operation's result instead of failing the workflow.
 */
import { WEEK_SECONDS } from './durations.js';
import {
  allHandlersFinished,
  condition,
  patched,
  setCurrentDetails,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { ChargeResult } from '../contract/domain.js';
import { toDecimalString } from '../money.js';
import { phaseLine } from '../contract/visibility.js';
import { captureStep, merchantTransactionIdFor } from '../ids.js';
import type { CallbackInbox } from './callback-inbox.js';
import { isOpen, recheck, referenceOp, type ReferenceKind } from './reference-ops.js';
import type { TransactionOutcome } from '../contract/domain.js';
import { isCallbackEvent } from './callback-inbox.js';
import {
  backOfficeRefundSignal,
  captureUpdate,
  refundUpdate,
  voidUpdate,
  type ChargeInput,
  type ChargePhase,
} from '../contract/messages.js';

type Stage = 'open' | 'authorized' | 'captured' | 'voided' | 'refundable' | 'closed';

export class ChargeSettlement {
  result: ChargeResult | undefined;
  private stage: Stage = 'open';
  private busy = false;
  /** FIFO of operations: tickets handed out in arrival order, served strictly one after the other. */
  private nextTicket = 0;
  private serving = 0;
  private refunds = 0;
  private captures = 0;
  private voids = 0;
  private capturedMinor = 0;
  /** An operation the gateway has not settled yet: no other one starts (under a new id) until it has. */
  private open: { kind: ReferenceKind; step: string; amountMinor: number | undefined } | undefined;
  /** Refunds made in the gateway's back office while the charge is open, by uuid: they use up its refund limit. */
  private readonly backOffice = new Map<string, number>();

  constructor(
    private readonly input: ChargeInput,
    private readonly inbox: CallbackInbox,
  ) {
    setHandler(captureUpdate, (args) => this.exclusive(() => this.capture(args.amountMinor)), {
      validator: (args: { readonly amountMinor?: number | undefined }) => {
        const refused = this.captureRefusal(args.amountMinor);
        if (refused) throw new Error(refused);
      },
    });
    setHandler(voidUpdate, () => this.exclusive(() => this.void()), {
      validator: () => {
        const refused = this.voidRefusal();
        if (refused) throw new Error(refused);
      },
    });
    setHandler(backOfficeRefundSignal, (event) => {
      if (!isCallbackEvent(event) || event.result !== 'OK' || !Number.isSafeInteger(event.amountMinor))
        return;
      if (event.currency !== undefined && event.currency !== this.input.currency) return; // not summed
      this.backOffice.set(event.uuid, Math.max(0, event.amountMinor ?? 0));
    });
    setHandler(refundUpdate, (args) => this.exclusive(() => this.refund(args.amountMinor)), {
      validator: (args: { readonly amountMinor: number }) => {
        const refused = this.refundRefusal(args.amountMinor);
        if (refused) throw new Error(refused);
      },
    });
  }

  private captureRefusal(amountMinor: number | undefined): string | undefined {
    if (this.input.mode !== 'preauthorize' || this.stage !== 'authorized')
      return 'only an open, uncaptured preauthorization can be captured';
    if (
      amountMinor !== undefined &&
      (!Number.isSafeInteger(amountMinor) || amountMinor <= 0 || amountMinor > this.input.amountMinor)
    ) {
      return 'capture amount must be a positive integer no larger than the authorized amount';
    }
    return undefined;
  }

  private voidRefusal(): string | undefined {
    if (this.input.mode !== 'preauthorize' || this.stage !== 'authorized')
      return 'only an open, uncaptured preauthorization can be voided';
    return undefined;
  }

  private refundRefusal(amountMinor: number): string | undefined {
    if (this.stage !== 'refundable') return 'only a settled charge inside its refund window can be refunded';
    const left = this.refundable();
    if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0 || amountMinor > left) {
      return `refund amount must be a positive integer of at most ${left} minor units`;
    }
    return undefined;
  }

  /** What may still be refunded: captured, less our own refunds and those made in the back office. */
  private refundable(): number {
    let backOffice = 0;
    for (const minor of this.backOffice.values()) backOffice += minor;
    return Math.max(0, this.capturedMinor - (this.result?.refundedMinor ?? 0) - backOffice);
  }

  /** The charge's phase while settlement is under way; undefined before it starts. */
  get phase(): ChargePhase | undefined {
    if (this.stage === 'authorized') return 'authorized';
    if (this.stage === 'refundable') return 'settled';
    return this.stage === 'closed' ? 'done' : undefined;
  }

  /** Keeps the workflow open while capture/void/refund are possible; returns the final result. */
  async run(initial: ChargeResult): Promise<ChargeResult> {
    this.result = initial;
    if (initial.status !== 'succeeded') return initial;
    this.watchOpen();
    if (this.input.mode === 'preauthorize') {
      this.stage = 'authorized';
      this.show('capture or void expected');
      const decided = await condition(
        () => this.stage !== 'authorized',
        (this.input.authorizationHoldSeconds ?? WEEK_SECONDS) * 1000,
      );
      if (!decided) await this.exclusive(() => this.void());
    } else {
      this.capturedMinor = initial.amountMinor;
    }
    const window = this.input.refundWindowSeconds ?? 0;
    if (this.stage !== 'voided' && this.capturedMinor > 0 && window > 0) {
      this.stage = 'refundable';
      this.show(`refund window ${window}s`);
      await Promise.race([sleep(window * 1000), condition(() => this.refundable() === 0)]);
    }
    this.stage = 'closed';
    this.result = this.closingFacts(this.result);
    this.show(this.result.status);
    await condition(allHandlersFinished);
    return this.result;
  }

  /** What the closed charge leaves to its follow-up: an operation still open, back-office refunds it saw. */
  private closingFacts(result: ChargeResult): ChargeResult {
    let backOffice = 0;
    for (const minor of this.backOffice.values()) backOffice += minor;
    const open = this.open;
    return {
      ...result,
      ...(open
        ? {
            openOperation: {
              kind: open.kind,
              merchantTransactionId: this.mtid(open.step),
              ...(open.amountMinor !== undefined ? { amountMinor: open.amountMinor } : {}),
            },
          }
        : {}),
      ...(backOffice > 0 ? { refundedInBackOfficeMinor: backOffice } : {}),
    };
  }

  private show(...parts: string[]): void {
    const money = (minor: number): string =>
      `${toDecimalString(minor, this.input.currency)} ${this.input.currency}`;
    const refunded = this.result?.refundedMinor ? `refunded ${money(this.result.refundedMinor)}` : '';
    const captured = this.result?.captured ? `captured ${money(this.capturedMinor)}` : '';
    setCurrentDetails(phaseLine(this.phase ?? 'done', [...parts, captured, refunded]));
  }

  private async exclusive<T>(op: () => Promise<T>): Promise<T> {
    if (patched('settlement-fifo')) {
      // One runner: waiters whose turn has not come stay queued even when the previous operation ends.
      const ticket = this.nextTicket++;
      await condition(() => this.serving === ticket);
      try {
        return await op();
      } finally {
        this.serving++;
      }
    }
    await condition(() => !this.busy);
    this.busy = true;
    try {
      return await op();
    } finally {
      this.busy = false;
    }
  }

  /** The result unchanged, with why the operation was not done: the state changed while it was queued. */
  private skipped(reason: string): ChargeResult {
    this.result = { ...this.result!, reason };
    return this.result;
  }

  private mtid(step: string): string {
    return merchantTransactionIdFor('charge', this.input.chargeId, step);
  }

  /** Applies what an operation did to the charge's state (also for one that settled after it was left open). */
  private apply(kind: ReferenceKind, amountMinor: number | undefined, outcome: TransactionOutcome): void {
    if (outcome.status !== 'succeeded') return;
    if (kind === 'refund') {
      this.result = {
        ...this.result!,
        refundedMinor: (this.result?.refundedMinor ?? 0) + (amountMinor ?? 0),
      };
    } else if (kind === 'capture') {
      this.capturedMinor = amountMinor ?? this.input.amountMinor;
      this.result = { ...this.result!, captured: true };
      if (this.stage === 'authorized') this.stage = 'captured';
    } else {
      this.result = { ...this.result!, voided: true };
      if (this.stage === 'authorized') this.stage = 'voided';
    }
  }

  /**
   * Before a new operation: an open one is asked about again. Returns why the new one must wait, when the open
   * one is still not settled (a new id now could move the money twice).
   */
  private async settleOpen(): Promise<string | undefined> {
    if (!this.open || !patched('settlement-open-ops')) return undefined;
    const { kind, step, amountMinor } = this.open;
    const outcome = await recheck(this.mtid(step), this.inbox);
    if (isOpen(outcome)) return `${step} is still open at the gateway`;
    this.open = undefined;
    this.apply(kind, amountMinor, outcome);
    return undefined;
  }

  /** A late callback that settles the open operation: applied when it arrives. */
  private watchOpen(): void {
    // Only operations run under the settlement-open-ops patch are ever left open.
    const settledLate = (): boolean => {
      const final = this.open ? this.inbox.finalFor(this.mtid(this.open.step)) : undefined;
      return final !== undefined && !isOpen(final);
    };
    void (async () => {
      for (;;) {
        await condition(() => this.stage === 'closed' || settledLate());
        if (this.stage === 'closed' || !this.open) return;
        const { kind, amountMinor, step } = this.open;
        this.open = undefined;
        this.apply(kind, amountMinor, this.inbox.finalFor(this.mtid(step))!);
        this.show(`${step} settled late`);
      }
    })();
  }

  private async op(kind: ReferenceKind, step: string, amountMinor: number | undefined) {
    const outcome = await this.send(kind, step, amountMinor);
    if (isOpen(outcome) && patched('settlement-open-ops')) this.open = { kind, step, amountMinor };
    return outcome;
  }

  private send(kind: ReferenceKind, step: string, amountMinor: number | undefined) {
    return referenceOp(
      {
        kind,
        merchantTransactionId: merchantTransactionIdFor('charge', this.input.chargeId, step),
        referenceUuid: this.result?.uuid ?? '',
        amountMinor,
        currency: this.input.currency,
      },
      this.inbox,
    );
  }

  private async capture(amountMinor: number | undefined): Promise<ChargeResult> {
    const waiting = await this.settleOpen();
    if (waiting) return this.skipped(`capture-skipped: ${waiting}`);
    const refused = this.captureRefusal(amountMinor);
    if (refused) return this.skipped(`capture-skipped: ${refused}`);
    const amount = amountMinor ?? this.input.amountMinor;
    this.captures++;
    const outcome = await this.op('capture', captureStep(this.captures), amount);
    if (outcome.status === 'succeeded') {
      this.capturedMinor = amount;
      this.result = { ...this.result!, captured: true, reason: undefined, error: undefined };
      this.stage = 'captured';
    } else {
      this.result = {
        ...this.result!,
        error: outcome.error,
        reason: this.open ? 'capture-open' : 'capture-failed',
      };
    }
    return this.result;
  }

  private async void(): Promise<ChargeResult> {
    const waiting = await this.settleOpen();
    if (waiting) return this.skipped(`void-skipped: ${waiting}`);
    const refused = this.voidRefusal();
    if (refused) return this.skipped(`void-skipped: ${refused}`);
    this.voids++;
    const outcome = await this.op('void', `void${this.voids}`, undefined);
    if (outcome.status === 'succeeded') {
      this.result = { ...this.result!, voided: true, reason: undefined, error: undefined };
      this.stage = 'voided';
    } else {
      this.result = {
        ...this.result!,
        error: outcome.error,
        reason: this.open ? 'void-open' : 'void-failed',
      };
    }
    return this.result;
  }

  private async refund(amountMinor: number): Promise<ChargeResult> {
    const waiting = await this.settleOpen();
    if (waiting) return this.skipped(`refund-skipped: ${waiting}`);
    const refused = this.refundRefusal(amountMinor);
    if (refused) return this.skipped(`refund-skipped: ${refused}`);
    this.refunds++;
    const outcome = await this.op('refund', `rf${this.refunds}`, amountMinor);
    if (outcome.status === 'succeeded') {
      this.result = {
        ...this.result!,
        refundedMinor: (this.result?.refundedMinor ?? 0) + amountMinor,
        reason: undefined,
        error: undefined,
      };
    } else {
      this.result = {
        ...this.result!,
        error: outcome.error,
        reason: this.open ? 'refund-open' : 'refund-failed',
      };
    }
    this.show(`refund ${outcome.status}`);
    return this.result;
  }
}
