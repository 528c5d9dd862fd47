/**
 * How a follow-up applies one event: once per event (by type, uuid and result), by what it means: a chargeback
 * or its reversal, a back-office refund, a debit's late success, a late answer to the charge's own operation.
 * The facts are recorded in the book, the status is derived from all of them, and the billing run is corrected
 * when what its row should say changed.
 */
import { patched } from '@temporalio/workflow';
import type { GatewayCallbackEvent } from '../contract/domain.js';
import { ownOperationOf } from '../contract/late-operations.js';
import { attemptOfStep, parseMerchantTransactionId } from '../ids.js';
import type { FollowUpBook } from './follow-up-book.js';
import { applyAsItCame, type FollowUpEffects } from './follow-up-legacy.js';

/** Late callbacks of the charge's own capture, void, refund or reversal are applied (they were ignored before). */
export const FOLLOW_UP_OWN_OPS_PATCH = 'follow-up-own-ops';
/** A retried event (its correction failed) is not recorded twice: only what failed runs again. */
const APPLY_ONCE_PATCH = 'follow-up-apply-once';

export const eventKey = (event: GatewayCallbackEvent): string =>
  `${(event.transactionType ?? '').toUpperCase()}:${event.uuid}:${event.result}`;

export class FollowUpEvents {
  /** Events whose fact is recorded; a retry after a failed correction only redoes the correction. */
  private readonly applied = new Set<string>();

  constructor(
    private readonly book: FollowUpBook,
    private readonly effects: FollowUpEffects,
    /** Events handled (carried across continue-as-new and runs): a repeat changes nothing. */
    readonly seen: Set<string>,
  ) {}

  async handle(event: GatewayCallbackEvent): Promise<void> {
    const key = eventKey(event);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (!patched('follow-up-by-meaning')) return applyAsItCame(this.book, this.effects, event);
    const type = (event.transactionType ?? '').toUpperCase();
    if (type === 'CHARGEBACK' || type === 'CHARGEBACK-REVERSAL')
      return this.byMeaning(event, (e) => this.book.chargebackFact(e));
    if (event.relatesTo)
      return event.result === 'OK' && type === 'REFUND'
        ? this.byMeaning(event, (e) => this.book.backOfficeRefundFact(e))
        : undefined;
    const step = parseMerchantTransactionId(event.merchantTransactionId)?.step ?? '';
    const isDebit =
      attemptOfStep(step) !== undefined || (this.book.charge.flow === 'register' && step === 'reg');
    if (isDebit && event.result === 'OK') return this.byMeaning(event, (e) => this.debitSucceeded(e));
    const own = ownOperationOf(step);
    if (own && patched(FOLLOW_UP_OWN_OPS_PATCH))
      return this.byMeaning(event, (e) => this.book.ownOperation(e, own));
    return undefined;
  }

  /** Forgets an event that could not be applied: it is tried again. */
  retryLater(event: GatewayCallbackEvent): void {
    this.seen.delete(eventKey(event));
  }

  /** Records one fact, then derives the status and the billing correction from all facts so far. */
  private async byMeaning(
    event: GatewayCallbackEvent,
    apply: (event: GatewayCallbackEvent) => Promise<void> | void,
  ): Promise<void> {
    const key = eventKey(event);
    if (!this.applied.has(key) || !patched(APPLY_ONCE_PATCH)) {
      await apply(event);
      this.applied.add(key);
    }
    const correction = this.book.derive();
    if (correction) {
      await this.effects.correctBilling(correction.status, correction.reason);
      this.book.state.billingStatus = correction.status;
    }
  }

  /** A debit's late success: kept as the one success, or reversed when the charge already has one. */
  private async debitSucceeded(event: GatewayCallbackEvent): Promise<void> {
    const meaning = this.book.lateDebit(event);
    if (meaning === 'counted') return;
    if (meaning === 'late-success') return this.book.lateSuccess(event);
    if (!this.book.knownCurrency) return this.book.extraDebitUnknownCharge(event);
    this.book.extraDebitReversed(event, await this.effects.reverse(event));
  }
}
