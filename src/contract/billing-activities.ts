/** The contract between the billingRun workflow and its activities. */
import type { Currency } from '../money.js';
import type { ChargeResultStatus } from './domain.js';
import type { BillingProgress } from './messages.js';

export interface DueSubscription {
  readonly subscriptionId: string;
  readonly customerId: string;
  readonly amountMinor: number;
  readonly currency: Currency;
  /** The billing period key of the due date, part of the child charge's id. */
  readonly period: string;
}

export interface BillingFilters {
  readonly currency?: Currency | undefined;
  readonly customerIds?: readonly string[] | undefined;
}

export interface DuePage {
  readonly items: readonly DueSubscription[];
  /** Keyset cursor for the next page; undefined when this was the last. */
  readonly nextCursor?: string | undefined;
}

export interface SubscriptionOutcome {
  readonly subscriptionId: string;
  readonly customerId?: string | undefined;
  readonly amountMinor: number;
  readonly currency: Currency;
  readonly chargeId: string;
  readonly period: string;
  /** `already-billed`: an earlier run (or a run still going) charges this period; this run leaves it alone. */
  readonly status: ChargeResultStatus | 'already-billed';
  /** Hard decline or dunning exhausted: the subscription becomes past due. */
  readonly pastDue: boolean;
  readonly reason?: string | undefined;
}

export interface BillingActivities {
  listDueSubscriptions(input: {
    readonly billingDate: string;
    readonly afterId?: string | undefined;
    readonly limit: number;
    readonly filters?: BillingFilters | undefined;
  }): Promise<DuePage>;
  /** Advances the next billing date of paid subscriptions (once per period) or marks them past due. */
  recordSubscriptionOutcomes(input: {
    readonly runId: string;
    readonly outcomes: readonly SubscriptionOutcome[];
  }): Promise<void>;
  /** Writes the run's report (summary + one row per subscription) as JSON and CSV; returns the file paths. */
  writeRunReport(input: {
    readonly runId: string;
    readonly summary: BillingProgress;
  }): Promise<{ json: string; csv: string }>;
}
