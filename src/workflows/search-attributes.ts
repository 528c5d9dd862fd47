/** Search attributes of a charge, set when it starts so the Web UI filters by customer, amount and currency. */
import type { SearchAttributes } from '@temporalio/common';
import type { ChargeInput, ChargeMemo } from './messages.js';

export function chargeSearchAttributes(input: ChargeInput): SearchAttributes {
  return {
    CustomerId: [input.customerId],
    AmountMinor: [input.amountMinor],
    Currency: [input.currency],
    ChargeStatus: ['started'],
    ...(input.billing ? { BillingRunId: [input.billing.runId] } : {}),
  };
}

/** The memo every charge carries from its start (see ChargeMemo). */
export function chargeMemo(input: ChargeInput): { charge: ChargeMemo } {
  return {
    charge: {
      customerId: input.customerId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      mode: input.mode ?? 'debit',
      initiator: input.initiator,
      ...(input.billing ? { billing: input.billing } : {}),
    },
  };
}
