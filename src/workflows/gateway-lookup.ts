/**
 * Asking the gateway about one of our transactions, without ever mistaking silence for an answer. A status
 * look-up that fails (out of retries, a malformed reply) is asked again later, never read as "no such
 * transaction"; and a success that only a signal reported is checked against the status API before it counts:
 * anyone allowed to signal in the namespace could have sent it, and merchantTransactionIds are predictable.
 */
import { log, sleep } from '@temporalio/workflow';
import type { TransactionOutcome } from '../contract/domain.js';

export type Reconcile = (input: {
  readonly merchantTransactionId: string;
}) => Promise<TransactionOutcome | undefined>;

/** The gateway's answer: its record, `absent` (it has no such transaction) or `unanswered` (it never said). */
export type LookupAnswer = TransactionOutcome | 'absent' | 'unanswered';

/** Pauses between look-ups that failed (each look-up already retries for about 20 minutes on its own). */
const PAUSES_SECONDS = [30, 60, 300, 600];

export async function lookUpUntilAnswered(
  reconcile: Reconcile,
  merchantTransactionId: string,
  maxWaitSeconds: number,
): Promise<LookupAnswer> {
  const deadline = Date.now() + maxWaitSeconds * 1000;
  for (let tries = 0; ; tries++) {
    try {
      return (await reconcile({ merchantTransactionId })) ?? 'absent';
    } catch (err) {
      const pause = PAUSES_SECONDS[Math.min(tries, PAUSES_SECONDS.length - 1)]! * 1000;
      if (Date.now() + pause > deadline) return 'unanswered';
      log.warn('status look-up failed; asking again later', {
        merchantTransactionId,
        error: String(err).slice(0, 200),
      });
      await sleep(pause);
    }
  }
}

/**
 * A success that came by callback, checked with the gateway: its own record when it confirms the success (or
 * names another final result), `absent` when it has no such transaction, `unanswered` when it could not be
 * asked. Outcomes from a reply or the status API are the gateway's word already and come back as they are.
 */
export async function confirmSuccess(
  reconcile: Reconcile,
  outcome: TransactionOutcome,
  maxWaitSeconds = 3600,
): Promise<LookupAnswer> {
  if (outcome.status !== 'succeeded' || outcome.source !== 'callback') return outcome;
  return lookUpUntilAnswered(reconcile, outcome.merchantTransactionId, maxWaitSeconds);
}

export function isConfirmedSuccess(answer: LookupAnswer): answer is TransactionOutcome {
  return typeof answer === 'object' && answer.status === 'succeeded';
}
