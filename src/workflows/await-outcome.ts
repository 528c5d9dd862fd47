/**
 * Waits for a PENDING/REDIRECT transaction to become final: by callback (signal) or, when the timer fires
 * first, by asking the status API. Shared by the charge and registration workflows. A status look-up that fails
 * is not an answer: the wait goes on (it never fails the workflow and never drops what it knows).
 */
import { condition, log } from '@temporalio/workflow';
import type { TransactionOutcome } from '../contract/domain.js';
import { isFinal } from '../outcomes.js';
import type { CallbackInbox } from './callback-inbox.js';
import { gateway } from './activity-options.js';
import { isConfirmedSuccess, type LookupAnswer } from './gateway-lookup.js';

export interface AwaitOptions {
  readonly callbackWaitSeconds: number;
  readonly maxWaitSeconds: number;
  /**
   * Checks a success that only a callback reported with the status API (gateway-lookup.ts); a success the
   * gateway does not confirm is dropped from the inbox and the wait goes on. Absent: callbacks are trusted.
   */
  readonly confirm?: ((outcome: TransactionOutcome) => Promise<LookupAnswer>) | undefined;
  /**
   * Ends the wait early, still pending, when true for the awaited merchantTransactionId: e.g. another attempt of
   * the same charge reported a success, which the caller then checks and adopts.
   */
  readonly interrupt?: ((merchantTransactionId: string) => boolean) | undefined;
}

/** Pause before asking again after the status API contradicted a callback (it may lag behind it). */
const RECHECK_MS = 30_000;

/** Returns the final outcome, or the last pending/redirect one if nothing final came within maxWaitSeconds. */
export async function awaitFinalOutcome(
  inbox: CallbackInbox,
  initial: TransactionOutcome,
  options: AwaitOptions,
): Promise<TransactionOutcome> {
  const mtid = initial.merchantTransactionId;
  let current = initial;
  let refuted = false;
  const deadline = Date.now() + options.maxWaitSeconds * 1000;
  const interrupted = (): boolean => options.interrupt?.(mtid) === true;
  /** The inbox's final outcome, a success only once the gateway confirmed it (when asked to check). */
  const fromInbox = async (): Promise<TransactionOutcome | undefined> => {
    const seen = inbox.finalFor(mtid);
    if (!seen || !options.confirm || seen.status !== 'succeeded') return seen;
    const answer = await options.confirm(seen);
    if (isConfirmedSuccess(answer)) return answer;
    if (answer === 'unanswered') return undefined;
    inbox.correct(mtid, answer === 'absent' ? undefined : answer);
    refuted = true;
    return inbox.finalFor(mtid);
  };
  for (;;) {
    const early = await fromInbox();
    if (early) return early;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return current;
    const waitMs = Math.min(refuted ? RECHECK_MS : options.callbackWaitSeconds * 1000, remaining);
    refuted = false;
    if (interrupted()) return current;
    if (await condition(() => inbox.finalFor(mtid) !== undefined || interrupted(), waitMs)) {
      const seen = await fromInbox();
      if (seen) return seen;
      if (interrupted()) return current;
      continue;
    }
    // No callback in time: the gateway's status API is the source of truth.
    let status: TransactionOutcome | undefined;
    try {
      status = await gateway.reconcile({ merchantTransactionId: mtid });
    } catch (err) {
      log.warn('status look-up failed; still waiting', { merchantTransactionId: mtid, error: String(err) });
      continue;
    }
    if (status && isFinal(status.status)) return status;
    if (status) current = { ...status, redirectUrl: status.redirectUrl ?? current.redirectUrl };
  }
}
