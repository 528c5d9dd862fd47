/**
 * Reverses a debit that should not have happened: a second attempt of one charge that also succeeded (e.g. an
 * attempt answered ERROR, was looked up, and settled after all). A debit is refunded, a preauthorization voided,
 * each under its own merchantTransactionId ("xr<attempt>", in the flow of the debit: "c.…" or "r.…"), so doing it
 * twice never reverses twice. Also a first purchase that was charged but stored no card.
 */
import type { ExtraDebit, TransactionOutcome } from '../contract/domain.js';
import { attemptOfStep, merchantTransactionIdFor, parseMerchantTransactionId, reversalStep } from '../ids.js';
import type { Currency } from '../money.js';
import type { CallbackInbox } from './callback-inbox.js';
import { referenceOp } from './reference-ops.js';

export interface ExtraDebitContext {
  /** The charge id, or the registration id for a first purchase. */
  readonly chargeId: string;
  readonly mode: 'debit' | 'preauthorize';
  readonly amountMinor: number;
  readonly currency: Currency;
}

export async function reverseExtraDebit(
  extra: TransactionOutcome,
  ctx: ExtraDebitContext,
  inbox: CallbackInbox,
): Promise<ExtraDebit> {
  const parsed = parseMerchantTransactionId(extra.merchantTransactionId);
  // A registration's one debit ("reg") counts as attempt 1; a charge's debits carry their number ("d<n>").
  const flow = parsed?.kind ?? 'charge';
  const attempt = attemptOfStep(parsed?.step ?? 'd0') ?? (flow === 'register' ? 1 : 0);
  const reversalMerchantTransactionId = merchantTransactionIdFor(flow, ctx.chargeId, reversalStep(attempt));
  const reversal = ctx.mode === 'preauthorize' ? 'void' : 'refund';
  const outcome = await referenceOp(
    {
      kind: reversal,
      merchantTransactionId: reversalMerchantTransactionId,
      referenceUuid: extra.uuid ?? '',
      amountMinor: reversal === 'refund' ? ctx.amountMinor : undefined,
      currency: ctx.currency,
    },
    inbox,
  );
  return {
    merchantTransactionId: extra.merchantTransactionId,
    uuid: extra.uuid,
    amountMinor: ctx.amountMinor,
    reversal,
    reversalMerchantTransactionId,
    reversed: outcome.status === 'succeeded',
    error: outcome.error,
  };
}
