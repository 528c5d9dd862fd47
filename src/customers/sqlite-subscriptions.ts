/** Subscription operations of the SQLite store (synchronous; sqlite-store.ts wraps them in promises). */
import Database from 'better-sqlite3';
import { advanceByInterval, billingPeriodOf, dayOfMonth } from './billing-dates.js';
import {
  DuplicateSubscriptionError,
  InvalidCustomerInputError,
  UnknownCustomerError,
  UnknownSubscriptionError,
} from './errors.js';
import type { SqliteContext } from './sqlite-context.js';
import { tableAccess } from './sqlite-table.js';
import type { AdvanceResult, Page } from './store.js';
import {
  CustomerIdSchema,
  DueCountQuerySchema,
  DueSubscriptionsQuerySchema,
  IsoDateSchema,
  NewSubscriptionSchema,
  ReasonSchema,
  SubscriptionIdSchema,
  SubscriptionStatusSchema,
  parseInput,
  type Subscription,
  type SubscriptionStatus,
} from './types.js';

interface SubscriptionRow {
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

const COLUMNS = [
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

function fromRow(row: SubscriptionRow): Subscription {
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

function toRow(s: Subscription): SubscriptionRow {
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

/** Drops the past-due reason unless the status is past_due. */
function withStatus(s: Subscription, status: SubscriptionStatus, reason?: string): Subscription {
  const { pastDueReason: _old, ...rest } = s;
  return {
    ...rest,
    status,
    ...(status === 'past_due' && reason !== undefined ? { pastDueReason: reason } : {}),
  };
}

/** WHERE clause of the due query; filters are added only when given, each variant prepared once. */
function dueWhere(q: { currency?: unknown; customerIds?: unknown }): string {
  return [
    "status = 'active' AND next_billing_date <= @billingDate",
    q.currency === undefined ? '' : ' AND currency = @currency',
    q.customerIds === undefined ? '' : ' AND customer_id IN (SELECT value FROM json_each(@customerIds))',
  ].join('');
}

/** Creates the subscription operations over one connection. */
export function createSubscriptionOps(ctx: SqliteContext) {
  const { statement, write, timestamp } = ctx;
  const subscriptions = tableAccess<Subscription, SubscriptionRow>(ctx, {
    table: 'subscriptions',
    columns: COLUMNS,
    idSchema: SubscriptionIdSchema,
    idName: 'subscription id',
    fromRow,
    toRow,
    unknownId: (id) => new UnknownSubscriptionError(id),
  });
  const { mutate } = subscriptions;
  const SELECT = `SELECT ${subscriptions.columns} FROM subscriptions`;
  const customerExists = () =>
    statement<[string], { one: number }>('SELECT 1 AS one FROM customers WHERE id = ?');

  function build(input: unknown, what: string, now: string): Subscription {
    const { description, ...p } = parseInput(NewSubscriptionSchema, input, what);
    return {
      ...p,
      anchorDay: dayOfMonth(p.nextBillingDate),
      ...(description === undefined ? {} : { description }),
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Inserts inside one transaction; `known` caches customer ids already checked. */
  function insertAll(records: readonly Subscription[]): void {
    const exists = customerExists();
    const known = new Set<string>();
    write(() => {
      for (const s of records) {
        if (!known.has(s.customerId)) {
          if (!exists.get(s.customerId)) throw new UnknownCustomerError(s.customerId);
          known.add(s.customerId);
        }
        try {
          subscriptions.insert(s);
        } catch (err) {
          if (err instanceof Database.SqliteError && err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
            throw new DuplicateSubscriptionError(s.id);
          }
          throw err;
        }
      }
    });
  }

  return {
    get: subscriptions.get,
    require: subscriptions.require,

    add(input: unknown): Subscription {
      const subscription = build(input, 'subscription', timestamp());
      insertAll([subscription]);
      return subscription;
    },

    addMany(inputs: readonly unknown[]): number {
      const now = timestamp();
      const records = inputs.map((input, i) => build(input, `subscription #${i}`, now));
      insertAll(records);
      return records.length;
    },

    list(customerId?: string): Subscription[] {
      if (customerId === undefined) {
        return subscriptions.fromRows(statement<[], SubscriptionRow>(`${SELECT} ORDER BY id`).all());
      }
      const id = parseInput(CustomerIdSchema, customerId, 'customer id');
      return subscriptions.fromRows(
        statement<[string], SubscriptionRow>(`${SELECT} WHERE customer_id = ? ORDER BY id`).all(id),
      );
    },

    listDue(query: unknown): Page<Subscription> {
      const q = parseInput(DueSubscriptionsQuerySchema, query, 'due subscription query');
      const rows = statement<[object], SubscriptionRow>(
        `${SELECT} WHERE ${dueWhere(q)} AND id > @afterId ORDER BY id LIMIT @limit`,
      ).all({
        billingDate: q.billingDate,
        afterId: q.afterId ?? '',
        limit: q.limit + 1,
        ...(q.currency === undefined ? {} : { currency: q.currency }),
        ...(q.customerIds === undefined ? {} : { customerIds: JSON.stringify(q.customerIds) }),
      });
      const items = subscriptions.fromRows(rows.slice(0, q.limit));
      const last = items.at(-1);
      return rows.length > q.limit && last ? { items, nextAfterId: last.id } : { items };
    },

    countDue(query: unknown): number {
      const q = parseInput(DueCountQuerySchema, query, 'due subscription query');
      const row = statement<[object], { n: number }>(
        `SELECT COUNT(*) AS n FROM subscriptions WHERE ${dueWhere(q)}`,
      ).get({
        billingDate: q.billingDate,
        ...(q.currency === undefined ? {} : { currency: q.currency }),
        ...(q.customerIds === undefined ? {} : { customerIds: JSON.stringify(q.customerIds) }),
      });
      return row?.n ?? 0;
    },

    advance(id: string, billedPeriod: string): AdvanceResult {
      const period = parseInput(IsoDateSchema, billedPeriod, 'billed period');
      let advanced = false;
      const subscription = mutate(id, (s) => {
        const current = billingPeriodOf(s.nextBillingDate);
        // Already billed, or already moved past it (a late retry): nothing to do.
        if (s.lastBilledPeriod === period || period < current) return undefined;
        if (period > current) {
          throw new InvalidCustomerInputError(
            [{ path: 'billedPeriod', message: `${period} is after the current period ${current}` }],
            `advance of subscription ${id}`,
          );
        }
        advanced = true;
        const next = advanceByInterval(s.nextBillingDate, s.interval, s.intervalCount, s.anchorDay);
        const status = s.status === 'past_due' ? 'active' : s.status;
        return { ...withStatus(s, status), nextBillingDate: next, lastBilledPeriod: period };
      });
      return { subscription, advanced };
    },

    markPastDue(id: string, reason: string): Subscription {
      const why = parseInput(ReasonSchema, reason, 'past-due reason');
      return mutate(id, (s) => {
        if (s.status === 'cancelled' || s.status === 'paused') return undefined;
        if (s.status === 'past_due' && s.pastDueReason === why) return undefined;
        return withStatus(s, 'past_due', why);
      });
    },

    setStatus(id: string, status: SubscriptionStatus): Subscription {
      const next = parseInput(SubscriptionStatusSchema, status, 'subscription status');
      return mutate(id, (s) => (s.status === next ? undefined : withStatus(s, next, s.pastDueReason)));
    },
  };
}
