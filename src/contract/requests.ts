/**
 * Strict schemas for what backend services ask of the pipeline. Checked before anything starts, so malformed
 * amounts, unknown currencies or bad ids never reach Temporal or the gateway.
 */
import { z } from 'zod';
import { BILLING_CHARGE_ID, BUSINESS_ID } from '../ids.js';
import { CURRENCY_EXPONENTS, isCurrency } from '../money.js';
import type { BillingRunInput, ChargeInput, GatewayCallMode, RegisterInput } from './messages.js';

const businessId = z
  .string()
  .regex(BUSINESS_ID, 'must be 1-40 characters of A-Z a-z 0-9 _ - (not starting with _ or -)');
const currency = z
  .string()
  .refine(isCurrency, 'unknown ISO 4217 currency')
  .meta({ description: 'ISO 4217 currency code', enum: Object.keys(CURRENCY_EXPONENTS) });
const minor = z
  .number()
  .int('must be an integer number of minor units')
  .positive()
  .max(Number.MAX_SAFE_INTEGER);
const seconds = z.number().int().nonnegative();
/** A wait: at least a second (0 would poll the status API in a tight loop). */
const waitSeconds = z.number().int().min(1, 'must be at least 1 second');
const gatewayCalls = z.enum(['activities', 'local'] as const satisfies readonly GatewayCallMode[]);

export const ChargeRequestSchema = z
  .strictObject({
    chargeId: businessId.refine(
      (id) => !BILLING_CHARGE_ID.test(id),
      'must not end in _YYYY-MM-DD: that shape is reserved for billing-run charges',
    ),
    customerId: businessId,
    amountMinor: minor,
    currency,
    initiator: z.enum(['customer', 'merchant']),
    sessionProof: z.string().min(1).max(512).optional(),
    paymentToken: z
      .string()
      .regex(/^pt::[A-Za-z0-9]+$/, 'must be a stored paymentToken (pt::…)')
      .optional(),
    recurring: z.boolean().optional(),
    mode: z.enum(['debit', 'preauthorize']).optional(),
    description: z.string().max(255).optional(),
    callbackWaitSeconds: waitSeconds.optional(),
    maxWaitSeconds: waitSeconds.optional(),
    transientRetries: z.number().int().min(0).max(10).optional(),
    dunning: z.strictObject({ retryDelaysSeconds: z.array(seconds).max(12) }).optional(),
    refundWindowSeconds: seconds.optional(),
    authorizationHoldSeconds: seconds.optional(),
    gatewayCalls: gatewayCalls.optional(),
  })
  .refine((r) => r.initiator === 'merchant' || r.sessionProof !== undefined, {
    message: 'customer-initiated charges need a sessionProof',
    path: ['sessionProof'],
  })
  .refine((r) => r.initiator === 'customer' || r.sessionProof === undefined, {
    message: 'merchant-initiated charges carry no sessionProof',
    path: ['sessionProof'],
  });

export type ChargeRequest = z.input<typeof ChargeRequestSchema>;

export const RegisterRequestSchema = z
  .strictObject({
    registrationId: businessId,
    customerId: businessId,
    kind: z.enum(['debit', 'preauthorize', 'register']).default('debit'),
    amountMinor: minor.optional(),
    currency: currency.optional(),
    transactionToken: z.string().min(1).max(256).optional(),
    markAsPreferred: z.boolean().optional(),
    description: z.string().max(255).optional(),
    callbackWaitSeconds: waitSeconds.optional(),
    maxWaitSeconds: waitSeconds.optional(),
  })
  .refine((r) => r.kind === 'register' || (r.amountMinor !== undefined && r.currency !== undefined), {
    message: 'a debit or preauthorize needs amountMinor and currency',
    path: ['amountMinor'],
  });

export type RegisterRequest = z.input<typeof RegisterRequestSchema>;

export const BillingRunRequestSchema = z.strictObject({
  runId: businessId,
  billingDate: z.iso.date(),
  filters: z
    .strictObject({ currency: currency.optional(), customerIds: z.array(businessId).optional() })
    .optional(),
  concurrency: z.number().int().min(1).max(2000).optional(),
  pageSize: z.number().int().min(1).max(5000).optional(),
  childrenPerRun: z.number().int().min(1).max(2000).optional(),
  dunningDelaysSeconds: z.array(seconds).max(12).optional(),
  callbackWaitSeconds: waitSeconds.optional(),
  childGatewayCalls: gatewayCalls.optional(),
  childCheckSeconds: z.number().int().min(1).max(86_400).optional(),
});

export type BillingRunRequest = z.input<typeof BillingRunRequestSchema>;

/** Names one existing charge (status, capture, void, refund from outside TypeScript: the Nexus service). */
export const ChargeRefSchema = z.strictObject({ chargeId: businessId });

const idempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be 1-100 characters of letters, digits, _ . : -');

export const CaptureRequestSchema = z.strictObject({
  chargeId: businessId,
  amountMinor: minor.optional(),
  idempotencyKey: idempotencyKey.optional(),
});

export const RefundRequestSchema = z.strictObject({
  chargeId: businessId,
  amountMinor: minor,
  idempotencyKey: idempotencyKey.optional(),
});

export type ChargeRef = z.input<typeof ChargeRefSchema>;
export type CaptureRequest = z.input<typeof CaptureRequestSchema>;
export type RefundRequest = z.input<typeof RefundRequestSchema>;

/** A request failed validation; nothing was started. */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
  constructor(readonly issues: readonly { readonly path: string; readonly message: string }[]) {
    super(`invalid request: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

/**
 * A chargeId (or other business id) reused with different parameters: the first request owns the id, nothing
 * new starts. `differences` names each field that differs (values are not echoed: they may be personal data).
 */
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
  constructor(
    readonly workflowId: string,
    readonly differences: readonly string[],
  ) {
    super(`${workflowId} already exists with different ${differences.join(', ')}`);
  }
}

export function parseRequest<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidRequestError(
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

/*
 * Compile-time pins between what a starter may ask (these schemas) and what the workflows take (messages.ts):
 * every request field is an input field of the same type, and every input field is a request field except
 * those only the pipeline sets. Adding a field to one side alone fails `npm run typecheck`.
 */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Pinned<T extends true> = T;
type Fits<Parsed, Input> =
  Same<keyof Parsed, keyof Input> extends true ? (Parsed extends Input ? true : false) : false;
export type RequestPins = [
  Pinned<Fits<z.output<typeof ChargeRequestSchema>, Omit<ChargeInput, 'reportTo' | 'billing'>>>,
  Pinned<Fits<z.output<typeof RegisterRequestSchema>, RegisterInput>>,
  Pinned<Fits<z.output<typeof BillingRunRequestSchema>, Omit<BillingRunInput, 'scheduleId'>>>,
];
