/**
 * What happens to a successful charge while its workflow stays open: capture or void of a preauthorization
 * (auto-void when the hold expires) and refunds within the refund window. Each operation has its own
 * merchantTransactionId ("cap", "void", "rf1", "rf2", …), so a retried update never repeats a gateway call.
 */
import { allHandlersFinished, condition, setHandler, sleep } from '@temporalio/workflow';
import type { ChargeResult, TransactionOutcome } from '../domain.js';
import { merchantTransactionIdFor } from '../ids.js';
import { gateway } from './activity-options.js';
import { awaitFinalOutcome } from './await-outcome.js';
import type { CallbackInbox } from './callback-inbox.js';
import { captureUpdate, refundUpdate, voidUpdate, type ChargeInput, type ChargePhase } from './messages.js';

const WEEK = 7 * 86_400;

export class ChargeSettlement {
  result: ChargeResult | undefined;
  private stage: 'open' | 'authorized' | 'captured' | 'voided' | 'refundable' | 'closed' = 'open';
  private busy = false;
  private refunds = 0;
  private capturedMinor = 0;

  constructor(
    private readonly input: ChargeInput,
    private readonly inbox: CallbackInbox,
  ) {
    const isPreauth = input.mode === 'preauthorize';
    setHandler(captureUpdate, (args) => this.exclusive(() => this.capture(args.amountMinor)), {
      validator: (args: { readonly amountMinor?: number | undefined }) => {
        if (!isPreauth || this.stage !== 'authorized')
          throw new Error('only an open, uncaptured preauthorization can be captured');
        if (
          args.amountMinor !== undefined &&
          (!Number.isSafeInteger(args.amountMinor) ||
            args.amountMinor <= 0 ||
            args.amountMinor > input.amountMinor)
        ) {
          throw new Error('capture amount must be a positive integer no larger than the authorized amount');
        }
      },
    });
    setHandler(voidUpdate, () => this.exclusive(() => this.void()), {
      validator: () => {
        if (!isPreauth || this.stage !== 'authorized')
          throw new Error('only an open, uncaptured preauthorization can be voided');
      },
    });
    setHandler(refundUpdate, (args) => this.exclusive(() => this.refund(args.amountMinor)), {
      validator: (args: { readonly amountMinor: number }) => {
        if (this.stage !== 'refundable')
          throw new Error('only a settled charge inside its refund window can be refunded');
        const left = this.capturedMinor - (this.result?.refundedMinor ?? 0);
        if (!Number.isSafeInteger(args.amountMinor) || args.amountMinor <= 0 || args.amountMinor > left) {
          throw new Error(`refund amount must be a positive integer of at most ${left} minor units`);
        }
      },
    });
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
    if (this.input.mode === 'preauthorize') {
      this.stage = 'authorized';
      const decided = await condition(
        () => this.stage !== 'authorized',
        (this.input.authorizationHoldSeconds ?? WEEK) * 1000,
      );
      if (!decided) await this.exclusive(() => this.void());
    } else {
      this.capturedMinor = initial.amountMinor;
    }
    const window = this.input.refundWindowSeconds ?? 0;
    if (this.stage !== 'voided' && this.capturedMinor > 0 && window > 0) {
      this.stage = 'refundable';
      await Promise.race([
        sleep(window * 1000),
        condition(() => this.capturedMinor - (this.result?.refundedMinor ?? 0) === 0),
      ]);
    }
    this.stage = 'closed';
    await condition(allHandlersFinished);
    return this.result;
  }

  private async exclusive<T>(op: () => Promise<T>): Promise<T> {
    await condition(() => !this.busy);
    this.busy = true;
    try {
      return await op();
    } finally {
      this.busy = false;
    }
  }

  private async referenceOp(
    kind: 'capture' | 'void' | 'refund',
    step: string,
    amountMinor: number | undefined,
  ): Promise<TransactionOutcome> {
    const merchantTransactionId = merchantTransactionIdFor('charge', this.input.chargeId, step);
    const referenceUuid = this.result?.uuid ?? '';
    const request = { merchantTransactionId, referenceUuid, amountMinor, currency: this.input.currency };
    let outcome = await gateway[kind](request);
    if (outcome.status === 'pending' || outcome.status === 'redirect') {
      outcome = await awaitFinalOutcome(this.inbox, outcome, {
        callbackWaitSeconds: 60,
        maxWaitSeconds: 86_400,
      });
    }
    return outcome;
  }

  private async capture(amountMinor: number | undefined): Promise<ChargeResult> {
    const amount = amountMinor ?? this.input.amountMinor;
    const outcome = await this.referenceOp('capture', 'cap', amount);
    if (outcome.status === 'succeeded') {
      this.capturedMinor = amount;
      this.result = { ...this.result!, captured: true };
      this.stage = 'captured';
    } else {
      this.result = { ...this.result!, error: outcome.error, reason: 'capture-failed' };
    }
    return this.result;
  }

  private async void(): Promise<ChargeResult> {
    const outcome = await this.referenceOp('void', 'void', undefined);
    if (outcome.status === 'succeeded') {
      this.result = { ...this.result!, voided: true };
      this.stage = 'voided';
    } else {
      this.result = { ...this.result!, error: outcome.error, reason: 'void-failed' };
    }
    return this.result;
  }

  private async refund(amountMinor: number): Promise<ChargeResult> {
    this.refunds++;
    const outcome = await this.referenceOp('refund', `rf${this.refunds}`, amountMinor);
    if (outcome.status === 'succeeded') {
      this.result = { ...this.result!, refundedMinor: (this.result?.refundedMinor ?? 0) + amountMinor };
    } else {
      this.result = { ...this.result!, error: outcome.error, reason: 'refund-failed' };
    }
    return this.result;
  }
}
