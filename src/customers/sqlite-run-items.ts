/** Billing-run report lines in SQLite: what each subscription's charge ended as, for the run's report. */
import type { SqliteContext } from './sqlite-context.js';
import type { Page } from './store.js';
import {
  CustomerIdSchema,
  ListRunItemsQuerySchema,
  RunItemSchema,
  parseInput,
  type RunItem,
} from './types.js';

interface RunItemRow {
  run_id: string;
  charge_id: string;
  subscription_id: string;
  customer_id: string | null;
  period: string;
  status: string;
  amount_minor: number;
  currency: RunItem['currency'];
  past_due: number;
  reason: string | null;
  recorded_at: string;
}

const COLUMNS =
  'run_id, charge_id, subscription_id, customer_id, period, status, amount_minor, currency, past_due, reason, ' +
  'recorded_at';

/**
 * A repeat replaces a line, except that "already-billed" (a second run of the same id found the charge started)
 * never overwrites what the first run recorded: the report keeps what the charge did.
 */
const KEEP_WHAT_WAS_BILLED = `ON CONFLICT (run_id, charge_id) DO UPDATE SET
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
    pastDue: row.past_due === 1,
    ...(row.reason === null ? {} : { reason: row.reason }),
  };
}

/** Creates the billing-run item operations over one connection. */
export function createRunItemOps(ctx: SqliteContext) {
  const { statement, write, timestamp } = ctx;
  return {
    record(runId: string, items: readonly unknown[]): void {
      const run = parseInput(CustomerIdSchema, runId, 'run id');
      const parsed = items.map((item, i) => parseInput(RunItemSchema, item, `run item #${i}`));
      const now = timestamp();
      const upsert = statement<[RunItemRow]>(
        `INSERT INTO billing_run_items (${COLUMNS}) VALUES (${COLUMNS.split(', ')
          .map((c) => `@${c}`)
          .join(', ')}) ${KEEP_WHAT_WAS_BILLED}`,
      );
      write(() => {
        for (const item of parsed) {
          upsert.run({
            run_id: run,
            charge_id: item.chargeId,
            subscription_id: item.subscriptionId,
            customer_id: item.customerId ?? null,
            period: item.period,
            status: item.status,
            amount_minor: item.amountMinor,
            currency: item.currency,
            past_due: item.pastDue ? 1 : 0,
            reason: item.reason ?? null,
            recorded_at: now,
          });
        }
      });
    },

    list(runId: string, query: unknown): Page<RunItem> {
      const run = parseInput(CustomerIdSchema, runId, 'run id');
      const { limit, afterId } = parseInput(ListRunItemsQuerySchema, query, 'run item query');
      const rows = statement<[string, string, number], RunItemRow>(
        `SELECT ${COLUMNS} FROM billing_run_items WHERE run_id = ? AND charge_id > ? ORDER BY charge_id LIMIT ?`,
      ).all(run, afterId ?? '', limit + 1);
      const items = rows.slice(0, limit).map(fromRow);
      const last = items.at(-1);
      return rows.length > limit && last ? { items, nextAfterId: last.chargeId } : { items };
    },
  };
}
