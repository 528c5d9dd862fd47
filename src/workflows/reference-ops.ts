/**
 * Capture, void and refund as one call each: the operation's own merchantTransactionId, a PENDING answer waited
 * out by callback or status look-up, and a gateway rejection turned into an outcome (never a workflow failure).
 * Shared by the settlement of an open charge, the reversal of extra debits and the follow-up workflow.
 */
import type { TransactionOutcome } from '../domain.js';
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
    const reason = failureType(err);
    if (reason === undefined) throw err;
    const found = await gateway.reconcile({ merchantTransactionId }).catch(() => undefined);
    outcome = found ?? {
      merchantTransactionId,
      status: 'failed',
      error: { code: 1000, message: reason.slice(0, 200) },
      source: 'reply',
    };
  }
  if (outcome.status === 'pending' || outcome.status === 'redirect') {
    outcome = await awaitFinalOutcome(inbox, outcome, { callbackWaitSeconds: 60, maxWaitSeconds: 86_400 });
  }
  return outcome;
}
