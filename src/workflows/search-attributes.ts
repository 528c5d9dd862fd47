/** Search attributes of a charge, set when it starts so the Web UI filters by customer, amount and currency. */
import type { SearchAttributes } from '@temporalio/common';
import type { ChargeInput } from './messages.js';

export function chargeSearchAttributes(input: ChargeInput): SearchAttributes {
  return {
    CustomerId: [input.customerId],
    AmountMinor: [input.amountMinor],
    Currency: [input.currency],
    ChargeStatus: ['started'],
    ...(input.billing ? { BillingRunId: [input.billing.runId] } : {}),
  };
}
