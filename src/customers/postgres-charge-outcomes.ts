/** Final charge outcomes in PostgreSQL (see charge-outcomes.ts). */
import {
  parseOutcomeKey,
  parseStoredOutcome,
  type ChargeOutcomeFlow,
  type StoredChargeOutcome,
} from './charge-outcomes.js';
import type { PostgresContext } from './postgres-context.js';

export function createPostgresChargeOutcomeOps(ctx: PostgresContext) {
  const { query, timestamp } = ctx;
  return {
    async record(input: unknown): Promise<void> {
      const { flow, chargeId, outcome } = parseStoredOutcome(input);
      await query(
        `INSERT INTO charge_outcomes (flow, charge_id, outcome, recorded_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (flow, charge_id) DO UPDATE SET outcome = excluded.outcome, recorded_at = excluded.recorded_at`,
        [flow, chargeId, JSON.stringify(outcome), timestamp()],
      );
    },
    async get(flow: ChargeOutcomeFlow, chargeId: string): Promise<StoredChargeOutcome | undefined> {
      const key = parseOutcomeKey(flow, chargeId);
      const { rows } = await query<{ outcome: Record<string, unknown> }>(
        'SELECT outcome FROM charge_outcomes WHERE flow = $1 AND charge_id = $2',
        [key.flow, key.chargeId],
      );
      const row = rows[0];
      return row ? { ...key, outcome: row.outcome } : undefined;
    },
  };
}
