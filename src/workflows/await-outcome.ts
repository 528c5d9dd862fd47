/**
 * Waits for a PENDING/REDIRECT transaction to become final: by callback (signal) or, when the timer fires
 * first, by asking the status API. Shared by the charge and registration workflows.
 */
import { condition } from '@temporalio/workflow';
import type { TransactionOutcome } from '../domain.js';
import { isFinal } from '../outcomes.js';
import type { CallbackInbox } from './callback-inbox.js';
import { gateway } from './activity-options.js';

export interface AwaitOptions {
  readonly callbackWaitSeconds: number;
  readonly maxWaitSeconds: number;
}

/** Returns the final outcome, or the last pending/redirect one if nothing final came within maxWaitSeconds. */
export async function awaitFinalOutcome(
  inbox: CallbackInbox,
  initial: TransactionOutcome,
  options: AwaitOptions,
): Promise<TransactionOutcome> {
  const mtid = initial.merchantTransactionId;
  let current = initial;
  const deadline = Date.now() + options.maxWaitSeconds * 1000;
  for (;;) {
    const early = inbox.finalFor(mtid);
    if (early) return early;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return current;
    const waitMs = Math.min(options.callbackWaitSeconds * 1000, remaining);
    if (await condition(() => inbox.finalFor(mtid) !== undefined, waitMs)) {
      return inbox.finalFor(mtid)!;
    }
    // No callback in time: the gateway's status API is the source of truth.
    const status = await gateway.reconcile({ merchantTransactionId: mtid });
    if (status && isFinal(status.status)) return status;
    if (status) current = { ...status, redirectUrl: status.redirectUrl ?? current.redirectUrl };
  }
}
