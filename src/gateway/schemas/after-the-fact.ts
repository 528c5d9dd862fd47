/**
 * What chargeback and chargeback-reversal callbacks and status replies carry about the original transaction
 * (field names of the official client's parser). Amounts arrive as decimal strings and are handed out in minor
 * units. All fields optional: a reply is tolerated as it comes; the consumer decides what it cannot route.
 */
import { z } from 'zod';
import { replyWithAmount } from './amount.js';

/** Transaction types of callbacks and status replies (the list is open: the fields stay strings). */
export const GATEWAY_TRANSACTION_TYPES = [
  'DEBIT',
  'CAPTURE',
  'DEREGISTER',
  'PREAUTHORIZE',
  'REFUND',
  'REGISTER',
  'VOID',
  'CHARGEBACK',
  'CHARGEBACK-REVERSAL',
  'PAYOUT',
  'INCREMENTAL-AUTHORIZATION',
] as const;
export type GatewayTransactionType = (typeof GATEWAY_TRANSACTION_TYPES)[number];

/** `chargebackData` of a CHARGEBACK: route it by `originalMerchantTransactionId` (its own uuid is new). */
export const ChargebackData = replyWithAmount({
  originalUuid: z.string().optional(),
  originalMerchantTransactionId: z.string().optional(),
  reason: z.string().optional(),
  chargebackDateTime: z.string().optional(),
});
export type ChargebackData = z.output<typeof ChargebackData>;

/** `chargebackReversalData` of a CHARGEBACK-REVERSAL: the original and the chargeback it reverses. */
export const ChargebackReversalData = replyWithAmount({
  originalUuid: z.string().optional(),
  originalMerchantTransactionId: z.string().optional(),
  chargebackUuid: z.string().optional(),
  reason: z.string().optional(),
  reversalDateTime: z.string().optional(),
});
export type ChargebackReversalData = z.output<typeof ChargebackReversalData>;

/** Wire side of a reply's shape (the nested codecs decode)… */
export const afterTheFactWire = {
  chargebackData: ChargebackData.optional(),
  chargebackReversalData: ChargebackReversalData.optional(),
};

/** …and our side (already minor units: checked, not decoded again). */
export const afterTheFactApi = {
  chargebackData: ChargebackData.out.optional(),
  chargebackReversalData: ChargebackReversalData.out.optional(),
};
