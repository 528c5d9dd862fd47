/**
 * Workflow inputs, signals, queries and updates, defined once and imported by workflows, the webhook receiver,
 * the client API and the CLI.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Currency } from '../money.js';
import type {
  ChargeFlag,
  ChargeResult,
  ChargeResultStatus,
  ExtraDebit,
  GatewayCallbackEvent,
  Initiator,
  TransactionOutcome,
} from './domain.js';

/** Dunning: soft declines are retried after these delays (seconds), each attempt with its own merchantTransactionId. */
export interface DunningPolicy {
  readonly retryDelaysSeconds: readonly number[];
}

/** How a charge makes its gateway calls: one activity task each, or local activities (see ChargeInput). */
export type GatewayCallMode = 'activities' | 'local';

export interface ChargeInput {
  /** The caller's name for this charge (e.g. an order id); the workflow id is built from it. */
  readonly chargeId: string;
  readonly customerId: string;
  readonly amountMinor: number;
  readonly currency: Currency;
  readonly initiator: Initiator;
  /**
   * Required for customer-initiated charges. Short-lived, bound to the customer and to this chargeId, and
   * sealed by the client API before it enters workflow history (a plaintext proof is refused).
   */
  readonly sessionProof?: string | undefined;
  /** Charge this instrument instead of the preferred one. */
  readonly paymentToken?: string | undefined;
  /** Merchant-initiated charge of a subscription: transactionIndicator RECURRING. */
  readonly recurring?: boolean | undefined;
  /** `preauthorize` reserves funds and waits for a capture or void update. Default `debit`. */
  readonly mode?: 'debit' | 'preauthorize' | undefined;
  readonly description?: string | undefined;
  /** How long to wait for a callback before asking the status API (default 600 s). */
  readonly callbackWaitSeconds?: number | undefined;
  /** Give up waiting on a PENDING/REDIRECT transaction after this long (default 1 day). */
  readonly maxWaitSeconds?: number | undefined;
  /** New attempts after a transient gateway-side failure (3001, 3003, 3005, 1008). Default 2. */
  readonly transientRetries?: number | undefined;
  readonly dunning?: DunningPolicy | undefined;
  /** Keep the workflow open this long after success for refund updates (debit mode). Default 0. */
  readonly refundWindowSeconds?: number | undefined;
  /** Preauthorizations not captured in this time are voided. Default 7 days. */
  readonly authorizationHoldSeconds?: number | undefined;
  /**
   * How the gateway calls run: `activities` (default; each call is its own activity task, shown as such in
   * the Web UI) or `local` (local activities inside the workflow task: fewer server round trips, same retries
   * and the same merchantTransactionIds). Billing runs use `local`.
   */
  readonly gatewayCalls?: GatewayCallMode | undefined;
  /** Billing runs: the parent's workflow id to report progress to. */
  readonly reportTo?: string | undefined;
  readonly billing?:
    { readonly runId: string; readonly subscriptionId: string; readonly period: string } | undefined;
}

export type ChargePhase =
  | 'authenticating'
  | 'fetching-profile'
  | 'charging'
  | 'awaiting-callback'
  | 'needs-action'
  | 'in-dunning'
  /** An attempt's outcome is open and the gateway has not answered for it yet: asked again, no new id sent. */
  | 'outcome-unknown'
  | 'authorized'
  | 'settled'
  | 'done';

export interface ChargeState {
  readonly chargeId: string;
  readonly phase: ChargePhase;
  readonly attempt: number;
  readonly merchantTransactionId?: string | undefined;
  readonly uuid?: string | undefined;
  readonly redirectUrl?: string | undefined;
  readonly paymentToken?: string | undefined;
  readonly nextAttemptAt?: string | undefined;
  readonly result?: ChargeResult | undefined;
  readonly callbacksSeen: number;
}

export interface RegisterInput {
  /** Business id of this registration (e.g. the first order id). */
  readonly registrationId: string;
  readonly customerId: string;
  /** `register` stores the instrument without charging. */
  readonly kind: 'debit' | 'preauthorize' | 'register';
  readonly amountMinor?: number | undefined;
  readonly currency?: Currency | undefined;
  /** payment.js card token; absent = REDIRECT to the gateway's hosted payment page. */
  readonly transactionToken?: string | undefined;
  readonly markAsPreferred?: boolean | undefined;
  readonly description?: string | undefined;
  readonly callbackWaitSeconds?: number | undefined;
  readonly maxWaitSeconds?: number | undefined;
}

