/** Subscription operations of the PostgreSQL store. */
import { DuplicateSubscriptionError, UnknownCustomerError, UnknownSubscriptionError } from './errors.js';
import type { PostgresContext } from './postgres-context.js';
import { postgresTableAccess } from './postgres-table.js';
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

/** Column types for the bulk insert's unnest(), in SUBSCRIPTION_COLUMNS order. */
const COLUMN_TYPES: Record<(typeof SUBSCRIPTION_COLUMNS)[number], string> = {
  id: 'text',
  customer_id: 'text',
  amount_minor: 'bigint',
  currency: 'text',
  billing_interval: 'text',
  interval_count: 'integer',
  anchor_day: 'integer',
  next_billing_date: 'date',
  status: 'text',
  last_billed_period: 'date',
  past_due_reason: 'text',
  description: 'text',
  created_at: 'text',
  updated_at: 'text',
};

/** Rows per INSERT of a bulk add: one array parameter per column, so any batch size is a few statements. */
const INSERT_CHUNK = 5000;

/** WHERE clause of the due query; appends its parameters to `params`. */
function dueWhere(
  q: { billingDate: string; currency?: string | undefined; customerIds?: readonly string[] | undefined },
  params: unknown[],
): string {
  const p = (value: unknown) => `$${params.push(value)}`;
  return [
    `status = 'active' AND next_billing_date <= ${p(q.billingDate)}`,
    q.currency === undefined ? '' : ` AND currency = ${p(q.currency)}`,
    q.customerIds === undefined ? '' : ` AND customer_id = ANY(${p(q.customerIds)}::text[])`,
  ].join('');
}

/** Creates the subscription operations over one pool. */
export function createPostgresSubscriptionOps(ctx: PostgresContext) {
  const { query, transaction, timestamp } = ctx;
  const subscriptions = postgresTableAccess<Subscription, SubscriptionRow>(ctx, {
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
  const INSERT =
    `INSERT INTO subscriptions (${subscriptions.columns}) SELECT * FROM unnest(` +
    SUBSCRIPTION_COLUMNS.map((c, i) => `$${i + 1}::${COLUMN_TYPES[c]}[]`).join(', ') +
    ') ON CONFLICT (id) DO NOTHING RETURNING id';

  /** Inserts all records in one transaction, or none: UnknownCustomerError, DuplicateSubscriptionError. */
  async function insertAll(records: readonly Subscription[]): Promise<void> {
    await transaction(async (tx) => {
      const customerIds = [...new Set(records.map((s) => s.customerId))];
      const { rows } = await tx<{ id: string }>('SELECT id FROM customers WHERE id = ANY($1::text[])', [
        customerIds,
      ]);
      const known = new Set(rows.map((r) => r.id));
      const unknown = records.find((s) => !known.has(s.customerId));
      if (unknown) throw new UnknownCustomerError(unknown.customerId);

      for (let start = 0; start < records.length; start += INSERT_CHUNK) {
        const chunk = records.slice(start, start + INSERT_CHUNK);
        const rowValues = chunk.map(subscriptions.values);
        const columns = SUBSCRIPTION_COLUMNS.map((_, c) => rowValues.map((row) => row[c]));
        const inserted = await tx<{ id: string }>(INSERT, columns);
        if (inserted.rows.length === chunk.length) continue;
        // A taken id, or the same id twice in the input: name the first record that was not inserted.
        const fresh = new Set(inserted.rows.map((r) => r.id));
        const dup = chunk.find((s) => !fresh.delete(s.id));
        throw new DuplicateSubscriptionError(dup?.id ?? chunk[0]!.id);
      }
    });
  }

  return {
    get: subscriptions.get,
    require: subscriptions.require,

    async add(input: unknown): Promise<Subscription> {
      const subscription = newSubscription(input, 'subscription', timestamp());
      await insertAll([subscription]);
      return subscription;
    },

    async addMany(inputs: readonly unknown[]): Promise<number> {
      const now = timestamp();
      const records = inputs.map((input, i) => newSubscription(input, `subscription #${i}`, now));
      if (records.length > 0) await insertAll(records);
      return records.length;
    },

    async list(customerId?: string): Promise<Subscription[]> {
      if (customerId === undefined) {
        return subscriptions.fromRows((await query<SubscriptionRow>(`${SELECT} ORDER BY id`)).rows);
      }
      const id = parseInput(CustomerIdSchema, customerId, 'customer id');
      const { rows } = await query<SubscriptionRow>(`${SELECT} WHERE customer_id = $1 ORDER BY id`, [id]);
      return subscriptions.fromRows(rows);
    },

    async listDue(query_: unknown): Promise<Page<Subscription>> {
      const q = parseInput(DueSubscriptionsQuerySchema, query_, 'due subscription query');
      const params: unknown[] = [];
      const where = dueWhere(q, params);
      const { rows } = await query<SubscriptionRow>(
        `${SELECT} WHERE ${where} AND id > $${params.push(q.afterId ?? '')} ORDER BY id ` +
          `LIMIT $${params.push(q.limit + 1)}`,
        params,
      );
      const items = subscriptions.fromRows(rows.slice(0, q.limit));
      const last = items.at(-1);
      return rows.length > q.limit && last ? { items, nextAfterId: last.id } : { items };
    },

    async countDue(query_: unknown): Promise<number> {
      const q = parseInput(DueCountQuerySchema, query_, 'due subscription query');
      const params: unknown[] = [];
      const { rows } = await query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM subscriptions WHERE ${dueWhere(q, params)}`,
        params,
      );
      return rows[0]?.n ?? 0;
    },

    /**
     * Under the subscription's row lock: two workers advancing the same period take turns, and the second finds
     * lastBilledPeriod already set, so the period is advanced once.
     */
    async advance(id: string, billedPeriod: string): Promise<AdvanceResult> {
      const change = subscriptionChanges.advance(id, billedPeriod);
      let advanced = false;
      const subscription = await mutate(id, (s) => {
        const next = change(s);
        advanced = next !== undefined;
        return next;
      });
      return { subscription, advanced };
    },

    markPastDue: (id: string, reason: string) => mutate(id, subscriptionChanges.markPastDue(reason)),
    setStatus: (id: string, status: SubscriptionStatus) => mutate(id, subscriptionChanges.setStatus(status)),
  };
}
