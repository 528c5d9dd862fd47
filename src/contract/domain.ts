/**
 * Plain data types shared by workflows, activities, the webhook receiver and the client API.
 * Everything here crosses Temporal's history, so it holds no card data, secrets or personal data:
 * customer ids and gateway ids only; card details are reduced to brand, last four and expiry.
 */
import type { Currency } from '../money.js';

/** Who starts a charge: the customer in a session (CIT) or the merchant on a mandate (MIT). */
export type Initiator = 'customer' | 'merchant';

/** A stored instrument as the pipeline sees it: the token plus what is needed to choose one. */
export interface InstrumentSummary {
  readonly paymentToken: string;
  readonly isPreferred: boolean;
  readonly brand?: string | undefined;
  readonly lastFourDigits?: string | undefined;
  readonly expiryMonth?: number | undefined;
  readonly expiryYear?: number | undefined;
}

export interface ProfileSummary {
  readonly profileGuid: string;
  readonly customerIdentification: string;
  readonly instruments: readonly InstrumentSummary[];
}

/** The outcome of one gateway transaction, from a synchronous reply, a status lookup or a callback. */
export type TransactionStatus = 'succeeded' | 'declined' | 'failed' | 'pending' | 'redirect';

export interface GatewayErrorInfo {
  readonly code: number;
  readonly message: string;
  readonly adapterCode?: string | undefined;
  /** Dunning class from the error-code table: soft declines may be retried later, hard ones never. */
  readonly decline?: 'soft' | 'hard' | undefined;
  /** A transient gateway-side failure (3001/3003/3005/1008) that a new attempt may overcome. */
  readonly transient?: boolean | undefined;
  /**
   * The outcome is still open (3001/3003/3005, 1001/1003, an unknown code): the transaction may settle later, so
   * it is looked up before any new attempt and watched for a late success.
   */
  readonly uncertain?: boolean | undefined;
  /** A code the error table does not know (or 9999): never retried automatically under a new id. */
  readonly unknownCode?: boolean | undefined;
}

export interface TransactionOutcome {
  readonly merchantTransactionId: string;
  readonly status: TransactionStatus;
  readonly uuid?: string | undefined;
  readonly purchaseId?: string | undefined;
  readonly redirectUrl?: string | undefined;
  readonly error?: GatewayErrorInfo | undefined;
  /** Set when the transaction registered or used a customer profile. */
  readonly profile?:
    | {
        readonly profileGuid: string;
        readonly customerIdentification: string;
        readonly paymentToken?: string | undefined;
      }
    | undefined;
  /** Where this outcome came from: the synchronous reply, the status API or a callback. */
  readonly source: 'reply' | 'status' | 'callback';
}

/** A verified gateway callback, reduced to what a workflow needs (no card data, no customer data). */
export interface GatewayCallbackEvent {
  readonly merchantTransactionId: string;
  readonly uuid: string;
  /** 'OK', 'ERROR', 'PENDING', or a result this version does not know yet. */
  readonly result: string;
  readonly transactionType?: string | undefined;
  readonly purchaseId?: string | undefined;
  readonly error?: GatewayErrorInfo | undefined;
  readonly profile?: TransactionOutcome['profile'];
  /** Amount in minor units, when the callback carried one. */
  readonly amountMinor?: number | undefined;
  /** CHARGEBACK / CHARGEBACK-REVERSAL: what the event refers to (routed by the original's id). */
  readonly chargeback?:
    | {
        readonly originalMerchantTransactionId: string;
        readonly originalUuid?: string | undefined;
        /** Reversals: the chargeback they reverse. */
        readonly chargebackUuid?: string | undefined;
        readonly amountMinor?: number | undefined;
        readonly currency?: string | undefined;
        readonly reason?: string | undefined;
      }
    | undefined;
  /** The callback's currency (of `amountMinor`), when it names one. */
  readonly currency?: string | undefined;
  /** The callback's amounts were in a currency this version cannot read: they were left out, not guessed. */
  readonly amountsUnreadable?: true | undefined;
  /**
   * A transaction this charge did not request (e.g. a refund made in the gateway's back office), routed by the
   * merchantMetaData the original carried: the original's merchantTransactionId.
   */
  readonly relatesTo?: string | undefined;
}

/** Final state of a charge. `needs-action`: the customer never completed the redirect (e.g. 3-D Secure). */
export type ChargeResultStatus = 'succeeded' | 'declined' | 'failed' | 'needs-action';

export interface ChargeResult {
  readonly chargeId: string;
  readonly status: ChargeResultStatus;
  readonly amountMinor: number;
  readonly currency: Currency;
  readonly attempts: number;
  readonly merchantTransactionId?: string | undefined;
  readonly uuid?: string | undefined;
  readonly purchaseId?: string | undefined;
  readonly paymentToken?: string | undefined;
  readonly error?: GatewayErrorInfo | undefined;
  /** Failure that was not a gateway decline (authentication, missing profile, no instrument, …). */
  readonly reason?: string | undefined;
  readonly redirectUrl?: string | undefined;
  readonly captured?: boolean | undefined;
  readonly voided?: boolean | undefined;
  readonly refundedMinor?: number | undefined;
  /**
   * Debits of other attempts of this charge that also succeeded (a late settle after the look-up); the charge
   * refunded (or voided) each one itself. Never more than one debit stays with the customer.
   */
  readonly extraDebits?: readonly ExtraDebit[] | undefined;
  /** Operator-visible markers, mirrored in the ChargeFlags search attribute (e.g. `double-debit-reversed`). */
  readonly flags?: readonly ChargeFlag[] | undefined;
  /**
   * A capture, void or refund the gateway had not settled when the charge closed. Its late callback is applied
   * by the charge's follow-up (and shows in chargeStatus); no other operation was sent under a new id meanwhile.
   */
  readonly openOperation?: OpenOperation | undefined;
  /** Refunds made in the gateway's back office while the charge was open: they count against its refund limit. */
  readonly refundedInBackOfficeMinor?: number | undefined;
}

export interface OpenOperation {
  readonly kind: 'capture' | 'void' | 'refund';
  readonly merchantTransactionId: string;
  readonly amountMinor?: number | undefined;
}

export type ChargeFlag =
  | 'double-debit-reversed'
  | 'double-debit-unreversed'
  | 'succeeded-late'
  | 'charged-back'
  | 'chargeback-reversed'
  | 'refunded-in-back-office'
  /** An after-the-fact event in another currency than the charge's: recorded, not counted; an operator decides. */
  | 'currency-mismatch';

export interface ExtraDebit {
  readonly merchantTransactionId: string;
  readonly uuid?: string | undefined;
  readonly amountMinor: number;
  readonly reversal: 'refund' | 'void';
  readonly reversalMerchantTransactionId: string;
  readonly reversed: boolean;
  readonly error?: GatewayErrorInfo | undefined;
}
