/** Billing-run report lines in PostgreSQL: what each subscription's charge ended as, for the run's report. */
import type { PostgresContext } from './postgres-context.js';
import type { Page } from './store.js';
import {
  CustomerIdSchema,
  ListRunItemsQuerySchema,
  RunItemSchema,
  parseInput,
  type RunItem,
} from './types.js';

interface RunItemRow {
  charge_id: string;
  subscription_id: string;
  customer_id: string | null;
  period: string;
  status: string;
  amount_minor: number;
  currency: RunItem['currency'];
  past_due: boolean;
  reason: string | null;
}

const COLUMNS =
  'charge_id, subscription_id, customer_id, period, status, amount_minor, currency, past_due, reason';

/** One upsert for a whole batch: a column array each, the run id and time once; a retry replaces the line. */
const UPSERT = `
  INSERT INTO billing_run_items (run_id, recorded_at, ${COLUMNS})
  SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::bigint[],
    $9::text[], $10::boolean[], $11::text[])
  ON CONFLICT (run_id, charge_id) DO UPDATE SET
    subscription_id = excluded.subscription_id, customer_id = excluded.customer_id, period = excluded.period,
    status = excluded.status, amount_minor = excluded.amount_minor, currency = excluded.currency,
    past_due = excluded.past_due, reason = excluded.reason, recorded_at = excluded.recorded_at
  WHERE excluded.status <> 'already-billed' OR billing_run_items.status = 'already-billed'`;

function fromRow(row: RunItemRow): RunItem {
  return {
    chargeId: row.charge_id,
    subscriptionId: row.subscription_id,
    ...(row.customer_id === null ? {} : { customerId: row.customer_id }),
    period: row.period,
    status: row.status,
    amountMinor: row.amount_minor,
    currency: row.currency,
    pastDue: row.past_due,
    ...(row.reason === null ? {} : { reason: row.reason }),
  };
}

/** Creates the billing-run item operations over one pool. */
export function createPostgresRunItemOps(ctx: PostgresContext) {
  const { query, timestamp } = ctx;
  return {
    async record(runId: string, items: readonly unknown[]): Promise<void> {
      const run = parseInput(CustomerIdSchema, runId, 'run id');
      const parsed = items.map((item, i) => parseInput(RunItemSchema, item, `run item #${i}`));
      // One statement may not touch a row twice: the last line per chargeId wins, as with one upsert each.
      const lines = [...new Map(parsed.map((item) => [item.chargeId, item])).values()];
      if (lines.length === 0) return;
      await query(UPSERT, [
        run,
        timestamp(),
        lines.map((i) => i.chargeId),
        lines.map((i) => i.subscriptionId),
        lines.map((i) => i.customerId ?? null),
        lines.map((i) => i.period),
        lines.map((i) => i.status),
        lines.map((i) => i.amountMinor),
        lines.map((i) => i.currency),
        lines.map((i) => i.pastDue),
        lines.map((i) => i.reason ?? null),
      ]);
    },

    async list(runId: string, query_: unknown): Promise<Page<RunItem>> {
      const run = parseInput(CustomerIdSchema, runId, 'run id');
      const { limit, afterId } = parseInput(ListRunItemsQuerySchema, query_, 'run item query');
      const { rows } = await query<RunItemRow>(
        `SELECT ${COLUMNS} FROM billing_run_items WHERE run_id = $1 AND charge_id > $2 ORDER BY charge_id LIMIT $3`,
        [run, afterId ?? '', limit + 1],
      );
      const items = rows.slice(0, limit).map(fromRow);
      const last = items.at(-1);
      return rows.length > limit && last ? { items, nextAfterId: last.chargeId } : { items };
    },
  };
}
