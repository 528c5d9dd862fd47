/**
 * How a charge reaches its answer: authenticate, fetch the profile, select the token, then debit attempts until
 * one answers for the charge. Every attempt has its own merchantTransactionId ("c.<chargeId>.d<n>"); before a
 * new id is used or the charge gives up, every earlier attempt whose outcome is still open is looked up and
 * adopted if it succeeded (charge-attempts.ts). What to do after a failed attempt is charge-retry-choice.ts.
 */
import { condition, log } from '@temporalio/workflow';
import { isFinal } from '../outcomes.js';
import type { ChargeResult, TransactionOutcome } from '../contract/domain.js';
import { debitStep, merchantTransactionIdFor } from '../ids.js';
import type { TransactionIndicator } from '../contract/activities.js';
import type { CallbackInbox } from './callback-inbox.js';
import { awaitFinalOutcome, type AwaitOptions } from './await-outcome.js';
import { store } from './activity-options.js';
import { selectToken } from './select-token.js';
import type { Attempt, ChargeAttempts } from './charge-attempts.js';
import { chargeWaitOptions, type Gateway } from './charge-checks.js';
import { EarlierAttempts } from './charge-earlier-attempts.js';
import type { BillingReport } from './charge-billing-report.js';
import type { ChargeProgress } from './charge-progress.js';
import { chooseRetry, NO_RETRIES_USED, retryPolicyOf, type RetryChoice } from './charge-retry-choice.js';
import { lookUpUntilAnswered } from './gateway-lookup.js';
import { activityFailureType, activityRefusal, failureCode, failureType, refusal } from './refusal.js';
import type { ChargeInput } from '../contract/messages.js';

export interface DecisionContext {
  readonly input: ChargeInput;
  readonly inbox: CallbackInbox;
  readonly gateway: Gateway;
  /** Charges since the `charge-money-sweep` patch (charge.ts). */
  readonly strict: boolean;
  readonly attempts: ChargeAttempts;
  readonly progress: ChargeProgress;
  readonly report: BillingReport;
}

/** Whom a debit charges: the store's customer at the gateway and the token selected from their profile. */
interface Payer {
  readonly customerIdentification: string;
  readonly paymentToken: string;
}

const isOpen = (outcome: TransactionOutcome): boolean =>
  outcome.status === 'pending' || outcome.status === 'redirect';

function indicatorFor(input: ChargeInput): TransactionIndicator {
  if (input.initiator === 'customer') return 'CARDONFILE';
  return input.recurring ? 'RECURRING' : 'CARDONFILE-MERCHANT-INITIATED';
}

export class ChargeDecision {
  private readonly waitOptions: AwaitOptions;
  private readonly earlier: EarlierAttempts;
  private readonly refuse: (err: unknown) => string;
  private readonly base: Pick<ChargeResult, 'chargeId' | 'amountMinor' | 'currency'>;

  constructor(private readonly ctx: DecisionContext) {
    this.waitOptions = chargeWaitOptions(ctx.input, ctx.gateway, ctx.attempts, ctx.strict);
    this.earlier = new EarlierAttempts(ctx, this.waitOptions);
    this.refuse = ctx.strict ? activityRefusal : refusal;
    const { input } = ctx;
    this.base = { chargeId: input.chargeId, amountMinor: input.amountMinor, currency: input.currency };
  }

  /** The charge's answer: adopted success, needs-action, decline or failure. */
  async decide(): Promise<ChargeResult> {
    const { input, gateway, progress: p } = this.ctx;
    log.info('charge started', { initiator: input.initiator, currency: input.currency });
    const customer = await store
      .authenticate({
        customerId: input.customerId,
        initiator: input.initiator,
        sessionProof: input.sessionProof,
        chargeId: input.chargeId,
      })
      .catch(this.refuse);
    if (typeof customer === 'string') return this.failed(customer);

    p.phase = 'fetching-profile';
    log.info('phase', { phase: p.phase });
    p.show();
    const profile = await gateway
      .fetchProfile({
        customerIdentification: customer.customerIdentification,
        profileGuid: customer.profileGuid,
      })
      .catch(this.refuse);
    if (typeof profile === 'string') return this.failed(profile);

    const choice = selectToken(profile.instruments, new Date(), input.paymentToken);
    if (!choice.ok) return this.failed(choice.reason);
    p.paymentToken = choice.instrument.paymentToken;
    return this.attemptUntilAnswered({
      customerIdentification: customer.customerIdentification,
      paymentToken: choice.instrument.paymentToken,
    });
  }

