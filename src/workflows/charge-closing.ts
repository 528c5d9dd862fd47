/**
 * The last step of a charge: nothing the gateway reported for it may be left unhandled. Checked again after
 * every await, so a callback that arrives while the charge closes is seen here (signal handlers run before this
 * code resumes).
 * - A charge that succeeded reverses every other success of its debits (refund, or void for a
 *   preauthorization), under its own id "xr<n>": the customer pays once.
 * - A charge that did not succeed hands each late success to its follow-up workflow, which records it and
 *   corrects what depends on it (and reverses a second one).
 * With strict checks a success known only from a callback is confirmed with the gateway first.
 */
import { log } from '@temporalio/workflow';
import type { ChargeFlag, ChargeResult, ExtraDebit, TransactionOutcome } from '../contract/domain.js';
import { events } from './activity-options.js';
import type { ChargeAttempts } from './charge-attempts.js';
import type { CallbackInbox } from './callback-inbox.js';
import { reverseExtraDebit, type ExtraDebitContext } from './extra-debits.js';

export interface ClosingContext extends ExtraDebitContext {
  readonly attempts: ChargeAttempts;
  readonly inbox: CallbackInbox;
  /** Charges since the `charge-money-sweep` patch: every success, confirmed; before it, the first late one. */
  readonly strict: boolean;
}

/**
 * Sweeps a charge's result: run once before the result is published (strict), so the answer already names
 * the debit it reversed, and again when the charge closes. Reversals accumulate across sweeps.
 */
export class ChargeClosing {
  readonly reversals: ExtraDebit[] = [];
  private readonly handled = new Set<string>();

  constructor(private readonly ctx: ClosingContext) {}

  /** Reverses (or hands on) what is left; returns the result with `extraDebits` and `flags` when any. */
  async sweep(result: ChargeResult): Promise<ChargeResult> {
    await sweep(result, this.ctx, this.reversals, this.handled);
    return this.flagged(result);
  }

  /** The flag the reversals earn, if any. */
  flag(): ChargeFlag | undefined {
    if (this.reversals.length === 0) return undefined;
    return this.reversals.every((r) => r.reversed) ? 'double-debit-reversed' : 'double-debit-unreversed';
  }

  flagged(result: ChargeResult): ChargeResult {
    const flag = this.flag();
    return flag ? { ...result, extraDebits: [...this.reversals], flags: [flag] } : result;
  }
}

async function sweep(
  final: ChargeResult,
  ctx: ClosingContext,
  reversals: ExtraDebit[],
  handled: Set<string>,
): Promise<void> {
  /** The next success to act on (confirmed when strict), and whether it goes to the follow-up. */
  const next = async (): Promise<{ success: TransactionOutcome; forward: boolean } | undefined> => {
    const adopted = final.status === 'succeeded' ? final.merchantTransactionId : undefined;
    const succeeded = adopted !== undefined;
    for (;;) {
      const candidates = adopted
        ? ctx.attempts.extraSuccesses(adopted)
        : ctx.strict
          ? ctx.attempts.successes()
          : [ctx.attempts.inboxSuccess()].filter((s) => s !== undefined);
      const candidate = candidates.find((c) => !handled.has(c.merchantTransactionId));
      if (!candidate) return undefined;
      const checked = await ctx.attempts.confirmed(candidate);
      if (checked === undefined) continue; // the gateway said otherwise: the inbox now holds its word
      handled.add(candidate.merchantTransactionId);
      if (checked !== 'unanswered') return { success: checked, forward: !succeeded };
      // Could not be checked within the hour: the follow-up gets it and keeps at it (it reverses a second debit).
      log.warn('success could not be confirmed with the gateway', {
        merchantTransactionId: candidate.merchantTransactionId,
      });
      return { success: candidate, forward: true };
    }
  };
  for (let step = await next(); step; step = await next()) {
    const { success } = step;
    if (!step.forward && final.status === 'succeeded') {
      const reversal = await reverseExtraDebit(success, ctx, ctx.inbox);
      reversals.push(reversal);
      log.warn('extra debit reversed', {
        merchantTransactionId: success.merchantTransactionId,
        ok: reversal.reversed,
      });
      continue;
    }
    // The charge already answered; its follow-up records the late success and corrects what depends on it.
    await events.forwardChargeEvent({
      chargeId: ctx.chargeId,
      event: {
        merchantTransactionId: success.merchantTransactionId,
        uuid: success.uuid ?? '',
        result: 'OK',
        transactionType: ctx.mode === 'preauthorize' ? 'PREAUTHORIZE' : 'DEBIT',
        purchaseId: success.purchaseId,
      },
    });
  }
}
