/**
 * Keeps a closing charge's final outcome in the customer store, where its follow-up and chargeStatus read it
 * for the whole chargeback window, whatever Temporal's retention. Charges that closed before the patch replay
 * without the call.
 */
import { patched } from '@temporalio/workflow';
import type { ChargeResult } from '../contract/domain.js';
import { outcomes } from './activity-options.js';
import type { ChargeInput } from '../contract/messages.js';
import { chargeMemo } from '../contract/visibility.js';

export const CHARGE_OUTCOME_STORED_PATCH = 'charge-outcome-stored';

export async function keepChargeOutcome(input: ChargeInput, final: ChargeResult): Promise<void> {
  if (!patched(CHARGE_OUTCOME_STORED_PATCH)) return;
  await outcomes.storeChargeOutcome({
    chargeId: input.chargeId,
    result: final,
    memo: chargeMemo(input).charge,
  });
}
