/**
 * The client API's results and error payloads as zod schemas: the contract other languages read (as JSON Schema,
 * docs/schemas/, `npm run schemas`). The TypeScript types stay the source; a compile-time check below keeps each
 * schema equal to its type, so neither changes alone.
 */
import { z } from 'zod';
import { CURRENCY_EXPONENTS } from '../money.js';
import type {
  ChargeFlag,
  ChargeResult,
  ExtraDebit,
  GatewayErrorInfo,
  OpenOperation,
} from '../contract/domain.js';
import type { ChargeStatusView } from './payments-client.js';
import type {
  BillingProgress,
  BillingRunResult,
  ChargeEventRecord,
  ChargeFollowUpState,
  ChargeState,
  RegisterResult,
} from '../contract/messages.js';

const currency = z.enum(Object.keys(CURRENCY_EXPONENTS) as [keyof typeof CURRENCY_EXPONENTS]);
const minor = z.number().int();
const outcome = z.enum(['succeeded', 'declined', 'failed', 'needs-action']);

export const GatewayErrorInfoSchema = z.object({
  code: z.number().int(),
  message: z.string(),
  adapterCode: z.string().optional(),
  decline: z.enum(['soft', 'hard']).optional(),
  transient: z.boolean().optional(),
  uncertain: z.boolean().optional(),
  unknownCode: z.boolean().optional(),
});

export const ExtraDebitSchema = z.object({
  merchantTransactionId: z.string(),
  uuid: z.string().optional(),
  amountMinor: minor,
  reversal: z.enum(['refund', 'void']),
  reversalMerchantTransactionId: z.string(),
  reversed: z.boolean(),
  error: GatewayErrorInfoSchema.optional(),
});

export const ChargeFlagSchema = z.enum([
  'double-debit-reversed',
  'double-debit-unreversed',
  'succeeded-late',
  'charged-back',
  'chargeback-reversed',
  'refunded-in-back-office',
  'currency-mismatch',
]);

export const OpenOperationSchema = z.object({
  kind: z.enum(['capture', 'void', 'refund']),
  merchantTransactionId: z.string(),
  amountMinor: minor.optional(),
});

export const ChargeResultSchema = z.object({
  chargeId: z.string(),
  status: outcome,
  amountMinor: minor,
  currency,
  attempts: z.number().int(),
  merchantTransactionId: z.string().optional(),
  uuid: z.string().optional(),
  purchaseId: z.string().optional(),
  paymentToken: z.string().optional(),
  error: GatewayErrorInfoSchema.optional(),
  reason: z.string().optional(),
  redirectUrl: z.string().optional(),
  captured: z.boolean().optional(),
  voided: z.boolean().optional(),
  refundedMinor: minor.optional(),
  extraDebits: z.array(ExtraDebitSchema).optional(),
  flags: z.array(ChargeFlagSchema).optional(),
  openOperation: OpenOperationSchema.optional(),
  refundedInBackOfficeMinor: minor.optional(),
});

export const ChargeStateSchema = z.object({
  chargeId: z.string(),
  phase: z.enum([
    'authenticating',
    'fetching-profile',
    'charging',
    'awaiting-callback',
    'needs-action',
    'in-dunning',
    'outcome-unknown',
    'authorized',
    'settled',
    'done',
  ]),
  attempt: z.number().int(),
  merchantTransactionId: z.string().optional(),
  uuid: z.string().optional(),
  redirectUrl: z.string().optional(),
  paymentToken: z.string().optional(),
  nextAttemptAt: z.string().optional(),
  result: ChargeResultSchema.optional(),
  callbacksSeen: z.number().int(),
});

export const RegisterResultSchema = z.object({
  registrationId: z.string(),
  customerId: z.string(),
  status: outcome,
  profileGuid: z.string().optional(),
  paymentToken: z.string().optional(),
  uuid: z.string().optional(),
  error: GatewayErrorInfoSchema.optional(),
  reason: z.string().optional(),
  redirectUrl: z.string().optional(),
  reversal: ExtraDebitSchema.optional(),
});

const afterTheFact = z.enum([
  'succeeded-late',
  'charged-back',
  'chargeback-reversed',
  'refunded',
  'partially-refunded',
]);

export const ChargeEventRecordSchema = z.object({
  kind: z.enum([
    'late-success',
    'extra-debit',
    'chargeback',
    'chargeback-reversal',
    'back-office-refund',
    'late-operation',
    'reversal-settled',
  ]),
  merchantTransactionId: z.string(),
  uuid: z.string(),
  amountMinor: minor.optional(),
  reason: z.string().optional(),
  recordedAt: z.string(),
});

