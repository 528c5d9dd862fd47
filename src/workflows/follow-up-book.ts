/**
 * The follow-up's book, without Temporal: what a closed charge was, and how each event after its close is
 * recorded in the follow-up's state (facts, records, flags) and what status and billing correction they add up
 * to. The workflow (charge-follow-up.ts) decides when to apply an event and runs the activities it calls for.
 */
import type { ChargeFlag, ChargeResult, ExtraDebit, GatewayCallbackEvent } from '../contract/domain.js';
import type { ChargeEventRecord, ChargeFollowUpState, ChargeMemo } from '../contract/messages.js';
import { lateOperationEffect, type OwnOperationKind } from '../contract/late-operations.js';
import { merchantTransactionIdFor } from '../ids.js';
import { toDecimalString, type Currency } from '../money.js';
import type { Mutable } from '../mutable.js';
import { phaseLine } from '../contract/visibility.js';
import {
  billingStatusFrom,
  emptyFacts,
  netChargedBack,
  refundedTotal,
  statusFrom,
} from './follow-up-ledger.js';

/** What the follow-up knows of its charge: the stored outcome, memo and result. */
export interface ClosedCharge {
  readonly chargeId: string;
  readonly flow?: 'charge' | 'register' | undefined;
  readonly workflowStatus: string;
  readonly memo?: ChargeMemo | undefined;
  readonly result?: ChargeResult | undefined;
}

export type BillingCorrection = 'succeeded-late' | 'charged-back' | 'chargeback-reversed';

/** What a debit's late success means for this charge. */
export type LateDebit = 'counted' | 'extra' | 'late-success';

export function initialFollowUpState(chargeId: string): Mutable<ChargeFollowUpState> {
  return {
    chargeId,
    status: 'failed',
    flags: [],
    events: [],
    chargedBackMinor: 0,
    refundedMinor: 0,
    extraDebits: [],
    billingCorrected: 0,
  };
}

export class FollowUpBook {
  readonly amountMinor: number;
  /** Known from the stored outcome, the memo or the result; never guessed for a new decision. */
  readonly knownCurrency: Currency | undefined;
  /** Histories recorded before the by-meaning patch used 'EUR' when the charge was gone. */
  readonly currency: Currency;
  readonly mode: 'debit' | 'preauthorize';

  constructor(
    readonly state: Mutable<ChargeFollowUpState>,
    readonly charge: ClosedCharge,
    private readonly onFlag: (flag: ChargeFlag) => void = () => undefined,
  ) {
    const { memo, result } = charge;
    this.amountMinor = memo?.amountMinor ?? result?.amountMinor ?? 0;
    this.knownCurrency = memo?.currency ?? result?.currency;
    this.currency = this.knownCurrency ?? 'EUR';
    this.mode = memo?.mode ?? 'debit';
  }

  flag(f: ChargeFlag): void {
    if (this.state.flags.includes(f)) return;
    this.state.flags = [...this.state.flags, f];
    this.onFlag(f);
  }

  record(
    kind: ChargeEventRecord['kind'],
    event: GatewayCallbackEvent,
    extra: Partial<ChargeEventRecord> = {},
  ): void {
    this.state.events = [
      ...this.state.events,
      {
        kind,
        merchantTransactionId: event.merchantTransactionId,
        uuid: event.uuid,
        amountMinor: event.amountMinor,
        recordedAt: new Date().toISOString(),
        ...extra,
      },
    ];
  }

  /**
   * A debit attempt of this charge reported OK after the charge closed: already counted (the charge's own
   * success, an extra debit it or this follow-up reversed), an extra debit (the charge has a success, or is a
   * hold nobody will capture: the customer pays once), or the charge's late success.
   */
  lateDebit(event: GatewayCallbackEvent): LateDebit {
    const { result, flow, chargeId } = this.charge;
    const mtid = event.merchantTransactionId;
    // A registration's result names no merchantTransactionId: its one debit is "r.<id>.reg".
    const succeededWith =
      result?.merchantTransactionId ??
      (flow === 'register' ? merchantTransactionIdFor('register', chargeId, 'reg') : undefined);
    const kept =
      result?.status === 'succeeded' ? succeededWith : this.state.lateSuccess?.merchantTransactionId;
    if (kept === mtid) return 'counted';
    if (result?.extraDebits?.some((e) => e.merchantTransactionId === mtid)) return 'counted';
    if (this.state.extraDebits.some((e) => e.merchantTransactionId === mtid)) return 'counted';
    return kept !== undefined || this.mode === 'preauthorize' ? 'extra' : 'late-success';
  }

  /** The late success is the charge's one success. */
  lateSuccess(event: GatewayCallbackEvent): void {
    this.state.lateSuccess = { merchantTransactionId: event.merchantTransactionId, uuid: event.uuid };
    this.flag('succeeded-late');
    this.record('late-success', event, {
      amountMinor: this.amountMinor,
      reason: `charge had said ${this.charge.result?.status ?? this.charge.workflowStatus}`,
    });
  }

  /** An extra debit was reversed (or the reversal failed): recorded with its outcome. */
  extraDebitReversed(event: GatewayCallbackEvent, reversal: ExtraDebit): void {
    this.state.extraDebits = [...this.state.extraDebits, reversal];
    this.flag(reversal.reversed ? 'double-debit-reversed' : 'double-debit-unreversed');
    this.record('extra-debit', event, {
      reason: reversal.reversed ? `${reversal.reversal}ed` : 'reversal-failed',
    });
  }

