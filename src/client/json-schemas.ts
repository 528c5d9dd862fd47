/**
 * JSON Schemas (draft 2020-12) of every request, result and error payload of the client API, from the zod
 * schemas: what a backend in another language validates against. `npm run schemas` writes them to docs/schemas/;
 * a unit test fails when the files there are stale.
 */
import { z } from 'zod';
import { BillingRunRequestSchema, ChargeRequestSchema, RegisterRequestSchema } from '../contract/requests.js';
import {
  BillingProgressSchema,
  BillingRunResultSchema,
  CaptureRequestSchema,
  ChargeResultSchema,
  ChargeStateSchema,
  ChargeStatusViewSchema,
  IdempotencyConflictErrorSchema,
  InvalidRequestErrorSchema,
  RefundRequestSchema,
  RegisterResultSchema,
  UnknownCustomerErrorSchema,
} from './result-schemas.js';

/**
 * File name (without .json) → schema, whether it is read as a caller writes it (`input`: defaults optional) or as
 * sent (`output`), and what the schema alone cannot say (cross-field rules).
 */
const CONTRACTS = {
  'charge-request': [
    ChargeRequestSchema,
    'input',
    'PaymentsClient.startCharge / chargeAndWait. Customer-initiated charges (initiator "customer") need a ' +
      'sessionProof, merchant-initiated ones carry none. chargeId names the charge (e.g. an order id): the same ' +
      'chargeId with the same parameters attaches to the first charge; with another customerId, amountMinor, ' +
      'currency or mode it is an IdempotencyConflictError. It must not end in _YYYY-MM-DD (billing-run charges).',
  ],
  'register-request': [
    RegisterRequestSchema,
    'input',
    'PaymentsClient.startRegistration / registerCustomer: a first purchase that stores the card in the ' +
      "customer's profile. A debit or preauthorize needs amountMinor and currency.",
  ],
  'billing-run-request': [BillingRunRequestSchema, 'input', 'PaymentsClient.startBillingRun.'],
  'capture-request': [
    CaptureRequestSchema,
    'input',
    'ChargeHandle.capture: the whole authorization when absent.',
  ],
  'refund-request': [RefundRequestSchema, 'input', 'ChargeHandle.refund.'],
  'charge-result': [
    ChargeResultSchema,
    'output',
    "A charge's result; capture, void and refund answer with it too.",
  ],
  'charge-state': [ChargeStateSchema, 'output', 'ChargeHandle.state: a running charge.'],
  'charge-status': [ChargeStatusViewSchema, 'output', 'PaymentsClient.chargeStatus.'],
  'register-result': [RegisterResultSchema, 'output', 'PaymentsClient.registerCustomer.'],
  'billing-progress': [BillingProgressSchema, 'output', 'PaymentsClient.billingProgress.'],
  'billing-run-result': [BillingRunResultSchema, 'output', 'PaymentsClient.billingResult.'],
  'invalid-request-error': [
    InvalidRequestErrorSchema,
    'output',
    'A request failed validation; nothing was started.',
  ],
  'idempotency-conflict-error': [
    IdempotencyConflictErrorSchema,
    'output',
    'The chargeId already names a charge with other parameters; nothing new was started.',
  ],
  'unknown-customer-error': [
    UnknownCustomerErrorSchema,
    'output',
    'The customer is not in the store; nothing was started.',
  ],
} as const satisfies Record<string, readonly [z.ZodType, 'input' | 'output', string]>;

export type ContractName = keyof typeof CONTRACTS;

/** Each contract's JSON Schema, titled with its name. */
export function contractJsonSchemas(): Record<ContractName, Record<string, unknown>> {
  const entries = Object.entries(CONTRACTS).map(([name, [schema, io, description]]) => {
    const json: Record<string, unknown> = z.toJSONSchema(schema as z.ZodType, { io, unrepresentable: 'any' });
    return [name, { title: name, description, ...json }];
  });
  return Object.fromEntries(entries) as Partial<Record<string, Record<string, unknown>>> as Record<
    ContractName,
    Record<string, unknown>
  >;
}

/** The text of docs/schemas/<name>.json. */
export function contractJsonText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