export interface RegisterResult {
  readonly registrationId: string;
  readonly customerId: string;
  readonly status: ChargeResultStatus;
  readonly profileGuid?: string | undefined;
  readonly paymentToken?: string | undefined;
  readonly uuid?: string | undefined;
  readonly error?: TransactionOutcome['error'];
  readonly reason?: string | undefined;
  readonly redirectUrl?: string | undefined;
  /**
   * A first purchase that the gateway charged but whose profile it never reported: the registration failed,
   * so the charge was reversed (refund, or void of a preauthorization) under "r.<id>.xr1".
   */
  readonly reversal?: ExtraDebit | undefined;
}

/** A child charge's report to its billing run. */
export interface ChargeReport {
  readonly chargeId: string;
  readonly subscriptionId: string;
  readonly kind: 'in-dunning' | 'final';
  readonly result?: ChargeResult | undefined;
}

export const gatewayCallbackSignal = defineSignal<[GatewayCallbackEvent]>('gatewayCallback');
export const chargeStateQuery = defineQuery<ChargeState>('chargeState');
export const registerStateQuery = defineQuery<{
  phase: string;
  redirectUrl?: string | undefined;
  result?: RegisterResult | undefined;
}>('registerState');
/** Resolves with the charge's result once known, even while the workflow stays open for capture/refund. */
export const awaitResultUpdate = defineUpdate<ChargeResult>('awaitResult');
export const captureUpdate = defineUpdate<ChargeResult, [{ readonly amountMinor?: number | undefined }]>(
  'capture',
);
export const voidUpdate = defineUpdate<ChargeResult>('void');
export const refundUpdate = defineUpdate<ChargeResult, [{ readonly amountMinor: number }]>('refund');
export const chargeReportSignal = defineSignal<[ChargeReport]>('chargeReport');

export interface BillingRunInput {
  /** Default (scheduled runs): "<scheduleId>-<billingDate>". */
  readonly runId?: string | undefined;
  /** YYYY-MM-DD: subscriptions due on or before this date are billed. Default: the scheduled (or start) date. */
  readonly billingDate?: string | undefined;
  /** Set by `billing schedule create`: names the runs it starts. */
  readonly scheduleId?: string | undefined;
  readonly filters?:
    | { readonly currency?: Currency | undefined; readonly customerIds?: readonly string[] | undefined }
    | undefined;
  /** Children charging at once (sliding window). Default 50. */
  readonly concurrency?: number | undefined;
  /** Subscriptions fetched per page. Default 500. */
  readonly pageSize?: number | undefined;
  /** Continue-as-new after starting this many children in one run. Default 2000. */
  readonly childrenPerRun?: number | undefined;
  /** Soft-decline retry delays in seconds. Default 1, 3, 5 and 7 days. */
  readonly dunningDelaysSeconds?: readonly number[] | undefined;
  readonly callbackWaitSeconds?: number | undefined;
  /**
   * Without news from a child started before a continue-as-new, look it up after this long (default 600 s):
   * a child that failed, was terminated or could not signal still ends in the report.
   */
  readonly childCheckSeconds?: number | undefined;
  /** How the children make their gateway calls (see ChargeInput.gatewayCalls). Default `local`. */
  readonly childGatewayCalls?: GatewayCallMode | undefined;
}

export interface AmountsByCurrency {
  readonly [currency: string]: number;
}

export interface BillingProgress {
  readonly runId: string;
  readonly billingDate: string;
  readonly phase: 'paging' | 'charging' | 'awaiting-dunning' | 'reporting' | 'done';
  readonly scheduled: number;
  readonly done: number;
  readonly succeeded: number;
  readonly declined: number;
  readonly failed: number;
  readonly needsAction: number;
  readonly inDunning: number;
  readonly inFlight: number;
  /** Charges that already existed for this (subscription, period): billed by an earlier run. */
  readonly alreadyBilled: number;
  readonly continuedAsNew: number;
  readonly amountsScheduled: AmountsByCurrency;
  readonly amountsSucceeded: AmountsByCurrency;
  /** Amounts of the subscriptions counted in alreadyBilled. */
  readonly amountsAlreadyBilled: AmountsByCurrency;
  readonly pagesExhausted: boolean;
}

export interface BillingRunResult extends BillingProgress {
  readonly report?: { readonly json: string; readonly csv: string } | undefined;
}

export const billingProgressQuery = defineQuery<BillingProgress>('billingProgress');

/**
 * What identifies a charge, kept in its memo (encrypted with the payload codec): a repeat start with other
 * parameters is an idempotency conflict, and the follow-up workflow knows what it is correcting.
 */
