/**
 * What the charge's earlier attempts say before it gives up or uses a new id: an attempt that settled after all
 * (or is still pending) is the answer. With strict checks, an attempt the gateway does not answer for is asked
 * about again, with growing pauses, instead of failing the charge.
 */
import { condition, log } from '@temporalio/workflow';
import type { TransactionOutcome } from '../contract/domain.js';
import { recordChargeOutcomeUnknown } from '../observability/workflow-metrics.js';
import type { AwaitOptions } from './await-outcome.js';
import type { ChargeAttempts, PriorOutcome } from './charge-attempts.js';
import type { Gateway } from './charge-checks.js';
import type { ChargeProgress } from './charge-progress.js';

/** Pauses (seconds) between look-ups of an attempt the gateway has not answered for (strict). */
const WATCH_PAUSES = [5, 10, 30, 60, 120, 300, 600];

export interface EarlierAttemptsContext {
  readonly attempts: ChargeAttempts;
  readonly gateway: Gateway;
  readonly strict: boolean;
  readonly progress: ChargeProgress;
}

export class EarlierAttempts {
  constructor(
    private readonly ctx: EarlierAttemptsContext,
    private readonly waitOptions: AwaitOptions,
  ) {}

  /**
   * The success of an earlier attempt, to adopt; `unknown` when one is still open (no new id may be used);
   * undefined when none can still settle. `beforeNewId`: an attempt still pending is waited out first.
   */
  async answer(beforeNewId = false): Promise<TransactionOutcome | 'unknown' | undefined> {
    const { attempts, gateway, strict } = this.ctx;
    if (attempts.open().length === 0 && !attempts.inboxSuccess()) return undefined;
    let prior = await attempts.settledPrior(gateway.reconcile, beforeNewId ? this.waitOptions : undefined);
    if (strict && prior.unanswered && !prior.success) prior = await this.watchUnanswered(prior);
    if (prior.success) return prior.success;
    return prior.unknown ? 'unknown' : undefined;
  }

  /**
   * An attempt the gateway did not answer for (or cannot find though it holds it) is asked about again, with
   * growing pauses, until it answers or maxWaitSeconds pass: the charge keeps watching instead of failing.
   */
  private async watchUnanswered(first: PriorOutcome): Promise<PriorOutcome> {
    const { attempts, gateway, progress: p } = this.ctx;
    let prior = first;
    p.phase = 'outcome-unknown';
    log.warn('phase', { phase: p.phase });
    recordChargeOutcomeUnknown();
    p.show(`attempt ${p.attempt}`, 'asking the gateway again');
    p.setStatus(p.phase);
    const deadline = Date.now() + this.waitOptions.maxWaitSeconds * 1000;
    for (let i = 0; prior.unanswered && !prior.success; i++) {
      const pauseMs = WATCH_PAUSES[Math.min(i, WATCH_PAUSES.length - 1)]! * 1000;
      if (Date.now() + pauseMs > deadline) break;
      await condition(() => attempts.inboxSuccess() !== undefined, pauseMs);
      prior = await attempts.settledPrior(gateway.reconcile, undefined);
    }
    return prior;
  }
}
