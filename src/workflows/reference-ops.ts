/**
 * Capture, void and refund as one call each: the operation's own merchantTransactionId, a PENDING answer waited
 * out by callback or status look-up, and a gateway rejection turned into an outcome (never a workflow failure).
 * Shared by the settlement of an open charge, the reversal of extra debits and the follow-up workflow.
 */
import { DAY_SECONDS } from './durations.js';
import { isCancellation, patched } from '@temporalio/workflow';
import type { TransactionOutcome } from '../contract/domain.js';
import type { Currency } from '../money.js';
import { gateway } from './activity-options.js';
import { awaitFinalOutcome } from './await-outcome.js';
import type { CallbackInbox } from './callback-inbox.js';
import { failureType } from './refusal.js';

export type ReferenceKind = 'capture' | 'void' | 'refund';

export interface ReferenceRequest {
  readonly kind: ReferenceKind;
  readonly merchantTransactionId: string;
  readonly referenceUuid: string;
  readonly amountMinor?: number | undefined;
  readonly currency: Currency;
}

export async function referenceOp(
  request: ReferenceRequest,
  inbox: CallbackInbox,
): Promise<TransactionOutcome> {
  const { kind, merchantTransactionId } = request;
  let outcome: TransactionOutcome;
  try {
    outcome = await gateway[kind]({
      merchantTransactionId,
      referenceUuid: request.referenceUuid,
      amountMinor: request.amountMinor,
      currency: request.currency,
    });
  } catch (err) {
    // Rejected, or out of retries: the gateway may still have committed it, so ask before deciding.
    if (!patched(REFERENCE_OPS_OPEN_PATCH)) {
      const reason = failureType(err);
      if (reason === undefined) throw err;
      const found = await gateway.reconcile({ merchantTransactionId }).catch(() => undefined);
      outcome = found ?? {
        merchantTransactionId,
        status: 'failed',
        error: { code: 1000, message: reason.slice(0, 200) },
        source: 'reply',
      };
    } else {
      if (isCancellation(err)) throw err;
      outcome = await lookUp(merchantTransactionId, failureType(err) ?? 'gateway call failed');
      // The status API could not be asked: the operation is open now; the next one asks again first.
      if (unanswered(outcome)) return outcome;
    }
  }
  if (outcome.status === 'pending' || outcome.status === 'redirect') {
    if (!patched(REFERENCE_OPS_OPEN_PATCH)) {
      return awaitFinalOutcome(inbox, outcome, { callbackWaitSeconds: 60, maxWaitSeconds: DAY_SECONDS });
    }
    const waiting = outcome;
    outcome = await awaitFinalOutcome(inbox, outcome, {
      callbackWaitSeconds: 60,
      maxWaitSeconds: DAY_SECONDS,
    }).catch((err: unknown) => {
      if (isCancellation(err)) throw err;
      return openOutcome(merchantTransactionId, failureType(err) ?? 'status look-up failed', waiting);
    });
  }
  return outcome;
}

/**
 * Reference operations that end on a gateway or look-up error stay open (status pending, code 1000) instead of
 * failing the workflow or counting as failed: whoever runs the next operation asks again first.
 */
export const REFERENCE_OPS_OPEN_PATCH = 'reference-ops-open';

function openOutcome(
  merchantTransactionId: string,
  reason: string,
  last?: TransactionOutcome,
): TransactionOutcome {
  return {
    ...(last ?? { source: 'reply' as const }),
    merchantTransactionId,
    status: 'pending',
    error: { code: 1000, message: reason.slice(0, 200) },
  };
}

/** An open outcome that stands for a look-up that failed (not a PENDING the gateway reported). */
function unanswered(outcome: TransactionOutcome): boolean {
  return outcome.status === 'pending' && outcome.error?.code === 1000;
}

/** What the status API says about the operation; a look-up that fails leaves it open, never failed. */
async function lookUp(merchantTransactionId: string, reason: string): Promise<TransactionOutcome> {
  try {
    const found = await gateway.reconcile({ merchantTransactionId });
    return (
      found ?? {
        merchantTransactionId,
        status: 'failed',
        error: { code: 1000, message: reason.slice(0, 200) },
        source: 'reply',
      }
    );
  } catch (err) {
    if (isCancellation(err)) throw err;
    return openOutcome(merchantTransactionId, reason);
  }
}

/** Whether an operation's outcome is not final: pending, a look-up error, or an answer that may still settle. */
export function isOpen(outcome: TransactionOutcome): boolean {
  if (outcome.status === 'pending' || outcome.status === 'redirect') return true;
  const code = outcome.error?.code;
  return outcome.status !== 'succeeded' && (code === 1003 || code === 3001);
}

/** Asks once more about an open operation: a callback that came meanwhile, else the status API. */
export async function recheck(
  merchantTransactionId: string,
  inbox: CallbackInbox,
): Promise<TransactionOutcome> {
  return inbox.finalFor(merchantTransactionId) ?? lookUp(merchantTransactionId, 'still open');
}
