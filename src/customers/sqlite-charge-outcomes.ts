/** Final charge outcomes in SQLite (see charge-outcomes.ts). */
import {
  parseOutcomeKey,
  parseStoredOutcome,
  type ChargeOutcomeFlow,
  type StoredChargeOutcome,
} from './charge-outcomes.js';
import type { SqliteContext } from './sqlite-context.js';

export function createChargeOutcomeOps(ctx: SqliteContext) {
  const { statement, timestamp } = ctx;
  return {
    record(input: unknown): void {
      const { flow, chargeId, outcome } = parseStoredOutcome(input);
      statement<[string, string, string, string]>(
        'INSERT OR REPLACE INTO charge_outcomes (flow, charge_id, outcome, recorded_at) VALUES (?, ?, ?, ?)',
      ).run(flow, chargeId, JSON.stringify(outcome), timestamp());
    },
    get(flow: ChargeOutcomeFlow, chargeId: string): StoredChargeOutcome | undefined {
      const key = parseOutcomeKey(flow, chargeId);
      const row = statement<[string, string], { outcome: string }>(
        'SELECT outcome FROM charge_outcomes WHERE flow = ? AND charge_id = ?',
      ).get(key.flow, key.chargeId);
      return row ? { ...key, outcome: JSON.parse(row.outcome) as Record<string, unknown> } : undefined;
    },
  };
}
