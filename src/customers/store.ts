/**
 * The merchant's customer + subscription store, as activities see it. Asynchronous and free of SQLite types so
 * a server database can replace the embedded one. Activities call it; workflows never do (they get what they
 * need as activity results, redacted: see redactCustomer).
 */
import type {
  Customer,
  CustomerPatch,
  CustomerStatus,
  DueCountQuery,
  DueSubscriptionsQuery,
  ListCustomersQuery,
  ListRunItemsQuery,
  MandateGrant,
  NewCustomerInput,
  NewSubscriptionInput,
  ProfileLink,
  RunItem,
  RunItemInput,
  Subscription,
  SubscriptionStatus,
} from './types.js';

import type { ChargeOutcomeFlow, StoredChargeOutcome } from './charge-outcomes.js';

/** One page of a keyset-paged listing; `nextAfterId` is absent on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextAfterId?: string;
}

/** Outcome of advanceSubscription: `advanced` is false when the period had already been advanced past. */
export interface AdvanceResult {
  readonly subscription: Subscription;
  readonly advanced: boolean;
}

/**
 * Every method validates its input (InvalidCustomerInputError) and names missing records
 * (UnknownCustomerError, UnknownSubscriptionError). Methods that would not change anything leave the record,
 * including `updatedAt`, untouched, so retried activities are harmless.
 */
export interface CustomerStore {
  /** Adds a customer (DuplicateCustomerError for a taken id or customerIdentification). */
  addCustomer(input: NewCustomerInput): Promise<Customer>;
  /** The customer, or undefined when unknown. */
  getCustomer(id: string): Promise<Customer | undefined>;
  /** The customer, or UnknownCustomerError. */
  requireCustomer(id: string): Promise<Customer>;
  /** Customers ordered by id, `limit` at a time after `afterId`. */
  listCustomers(query: ListCustomersQuery): Promise<Page<Customer>>;
  /** Changes personal data (email, name; `name: null` removes it). */
  updateCustomer(id: string, patch: CustomerPatch): Promise<Customer>;
  /** Enables or disables a customer; disabled customers must not be charged. */
  setStatus(id: string, status: CustomerStatus): Promise<Customer>;
  /** Records an active mandate for merchant-initiated charges (replaces any previous one). */
  grantMandate(id: string, grant: MandateGrant): Promise<Customer>;
  /** Revokes the mandate; a no-op when there is none or it is already revoked. */
  revokeMandate(id: string): Promise<Customer>;
  /** Links the gateway profile; repeating the same link is a no-op, a different one a ProfileLinkConflictError. */
  linkProfile(id: string, link: ProfileLink): Promise<Customer>;
  /** Forgets the gateway profile (deleted there); a no-op when none is linked. */
  unlinkProfile(id: string): Promise<Customer>;

  /** Adds a subscription to a known customer (DuplicateSubscriptionError for a taken id). */
  addSubscription(input: NewSubscriptionInput): Promise<Subscription>;
  /** Adds many subscriptions in one transaction: all or none. Returns how many were added. */
  addSubscriptions(inputs: readonly NewSubscriptionInput[]): Promise<number>;
  /** The subscription, or undefined when unknown. */
  getSubscription(id: string): Promise<Subscription | undefined>;
  /** The subscription, or UnknownSubscriptionError. */
  requireSubscription(id: string): Promise<Subscription>;
  /** Subscriptions ordered by id: one customer's, or all (unpaged: use listDueSubscriptions for billing). */
  listSubscriptions(customerId?: string): Promise<readonly Subscription[]>;
  /** Due subscriptions (active, nextBillingDate <= billingDate) ordered by id, keyset-paged by `afterId`. */
  listDueSubscriptions(query: DueSubscriptionsQuery): Promise<Page<Subscription>>;
  /** How many subscriptions listDueSubscriptions would return over all pages. */
  countDueSubscriptions(query: DueCountQuery): Promise<number>;
  /** The billing period key of the subscription's next billing date ("2026-11-25"); pure. */
  periodOf(subscription: Pick<Subscription, 'nextBillingDate'>): string;
  /**
   * Marks `billedPeriod` billed and moves nextBillingDate one interval on, once: repeating it, or naming a
   * period already advanced past, changes nothing. A past_due subscription becomes active again.
   */
  advanceSubscription(id: string, billedPeriod: string): Promise<AdvanceResult>;
  /** Marks an active subscription past due (no longer due) with a reason; cancelled or paused ones stay so. */
  markPastDue(id: string, reason: string): Promise<Subscription>;
  /** Sets a subscription's status (cancel, pause, resume); clears the past-due reason unless past_due. */
  setSubscriptionStatus(id: string, status: SubscriptionStatus): Promise<Subscription>;

  /** Records (or, on a retry, replaces) report lines of a billing run, keyed by chargeId. */
  recordRunItems(runId: string, items: readonly RunItemInput[]): Promise<void>;
  /** A billing run's report lines ordered by chargeId, keyset-paged by `afterId`. */
  listRunItems(runId: string, query: ListRunItemsQuery): Promise<Page<RunItem>>;

  /**
   * Keeps a charge's (or registration's) final outcome for the chargeback window; a repeat replaces it. The
   * store, not Temporal's retention, is what follow-ups and chargeStatus read once the charge has closed.
   */
  recordChargeOutcome(input: StoredChargeOutcome): Promise<void>;
  /** The stored final outcome, or undefined when the charge has not closed (or closed before this was kept). */
  getChargeOutcome(flow: ChargeOutcomeFlow, chargeId: string): Promise<StoredChargeOutcome | undefined>;

  /** Releases the database; further calls fail. Idempotent. */
  close(): Promise<void>;
}
