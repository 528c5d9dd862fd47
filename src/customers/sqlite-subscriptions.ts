/** Subscription operations of the SQLite store (synchronous; sqlite-store.ts wraps them in promises). */
import Database from 'better-sqlite3';
import { DuplicateSubscriptionError, UnknownCustomerError, UnknownSubscriptionError } from './errors.js';
import type { SqliteContext } from './sqlite-context.js';
import { tableAccess } from './sqlite-table.js';
import type { AdvanceResult, Page } from './store.js';
import {
  SUBSCRIPTION_COLUMNS,
  newSubscription,
  subscriptionChanges,
  subscriptionFromRow,
  subscriptionToRow,
  type SubscriptionRow,
} from './subscription-records.js';
import {
  CustomerIdSchema,
  DueCountQuerySchema,
  DueSubscriptionsQuerySchema,
  SubscriptionIdSchema,
  parseInput,
  type Subscription,
  type SubscriptionStatus,
} from './types.js';

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
    columns: SUBSCRIPTION_COLUMNS,
    idSchema: SubscriptionIdSchema,
    idName: 'subscription id',
    fromRow: subscriptionFromRow,
    toRow: subscriptionToRow,
    unknownId: (id) => new UnknownSubscriptionError(id),
  });
  const { mutate } = subscriptions;
  const SELECT = `SELECT ${subscriptions.columns} FROM subscriptions`;
  const customerExists = () =>
    statement<[string], { one: number }>('SELECT 1 AS one FROM customers WHERE id = ?');

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
      const subscription = newSubscription(input, 'subscription', timestamp());
      insertAll([subscription]);
      return subscription;
    },

    addMany(inputs: readonly unknown[]): number {
      const now = timestamp();
      const records = inputs.map((input, i) => newSubscription(input, `subscription #${i}`, now));
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
      const change = subscriptionChanges.advance(id, billedPeriod);
      let advanced = false;
      const subscription = mutate(id, (s) => {
        const next = change(s);
        advanced = next !== undefined;
        return next;
      });
      return { subscription, advanced };
    },

    markPastDue(id: string, reason: string): Subscription {
      return mutate(id, subscriptionChanges.markPastDue(reason));
    },

    setStatus(id: string, status: SubscriptionStatus): Subscription {
      return mutate(id, subscriptionChanges.setStatus(status));
    },
  };
}
