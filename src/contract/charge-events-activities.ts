/** The contract between the charge follow-up workflow and its activities. */
import type { ChargeResult, GatewayCallbackEvent } from './domain.js';
import type { Currency } from '../money.js';
import type { ChargeFollowUpState, ChargeMemo } from './messages.js';

export interface ChargeOutcomeView {
  /** The charge workflow's status: RUNNING (result known), COMPLETED, FAILED, TERMINATED, …, or NOT_FOUND. */
  readonly workflowStatus: string;
  /** What an earlier follow-up of this charge recorded before it closed (kept in the store). */
  readonly followUp?: StoredFollowUp | undefined;
  /** Where the outcome was read: the customer store (kept at close) or Temporal. */
  readonly source?: 'store' | 'temporal' | undefined;
  readonly result?: ChargeResult | undefined;
  readonly memo?: ChargeMemo | undefined;
}

/** A correction of one billing-run row and its subscription after the charge closed. */
export interface BillingCorrection {
  readonly runId: string;
  readonly subscriptionId: string;
  readonly customerId: string;
  readonly period: string;
  readonly chargeId: string;
  readonly amountMinor: number;
  readonly currency: Currency;
  readonly status: 'succeeded-late' | 'charged-back' | 'chargeback-reversed';
  readonly reason: string;
}

/** What a closing charge keeps in the store (see customers/charge-outcomes.ts). */
export interface StoredOutcome {
  readonly result: ChargeResult;
  readonly memo?: ChargeMemo | undefined;
}

/** A closed follow-up's state and the event keys it had handled: the next run starts from there. */
export interface StoredFollowUp {
  readonly state: ChargeFollowUpState;
  readonly seen: readonly string[];
}

export interface ChargeEventActivities {
  /** Keeps a closing follow-up's state with the charge's outcome in the store. */
  storeFollowUpState(input: {
    readonly chargeId: string;
    readonly flow?: 'charge' | 'register' | undefined;
    readonly followUp: StoredFollowUp;
  }): Promise<void>;
  /** Keeps the closing charge's final outcome in the customer store (a repeat replaces it). */
  storeChargeOutcome(input: {
    readonly chargeId: string;
    readonly result: ChargeResult;
    readonly memo: ChargeMemo;
  }): Promise<void>;
  /** The charge's result (waiting until it is known if the charge is still open) and its memo. */
  loadChargeOutcome(input: {
    readonly chargeId: string;
    readonly flow?: 'charge' | 'register' | undefined;
  }): Promise<ChargeOutcomeView>;
  /** The outcomes of those charges whose workflows have closed (running ones are left out). */
  closedChargeOutcomes(input: {
    readonly chargeIds: readonly string[];
  }): Promise<Record<string, ChargeOutcomeView>>;
  /** Hands an event to the charge's follow-up workflow (signal-with-start). */
  forwardChargeEvent(input: {
    readonly chargeId: string;
    readonly event: GatewayCallbackEvent;
  }): Promise<void>;
  /**
   * Corrects a billing run after the fact: the run's row, the subscription (paid, or past due after a
   * chargeback) and the report files. Waits (by retrying) until the run has recorded the row itself.
   */
  correctBillingOutcome(input: BillingCorrection): Promise<{ readonly reportRewritten: boolean }>;
}