export interface ChargeMemo {
  readonly customerId: string;
  readonly amountMinor: number;
  readonly currency: Currency;
  readonly mode: 'debit' | 'preauthorize';
  readonly initiator: Initiator;
  readonly billing?: ChargeInput['billing'];
}

/** The status a charge shows once events after its close are counted. */
export type AfterTheFactStatus =
  'succeeded-late' | 'charged-back' | 'chargeback-reversed' | 'refunded' | 'partially-refunded';

export interface ChargeEventRecord {
  readonly kind:
    | 'late-success'
    | 'extra-debit'
    | 'chargeback'
    | 'chargeback-reversal'
    | 'back-office-refund'
    | 'late-operation'
    | 'reversal-settled';
  readonly merchantTransactionId: string;
  readonly uuid: string;
  readonly amountMinor?: number | undefined;
  readonly reason?: string | undefined;
  /** When the follow-up recorded it (workflow time, ISO 8601). */
  readonly recordedAt: string;
}

export interface ChargeFollowUpState {
  readonly chargeId: string;
  /** The charge's own result status, then corrected by what happened after it closed. */
  readonly status: ChargeResult['status'] | AfterTheFactStatus;
  readonly originalStatus?: ChargeResult['status'] | undefined;
  readonly flags: readonly ChargeFlag[];
  readonly events: readonly ChargeEventRecord[];
  readonly chargedBackMinor: number;
  readonly refundedMinor: number;
  /** The debit that settled late (when the charge had said it failed). */
  readonly lateSuccess?: { readonly merchantTransactionId: string; readonly uuid: string } | undefined;
  readonly extraDebits: readonly ExtraDebit[];
  /** The billing correction was applied (report row and subscription). */
  readonly billingCorrected: number;
  /** Chargebacks, reversals and back-office refunds by uuid, from which the status is derived. */
  readonly facts?: FollowUpFacts | undefined;
  /** The status last written to the billing run's row and subscription. */
  readonly billingStatus?: string | undefined;
  /** How the operation the charge left open (its result's `openOperation`) settled after it closed. */
  readonly openOperationSettled?: 'succeeded' | 'failed' | undefined;
  /** The charge's own refund that was open when it closed and settled after: refunded on top of its result. */
  readonly refundedAfterCloseMinor?: number | undefined;
  /** The charge's open capture (amount) or void that settled after it closed. */
  readonly capturedAfterCloseMinor?: number | undefined;
  readonly voidedAfterClose?: boolean | undefined;
  /** Reversals of extra debits (the charge's or this follow-up's) that settled after they were left open. */
  readonly reversalsSettled?: readonly string[] | undefined;
}

export interface ChargeFollowUpInput {
  /** The business id: a charge id, or a registration id when `flow` is `register`. */
  readonly chargeId: string;
  /** Default `charge`; `register` for events about a first purchase (registerCustomer). */
  readonly flow?: 'charge' | 'register' | undefined;
  /** State carried across continue-as-new. */
  readonly carried?: ChargeFollowUpState | undefined;
  /** Event keys already handled, carried across continue-as-new. */
  readonly carriedSeen?: readonly string[] | undefined;
  /** Stay open this long after the last event (default 180 days: the card schemes' chargeback window). */
  readonly idleCloseSeconds?: number | undefined;
  /** An event whose correction failed is tried again this long after (default 60 s). */
  readonly retryAfterErrorSeconds?: number | undefined;
}

/**
 * A refund made in the gateway's back office for a charge that is still open (the webhook sends it beside the
 * follow-up's copy): it counts against the charge's own refund limit.
 */
export const backOfficeRefundSignal = defineSignal<[GatewayCallbackEvent]>('backOfficeRefund');

/** An event for a closed (or closing) charge: a callback the charge can no longer take, or an after-the-fact one. */
export const chargeEventSignal = defineSignal<[GatewayCallbackEvent]>('chargeEvent');
export const followUpStateQuery = defineQuery<ChargeFollowUpState>('followUpState');

/** What a follow-up's events add up to (follow-up-ledger.ts derives status and amounts from it). */
export interface FollowUpFacts {
  /** Chargeback uuid → amount charged back (minor units, the charge's currency). */
  readonly chargebacks: Readonly<Record<string, number>>;
  /** Reversal uuid → the chargeback it reverses (when named) and its amount. */
  readonly reversals: Readonly<
    Record<string, { readonly chargebackUuid?: string | undefined; readonly amountMinor: number }>
  >;
  /** Back-office refund uuid → amount. */
  readonly refunds: Readonly<Record<string, number>>;
}