  /** Debit attempts, one after the other, until one answers for the charge or the retry choice gives up. */
  private async attemptUntilAnswered(payer: Payer): Promise<ChargeResult> {
    const { attempts, progress: p } = this.ctx;
    const policy = retryPolicyOf(this.ctx.input);
    let used = NO_RETRIES_USED;
    for (;;) {
      p.attempt++;
      p.phase = 'charging';
      log.info('phase', { phase: p.phase, chargeAttempt: p.attempt });
      p.show(`attempt ${p.attempt}`);
      if (p.attempt > 1) p.setStatus(`attempt-${p.attempt}`);
      const merchantTransactionId = merchantTransactionIdFor(
        'charge',
        this.ctx.input.chargeId,
        debitStep(p.attempt),
      );
      const tracked = attempts.add(merchantTransactionId);
      p.plannedNext = undefined;
      const sent = await this.send(tracked, payer);
      if (typeof sent === 'string') return this.unanswered(sent, merchantTransactionId);
      p.current = sent;
      tracked.outcome = sent;
      const waited = isOpen(sent) ? await this.awaitFinal(tracked, sent) : { outcome: sent };
      if ('decided' in waited) return waited.decided;
      const { outcome } = waited;
      const done = {
        ...this.base,
        attempts: p.attempt,
        merchantTransactionId,
        uuid: outcome.uuid,
        purchaseId: outcome.purchaseId,
        paymentToken: p.paymentToken,
      };
      if (outcome.status === 'succeeded') return this.adopt(outcome);
      if (outcome.status === 'pending') {
        const prior = await this.priorOutcome();
        if (prior && prior !== 'unknown') return prior;
        return { ...done, status: 'failed', reason: 'no-final-outcome' };
      }
      if (outcome.status === 'redirect')
        return { ...done, status: 'needs-action', redirectUrl: outcome.redirectUrl };

      const choice = chooseRetry(outcome.error, used, policy);
      used = choice.used;
      const declined = {
        ...done,
        status: outcome.status === 'declined' ? 'declined' : 'failed',
        error: outcome.error,
      } as const;
      const answer = await this.afterFailure(choice, outcome, declined);
      if (answer) return answer;
    }
  }

  /** Sends the attempt's debit; a rejection or a send out of retries is looked up (the gateway may hold it). */
  private send(tracked: Attempt, payer: Payer): Promise<TransactionOutcome | string> {
    const { input, gateway, strict } = this.ctx;
    const { merchantTransactionId } = tracked;
    return (
      gateway
        .debit({
          kind: input.mode ?? 'debit',
          merchantTransactionId,
          amountMinor: input.amountMinor,
          currency: input.currency,
          paymentToken: payer.paymentToken,
          transactionIndicator: indicatorFor(input),
          customerIdentification: payer.customerIdentification,
          description: input.description,
        })
        // Rejected or out of retries: the gateway may still have committed it, so ask before deciding.
        .catch(async (err: unknown) => {
          const type = strict ? activityFailureType(err) : failureType(err);
          if (type === undefined) throw err;
          // 3004: the gateway holds this id, whatever a look-up says later.
          if (strict && failureCode(err) === 3004) tracked.exists = true;
          const found = await gateway.reconcile({ merchantTransactionId }).catch(() => undefined);
          return found ?? type;
        })
    );
  }

  /** A send with no answer: the attempt stays open (its outcome undefined) and is watched for a late settle. */
  private async unanswered(failure: string, merchantTransactionId: string): Promise<ChargeResult> {
    const { paymentToken } = this.ctx.progress;
    const prior = await this.priorOutcome();
    if (prior && prior !== 'unknown') return prior;
    if (this.ctx.strict && prior === 'unknown')
      return this.failed('outcome-unknown', { merchantTransactionId, paymentToken });
    return this.failed(failure, { merchantTransactionId, paymentToken });
  }

  /**
   * Waits out a PENDING or REDIRECT answer (`sent`). Strict: the wait ends early when another attempt reported a
   * success; confirmed, that success is the charge's answer (`decided`).
   */
  private async awaitFinal(
    tracked: Attempt,
    sent: TransactionOutcome,
  ): Promise<{ decided: ChargeResult } | { outcome: TransactionOutcome }> {
    const { inbox, strict, attempts, progress: p } = this.ctx;
    let current = sent;
    p.phase = current.status === 'redirect' ? 'needs-action' : 'awaiting-callback';
    log.info('phase', { phase: p.phase, uuid: current.uuid });
    p.show(`attempt ${p.attempt}`, `gateway ${current.status}`);
    p.setStatus(p.phase);
    const until = Date.now() + this.waitOptions.maxWaitSeconds * 1000;
    for (;;) {
      const remaining = Math.max(0, (until - Date.now()) / 1000);
      current = await awaitFinalOutcome(inbox, current, { ...this.waitOptions, maxWaitSeconds: remaining });
      p.current = current;
      tracked.outcome = current;
      if (!strict || isFinal(current.status) || !attempts.inboxSuccess(tracked.merchantTransactionId)) break;
      const prior = await this.priorOutcome();
      if (prior && prior !== 'unknown') return { decided: prior };
      if (Date.now() >= until) break;
    }
    return { outcome: current };
  }