export const ChargeFollowUpStateSchema = z.object({
  chargeId: z.string(),
  status: z.union([outcome, afterTheFact]),
  originalStatus: outcome.optional(),
  flags: z.array(ChargeFlagSchema),
  events: z.array(ChargeEventRecordSchema),
  chargedBackMinor: minor,
  refundedMinor: minor,
  lateSuccess: z.object({ merchantTransactionId: z.string(), uuid: z.string() }).optional(),
  extraDebits: z.array(ExtraDebitSchema),
  billingCorrected: z.number().int(),
  facts: z
    .object({
      chargebacks: z.record(z.string(), minor),
      reversals: z.record(
        z.string(),
        z.object({ chargebackUuid: z.string().optional(), amountMinor: minor }),
      ),
      refunds: z.record(z.string(), minor),
    })
    .optional(),
  billingStatus: z.string().optional(),
  openOperationSettled: z.enum(['succeeded', 'failed']).optional(),
  refundedAfterCloseMinor: minor.optional(),
  capturedAfterCloseMinor: minor.optional(),
  voidedAfterClose: z.boolean().optional(),
  reversalsSettled: z.array(z.string()).optional(),
});

export const ChargeStatusViewSchema = z.object({
  chargeId: z.string(),
  workflowId: z.string(),
  workflowStatus: z.string(),
  state: ChargeStateSchema.optional(),
  result: ChargeResultSchema.optional(),
  status: z.union([outcome, afterTheFact]).optional(),
  followUp: ChargeFollowUpStateSchema.optional(),
});

const amounts = z.record(z.string(), minor);

export const BillingProgressSchema = z.object({
  runId: z.string(),
  billingDate: z.string(),
  phase: z.enum(['paging', 'charging', 'awaiting-dunning', 'reporting', 'done']),
  scheduled: z.number().int(),
  done: z.number().int(),
  succeeded: z.number().int(),
  declined: z.number().int(),
  failed: z.number().int(),
  needsAction: z.number().int(),
  inDunning: z.number().int(),
  inFlight: z.number().int(),
  alreadyBilled: z.number().int(),
  continuedAsNew: z.number().int(),
  amountsScheduled: amounts,
  amountsSucceeded: amounts,
  amountsAlreadyBilled: amounts,
  pagesExhausted: z.boolean(),
});

export const BillingRunResultSchema = BillingProgressSchema.extend({
  report: z.object({ json: z.string(), csv: z.string() }).optional(),
});

/** capture and refund take an amount in minor units (capture: all of it when absent). */
export const CaptureRequestSchema = z.object({ amountMinor: minor.positive().optional() });
export const RefundRequestSchema = z.object({ amountMinor: minor.positive() });

/** What each error the client API throws carries besides its message. */
export const InvalidRequestErrorSchema = z.object({
  name: z.literal('InvalidRequestError'),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});
export const IdempotencyConflictErrorSchema = z.object({
  name: z.literal('IdempotencyConflictError'),
  message: z.string(),
  workflowId: z.string(),
  /** The fields that differ from the charge already under this id (values are not echoed). */
  differences: z.array(z.enum(['customerId', 'amountMinor', 'currency', 'mode'])),
});
export const UnknownCustomerErrorSchema = z.object({
  name: z.literal('UnknownCustomerError'),
  message: z.string(),
  customerId: z.string(),
});

/** Deeply writable, so a readonly type and a schema's output compare by shape alone. */
type Writable<T> = T extends readonly (infer U)[]
  ? Writable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;
type Same<A, B> = [Writable<A>] extends [Writable<B>]
  ? [Writable<B>] extends [Writable<A>]
    ? true
    : false
  : false;

/** Fails to compile when a schema and its type part ways. */
export const SCHEMAS_MATCH_TYPES: [
  Same<z.output<typeof GatewayErrorInfoSchema>, GatewayErrorInfo>,
  Same<z.output<typeof ExtraDebitSchema>, ExtraDebit>,
  Same<z.output<typeof ChargeFlagSchema>, ChargeFlag>,
  Same<z.output<typeof OpenOperationSchema>, OpenOperation>,
  Same<z.output<typeof ChargeResultSchema>, ChargeResult>,
  Same<z.output<typeof ChargeStateSchema>, ChargeState>,
  Same<z.output<typeof RegisterResultSchema>, RegisterResult>,
  Same<z.output<typeof ChargeEventRecordSchema>, ChargeEventRecord>,
  Same<z.output<typeof ChargeFollowUpStateSchema>, ChargeFollowUpState>,
  Same<z.output<typeof ChargeStatusViewSchema>, ChargeStatusView>,
  Same<z.output<typeof BillingProgressSchema>, BillingProgress>,
  Same<z.output<typeof BillingRunResultSchema>, BillingRunResult>,
] = [true, true, true, true, true, true, true, true, true, true, true, true];