  /** An extra debit of a charge whose currency nothing says: no refund on a guessed currency, an operator decides. */
  extraDebitUnknownCharge(event: GatewayCallbackEvent): void {
    this.flag('double-debit-unreversed');
    this.record('extra-debit', event, { reason: 'reversal-failed: charge outcome unknown' });
  }

  /**
   * An event whose amount is in another currency than the charge's is recorded but not counted: summing it
   * would be wrong, and converting is not ours to guess. (Events recorded before events named their currency
   * have none and are counted as before.)
   */
  otherCurrency(
    kind: ChargeEventRecord['kind'],
    event: GatewayCallbackEvent,
    amount: number | undefined,
  ): boolean {
    const known = this.knownCurrency;
    const eventCurrency = event.amountsUnreadable
      ? 'a currency this version cannot read'
      : (event.chargeback?.currency ?? event.currency);
    if (!eventCurrency || eventCurrency === known) return false;
    if (!known && !event.amountsUnreadable) return false;
    this.record(kind, event, {
      amountMinor: event.amountsUnreadable ? undefined : amount,
      reason: `currency-mismatch: ${eventCurrency} for a ${known ?? 'charge of unknown currency'}, not counted`,
    });
    this.flag('currency-mismatch');
    return true;
  }

  /** A chargeback or its reversal, kept by uuid. */
  chargebackFact(event: GatewayCallbackEvent): void {
    const amount = event.chargeback?.amountMinor ?? event.amountMinor ?? this.amountMinor;
    const reversal = event.transactionType?.toUpperCase() === 'CHARGEBACK-REVERSAL';
    if (this.otherCurrency(reversal ? 'chargeback-reversal' : 'chargeback', event, amount)) return;
    const reason = event.chargeback?.reason ?? event.error?.message ?? '';
    const facts = this.state.facts ?? emptyFacts();
    if (reversal) {
      const chargebackUuid = event.chargeback?.chargebackUuid;
      this.state.facts = {
        ...facts,
        reversals: { ...facts.reversals, [event.uuid]: { chargebackUuid, amountMinor: amount } },
      };
      this.record('chargeback-reversal', event, { amountMinor: amount, reason });
      this.flag('chargeback-reversed');
    } else {
      this.state.facts = { ...facts, chargebacks: { ...facts.chargebacks, [event.uuid]: amount } };
      this.record('chargeback', event, { amountMinor: amount, reason });
      this.flag('charged-back');
    }
  }

  /** A refund made in the gateway's back office, kept by uuid. */
  backOfficeRefundFact(event: GatewayCallbackEvent): void {
    const amount = event.amountMinor ?? 0;
    if (this.otherCurrency('back-office-refund', event, amount)) return;
    const facts = this.state.facts ?? emptyFacts();
    this.state.facts = { ...facts, refunds: { ...facts.refunds, [event.uuid]: amount } };
    this.record('back-office-refund', event, { amountMinor: amount });
    this.flag('refunded-in-back-office');
  }

  /** A capture, void, refund or reversal of the charge's own that settled after it was left open. */
  ownOperation(event: GatewayCallbackEvent, kind: OwnOperationKind): void {
    const effect = lateOperationEffect(event, kind, this.charge.result, this.state);
    if (!effect) return;
    Object.assign(this.state, effect.changes);
    this.record(effect.kind, event, { amountMinor: effect.amountMinor, reason: effect.reason });
  }

  /**
   * Derives the amounts and the status from all facts so far; returns the billing correction (and its reason)
   * when the billing run's row should now say something else than it last did.
   */
  derive(): { status: BillingCorrection; reason: string } | undefined {
    const state = this.state;
    const facts = state.facts ?? emptyFacts();
    const lateSuccess = state.lateSuccess !== undefined;
    state.chargedBackMinor = netChargedBack(facts);
    state.refundedMinor = refundedTotal(facts);
    state.status = statusFrom(facts, {
      original: this.charge.result?.status,
      lateSuccess,
      amountMinor: this.amountMinor,
    });
    const status = billingStatusFrom(facts, lateSuccess);
    if (!status || status === state.billingStatus) return undefined;
    const reason =
      status === 'charged-back'
        ? `charged back ${state.chargedBackMinor}`
        : status === 'succeeded-late'
          ? `succeeded late (${state.lateSuccess?.merchantTransactionId ?? ''})`
          : 'chargeback reversed';
    return { status, reason };
  }

  /** The Web UI's current details: the charge's status after the close, its flags and money moved since. */
  line(): string {
    const state = this.state;
    const known = this.knownCurrency;
    const money = (minor: number): string =>
      known ? `${toDecimalString(minor, known)} ${known}` : `${minor} minor units`;
    return phaseLine(state.status, [
      `${state.events.length} event(s) after the close`,
      state.flags.length ? `flags ${state.flags.join(', ')}` : undefined,
      state.chargedBackMinor ? `charged back ${money(state.chargedBackMinor)}` : undefined,
      state.refundedMinor ? `refunded in back office ${money(state.refundedMinor)}` : undefined,
    ]);
  }
}
