/**
 * Subscriptions as rows and the store-independent rules of changing them, shared by the SQLite and PostgreSQL
 * stores so both behave alike. Every change returns undefined when it would change nothing.
 */
import { advanceByInterval, billingPeriodOf, dayOfMonth } from './billing-dates.js';
import { InvalidCustomerInputError } from './errors.js';
import {
  IsoDateSchema,
  NewSubscriptionSchema,
  ReasonSchema,
  SubscriptionStatusSchema,
  parseInput,
  type Subscription,
  type SubscriptionStatus,
} from './types.js';

export interface SubscriptionRow {
  id: string;
  customer_id: string;
  amount_minor: number;
  currency: Subscription['currency'];
  billing_interval: Subscription['interval'];
  interval_count: number;
  anchor_day: number;
  next_billing_date: string;
  status: SubscriptionStatus;
  last_billed_period: string | null;
  past_due_reason: string | null;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export const SUBSCRIPTION_COLUMNS = [
  'id',
  'customer_id',
  'amount_minor',
  'currency',
  'billing_interval',
  'interval_count',
  'anchor_day',
  'next_billing_date',
  'status',
  'last_billed_period',
  'past_due_reason',
  'description',
  'created_at',
  'updated_at',
] as const;

export function subscriptionFromRow(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    customerId: row.customer_id,
    amountMinor: row.amount_minor,
    currency: row.currency,
    interval: row.billing_interval,
    intervalCount: row.interval_count,
    anchorDay: row.anchor_day,
    nextBillingDate: row.next_billing_date,
    status: row.status,
    ...(row.last_billed_period === null ? {} : { lastBilledPeriod: row.last_billed_period }),
    ...(row.past_due_reason === null ? {} : { pastDueReason: row.past_due_reason }),
    ...(row.description === null ? {} : { description: row.description }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function subscriptionToRow(s: Subscription): SubscriptionRow {
  return {
    id: s.id,
    customer_id: s.customerId,
    amount_minor: s.amountMinor,
    currency: s.currency,
    billing_interval: s.interval,
    interval_count: s.intervalCount,
    anchor_day: s.anchorDay,
    next_billing_date: s.nextBillingDate,
    status: s.status,
    last_billed_period: s.lastBilledPeriod ?? null,
    past_due_reason: s.pastDueReason ?? null,
    description: s.description ?? null,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

/** A new subscription record from unvalidated input; `what` names it in errors ("subscription #3"). */
export function newSubscription(input: unknown, what: string, now: string): Subscription {
  const { description, ...p } = parseInput(NewSubscriptionSchema, input, what);
  return {
    ...p,
    anchorDay: dayOfMonth(p.nextBillingDate),
    ...(description === undefined ? {} : { description }),
    createdAt: now,
    updatedAt: now,
  };
}

/** Drops the past-due reason unless the status is past_due. */
function withStatus(s: Subscription, status: SubscriptionStatus, reason?: string): Subscription {
  const { pastDueReason: _old, ...rest } = s;
  return {
    ...rest,
    status,
    ...(status === 'past_due' && reason !== undefined ? { pastDueReason: reason } : {}),
  };
}

/** A change of one subscription: the next record, or undefined when nothing changes. */
export type SubscriptionChange = (current: Subscription) => Subscription | undefined;

/** Validates the input up front, so a bad one fails before any database work. */
export const subscriptionChanges = {
  /** Marks `billedPeriod` billed and moves one interval on; a repeated or stale period changes nothing. */
  advance(id: string, billedPeriod: string): SubscriptionChange {
    const period = parseInput(IsoDateSchema, billedPeriod, 'billed period');
    return (s) => {
      const current = billingPeriodOf(s.nextBillingDate);
      // Already billed, or already moved past it (a late retry): nothing to do.
      if (s.lastBilledPeriod === period || period < current) return undefined;
      if (period > current) {
        throw new InvalidCustomerInputError(
          [{ path: 'billedPeriod', message: `${period} is after the current period ${current}` }],
          `advance of subscription ${id}`,
        );
      }
      const next = advanceByInterval(s.nextBillingDate, s.interval, s.intervalCount, s.anchorDay);
      const status = s.status === 'past_due' ? 'active' : s.status;
      return { ...withStatus(s, status), nextBillingDate: next, lastBilledPeriod: period };
    };
  },

  markPastDue(reason: string): SubscriptionChange {
    const why = parseInput(ReasonSchema, reason, 'past-due reason');
    return (s) => {
      if (s.status === 'cancelled' || s.status === 'paused') return undefined;
      if (s.status === 'past_due' && s.pastDueReason === why) return undefined;
      return withStatus(s, 'past_due', why);
    };
  },

  setStatus(status: SubscriptionStatus): SubscriptionChange {
    const next = parseInput(SubscriptionStatusSchema, status, 'subscription status');
    return (s) => (s.status === next ? undefined : withStatus(s, next, s.pastDueReason));
  },
};
