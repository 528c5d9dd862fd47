/**
 * A charge's (or registration's) final outcome, kept for the whole chargeback window independent of Temporal's
 * retention: its memo facts, its result, the adopted attempt and the extra debits it reversed. Written once
 * when the charge closes (a repeat replaces it with the same facts), read by its follow-up and by chargeStatus.
 */
import { z } from 'zod';
import { parseInput } from './types.js';

export const ChargeOutcomeFlowSchema = z.enum(['charge', 'register']);
export type ChargeOutcomeFlow = z.infer<typeof ChargeOutcomeFlowSchema>;

export const StoredChargeOutcomeSchema = z.strictObject({
  flow: ChargeOutcomeFlowSchema,
  chargeId: z.string().min(1).max(200),
  /** The charge's result and memo as JSON (no card data: results carry ids, amounts and gateway codes). */
  outcome: z.record(z.string(), z.unknown()),
});

export type StoredChargeOutcome = z.infer<typeof StoredChargeOutcomeSchema>;

export const ChargeOutcomeKeySchema = z.strictObject({
  flow: ChargeOutcomeFlowSchema,
  chargeId: z.string().min(1).max(200),
});

export const parseStoredOutcome = (value: unknown): StoredChargeOutcome =>
  parseInput(StoredChargeOutcomeSchema, value, 'charge outcome');
export const parseOutcomeKey = (flow: unknown, chargeId: unknown) =>
  parseInput(ChargeOutcomeKeySchema, { flow, chargeId }, 'charge outcome key');