  /**
   * After a declined or failed attempt: give up (unless an earlier attempt settled after all), or wait for the
   * next attempt, which a late success of an earlier attempt makes unnecessary. Undefined: attempt again.
   */
  private async afterFailure(
    choice: RetryChoice,
    outcome: TransactionOutcome,
    declined: ChargeResult,
  ): Promise<ChargeResult | undefined> {
    const { attempts, report, progress: p } = this.ctx;
    const error = outcome.error;
    if (choice.kind === 'dunning') {
      if (choice.first) await report.send('in-dunning');
      p.phase = 'in-dunning';
      log.info('phase', { phase: p.phase, delaySeconds: choice.delaySeconds, errorCode: error?.code });
      p.show(`attempt ${p.attempt} declined ${error?.code ?? ''}`, `next in ${choice.delaySeconds}s`);
      p.setStatus('in-dunning');
    }
    if (choice.kind === 'give-up') {
      const prior = await this.priorOutcome();
      if (prior && prior !== 'unknown') return prior;
      return error?.unknownCode ? { ...declined, status: 'failed', reason: 'outcome-unknown' } : declined;
    }
    const { delaySeconds } = choice;
    p.nextAttemptAt = new Date(Date.now() + delaySeconds * 1000).toISOString();
    p.plannedNext = p.attempt + 1;
    // A late success of an earlier attempt ends the wait: it is the charge's answer.
    await condition(() => attempts.inboxSuccess() !== undefined, delaySeconds * 1000);
    p.nextAttemptAt = undefined;
    const prior = await this.priorOutcome(true);
    if (prior === 'unknown') return { ...declined, status: 'failed', reason: 'outcome-unknown' };
    return prior;
  }

  /** Before giving up or using a new id: an earlier attempt that settled (or is pending) is the answer. */
  private async priorOutcome(beforeNewId = false): Promise<ChargeResult | 'unknown' | undefined> {
    const prior = await this.earlier.answer(beforeNewId);
    return typeof prior === 'object' ? this.adopt(prior) : prior;
  }

  /**
   * A local-activity debit runs before history records it: a worker that dies before its workflow task
   * completes leaves a transaction at the gateway that history does not know, and the retried task may decide
   * differently (a signal arrived in between). The charge stopped after a retry wait, so attempt `n` may have
   * been sent: ask the gateway. Found, it is an attempt like any other: adopted, or reversed when closing.
   */
  async findUnrecordedSend(decided: ChargeResult, n: number): Promise<ChargeResult> {
    const { input, gateway, attempts, inbox } = this.ctx;
    const merchantTransactionId = merchantTransactionIdFor('charge', input.chargeId, debitStep(n));
    const answer = await lookUpUntilAnswered(
      gateway.reconcile,
      merchantTransactionId,
      this.waitOptions.maxWaitSeconds,
    );
    if (typeof answer !== 'object') return decided; // not sent; or unanswered, and then its callback still comes
    log.warn('found a debit history did not record', { merchantTransactionId, status: answer.status });
    const tracked = attempts.track(answer);
    if (decided.status === 'succeeded') return decided;
    let found = answer;
    if (found.status === 'pending' || found.status === 'redirect') {
      found = await awaitFinalOutcome(inbox, found, this.waitOptions);
      tracked.outcome = found;
    }
    return found.status === 'succeeded' ? this.adopt(found) : decided;
  }

  private failed(reason: string, extra: Partial<ChargeResult> = {}): ChargeResult {
    return { ...this.base, status: 'failed', attempts: this.ctx.progress.attempt, reason, ...extra };
  }

  private adopt(success: TransactionOutcome): ChargeResult {
    const { attempts, progress: p } = this.ctx;
    const n = attempts.list.findIndex((a) => a.merchantTransactionId === success.merchantTransactionId);
    p.current = success;
    return {
      ...this.base,
      status: 'succeeded',
      attempts: n >= 0 ? n + 1 : p.attempt,
      merchantTransactionId: success.merchantTransactionId,
      uuid: success.uuid,
      purchaseId: success.purchaseId,
      paymentToken: p.paymentToken,
    };
  }
}
