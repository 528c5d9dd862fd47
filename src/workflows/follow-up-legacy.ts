/**
 * How a follow-up applied events before the `follow-up-by-meaning` patch: each event changed the status as it
 * came, and corrected the billing run at once. Kept for the histories of follow-ups that started before it.
 */
import type { ExtraDebit, GatewayCallbackEvent } from '../contract/domain.js';
import { attemptOfStep, parseMerchantTransactionId } from '../ids.js';
import type { BillingCorrection, FollowUpBook } from './follow-up-book.js';

export interface FollowUpEffects {
  correctBilling(status: BillingCorrection, reason: string): Promise<void>;
  reverse(event: GatewayCallbackEvent): Promise<ExtraDebit>;
}

export async function applyAsItCame(
  book: FollowUpBook,
  effects: FollowUpEffects,
  event: GatewayCallbackEvent,
): Promise<void> {
  const state = book.state;
  const type = (event.transactionType ?? '').toUpperCase();
  if (type === 'CHARGEBACK' || type === 'CHARGEBACK-REVERSAL') {
    const amount = event.chargeback?.amountMinor ?? event.amountMinor ?? book.amountMinor;
    const reversal = event.transactionType === 'CHARGEBACK-REVERSAL';
    state.chargedBackMinor = Math.max(0, state.chargedBackMinor + (reversal ? -amount : amount));
    const reason = event.chargeback?.reason ?? event.error?.message ?? '';
    if (reversal) {
      book.record('chargeback-reversal', event, { amountMinor: amount, reason });
      book.flag('chargeback-reversed');
      if (state.chargedBackMinor === 0) {
        state.status = state.lateSuccess ? 'succeeded-late' : 'chargeback-reversed';
        await effects.correctBilling('chargeback-reversed', `chargeback reversed ${reason}`.trim());
      }
    } else {
      book.record('chargeback', event, { amountMinor: amount, reason });
      book.flag('charged-back');
      state.status = 'charged-back';
      await effects.correctBilling('charged-back', `charged back ${reason}`.trim());
    }
    return;
  }
  if (event.relatesTo) {
    if (event.result !== 'OK' || type !== 'REFUND') return;
    const amount = event.amountMinor ?? 0;
    state.refundedMinor += amount;
    book.record('back-office-refund', event, { amountMinor: amount });
    book.flag('refunded-in-back-office');
    if (state.status !== 'charged-back')
      state.status = state.refundedMinor >= book.amountMinor ? 'refunded' : 'partially-refunded';
    return;
  }
  const step = parseMerchantTransactionId(event.merchantTransactionId)?.step ?? '';
  const isDebit = attemptOfStep(step) !== undefined || (book.charge.flow === 'register' && step === 'reg');
  // Anything else (an error or pending of an attempt, results of our own refunds and voids) changes nothing.
  if (!isDebit || event.result !== 'OK') return;
  const meaning = book.lateDebit(event);
  if (meaning === 'counted') return;
  if (meaning === 'extra') {
    book.extraDebitReversed(event, await effects.reverse(event));
    return;
  }
  state.status = 'succeeded-late';
  book.lateSuccess(event);
  await effects.correctBilling('succeeded-late', `succeeded late (${event.merchantTransactionId})`);
}
