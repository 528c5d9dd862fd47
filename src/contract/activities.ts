/**
 * The contract between workflows and activities. Workflows import these types only (`import type`);
 * createActivities(deps) implements them.
 */
import type { Currency } from '../money.js';
import type { Initiator, ProfileSummary, TransactionOutcome } from './domain.js';

export type TransactionIndicator =
  'SINGLE' | 'INITIAL' | 'RECURRING' | 'CARDONFILE' | 'CARDONFILE-MERCHANT-INITIATED';

export interface AuthenticateInput {
  readonly customerId: string;
  readonly initiator: Initiator;
  /** `register`: a first purchase; the customer must exist and be active, no mandate needed yet. */
  readonly purpose?: 'charge' | 'register' | undefined;
  /** Customer-initiated charges only: the merchant login's signed, expiring session proof, sealed. */
  readonly sessionProof?: string | undefined;
  /** The charge being authenticated: a session proof only opens and verifies for its own charge. */
  readonly chargeId?: string | undefined;
}

export interface AuthenticatedCustomer {
  readonly customerId: string;
  readonly customerIdentification: string;
  readonly profileGuid?: string | undefined;
}

export interface FetchProfileInput {
  readonly customerIdentification: string;
  readonly profileGuid?: string | undefined;
}

/** A charge on a stored instrument: debit or preauthorize with transactionToken = paymentToken. */
export interface TokenChargeInput {
  readonly kind: 'debit' | 'preauthorize';
  readonly merchantTransactionId: string;
  readonly amountMinor: number;
  readonly currency: Currency;
  readonly paymentToken: string;
  readonly transactionIndicator: TransactionIndicator;
  readonly customerIdentification: string;
  readonly description?: string | undefined;
}

/** A first purchase that stores the instrument in the customer's profile. */
export interface RegisterInstrumentInput {
  readonly kind: 'debit' | 'preauthorize' | 'register';
  readonly merchantTransactionId: string;
  /** Required for debit/preauthorize; ignored for register. */
  readonly amountMinor?: number | undefined;
  readonly currency?: Currency | undefined;
  /** A payment.js card token; absent = the gateway answers REDIRECT to its hosted payment page. */
  readonly transactionToken?: string | undefined;
  readonly customerIdentification: string;
  readonly markAsPreferred: boolean;
  readonly description?: string | undefined;
}

export interface ReferenceTransactionInput {
  readonly merchantTransactionId: string;
  readonly referenceUuid: string;
  readonly amountMinor?: number | undefined;
  readonly currency?: Currency | undefined;
}

export interface ProfileLinkInput {
  readonly customerId: string;
  readonly customerIdentification: string;
  readonly profileGuid: string;
}

/** Activities of the charge and registration workflows. */
export interface PaymentActivities {
  authenticate(input: AuthenticateInput): Promise<AuthenticatedCustomer>;
  fetchProfile(input: FetchProfileInput): Promise<ProfileSummary>;
  /** Sends the debit/preauthorize, or after an ambiguous earlier attempt adopts what the gateway already has. */
  debit(input: TokenChargeInput): Promise<TransactionOutcome>;
  registerInstrument(input: RegisterInstrumentInput): Promise<TransactionOutcome>;
  /** The gateway's view of a transaction by merchantTransactionId; undefined when it has none. */
  reconcile(input: { readonly merchantTransactionId: string }): Promise<TransactionOutcome | undefined>;
  saveProfileLink(input: ProfileLinkInput): Promise<void>;
  capture(input: ReferenceTransactionInput): Promise<TransactionOutcome>;
  void(input: ReferenceTransactionInput): Promise<TransactionOutcome>;
  refund(input: ReferenceTransactionInput): Promise<TransactionOutcome>;
}
