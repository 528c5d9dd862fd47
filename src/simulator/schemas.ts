/**
 * Request schemas as the gateway validates them, written independently of the client's schemas. Unknown extra
 * fields are ignored; `null` values count as absent (the official client leaves them out anyway).
 */
import { z } from 'zod';

const id50 = z.string().min(1).max(50);
const url = z.url().max(512);
const amount = z.string().regex(/^\d+(\.\d{1,3})?$/, "must be a decimal string like '9.99'");
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code');

const cardData = z.object({
  cardHolder: z.string().min(1).max(100),
  pan: z.string().min(12).max(23),
  cvv: z
    .string()
    .regex(/^\d{3,4}$/)
    .optional(),
  expirationMonth: z.coerce.number().int().min(1).max(12),
  expirationYear: z.coerce.number().int().min(0).max(9999),
});
export type CardDataInput = z.infer<typeof cardData>;

const customerProfileData = z.object({
  profileGuid: z.string().min(1).max(64).optional(),
  customerIdentification: z.string().min(1).max(64).optional(),
  markAsPreferred: z.boolean().optional(),
});

const common = {
  merchantTransactionId: id50,
  additionalId1: id50.optional(),
  additionalId2: id50.optional(),
  extraData: z.record(z.string(), z.string()).optional(),
  merchantMetaData: z.string().max(255).optional(),
  callbackUrl: url.optional(),
  successUrl: url.optional(),
  cancelUrl: url.optional(),
  errorUrl: url.optional(),
  description: z.string().max(255).optional(),
  language: z.string().length(2).optional(),
};

const money = { amount, currency };

const payment = {
  transactionToken: z.string().min(1).max(255).optional(),
  cardData: cardData.optional(),
  referenceUuid: id50.optional(),
  withRegister: z.boolean().optional(),
  transactionIndicator: z
    .enum(['SINGLE', 'INITIAL', 'RECURRING', 'CARDONFILE', 'CARDONFILE-MERCHANT-INITIATED', 'MOTO'])
    .optional(),
  customer: z.record(z.string(), z.unknown()).optional(),
  customerProfileData: customerProfileData.optional(),
  threeDSecureData: z.record(z.string(), z.unknown()).optional(),
  items: z.array(z.unknown()).optional(),
  schedule: z.record(z.string(), z.unknown()).optional(),
};

const withReference = { referenceUuid: id50 };

/** One schema per transaction endpoint. */
export const TRANSACTION_SCHEMAS = {
  debit: z.object({ ...common, ...money, ...payment }),
  preauthorize: z.object({
    ...common,
    ...money,
    ...payment,
    captureInMinutes: z.number().int().min(0).optional(),
  }),
  register: z.object({ ...common, ...payment }),
  payout: z.object({ ...common, ...money, ...payment }),
  capture: z.object({ ...common, ...money, ...withReference }),
  void: z.object({ ...common, ...withReference }),
  refund: z.object({ ...common, ...money, ...withReference }),
  incrementalAuthorization: z.object({ ...common, ...money, ...withReference }),
  deregister: z
    .object({ ...common, referenceUuid: id50.optional(), transactionToken: z.string().min(1).optional() })
    .refine((r) => r.referenceUuid !== undefined || r.transactionToken !== undefined, {
      message: 'required',
      path: ['referenceUuid'],
    }),
} as const;

export type PaymentRequest = z.infer<typeof TRANSACTION_SCHEMAS.debit> & {
  readonly captureInMinutes?: number;
};
export type ReferenceRequest = z.infer<typeof TRANSACTION_SCHEMAS.capture>;
export type VoidRequest = z.infer<typeof TRANSACTION_SCHEMAS.void>;
export type DeregisterRequest = z.infer<typeof TRANSACTION_SCHEMAS.deregister>;
export type RegisterRequest = z.infer<typeof TRANSACTION_SCHEMAS.register>;

const profileId = {
  profileGuid: z.string().min(1).max(64).optional(),
  customerIdentification: z.string().min(1).max(64).optional(),
};
const needsId = <T extends { profileGuid?: string | undefined; customerIdentification?: string | undefined }>(
  r: T,
): boolean => r.profileGuid !== undefined || r.customerIdentification !== undefined;

export const PROFILE_SCHEMAS = {
  getProfile: z.object(profileId).refine(needsId, { message: 'required', path: ['customerIdentification'] }),
  deleteProfile: z
    .object(profileId)
    .refine(needsId, { message: 'required', path: ['customerIdentification'] }),
  updateProfile: z
    .object({
      ...profileId,
      customerData: z.record(z.string(), z.unknown()).optional(),
      preferredInstrument: z.string().min(1).optional(),
    })
    .refine(needsId, { message: 'required', path: ['customerIdentification'] }),
} as const;

/** Body of POST /simulator/tokenize, standing in for payment.js. */
export const TOKENIZE_SCHEMA = cardData;

/** Recursively drops `null` members so `"x": null` means the same as leaving x out. */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
  return out;
}

/** Formats the first issue like the gateway: "root: 'amount' is required", "root.customer: …". */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'root: invalid request';
  const path = issue.path.map(String);
  const last = path.at(-1);
  const parent = ['root', ...path.slice(0, -1)].join('.');
  const missing =
    (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) ||
    issue.message === 'required';
  if (missing && last !== undefined) return `${parent}: '${last}' is required`;
  return `${['root', ...path].join('.')}: ${issue.message}`;
}

export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function parseWith<T>(schema: z.ZodType<T>, body: unknown): ParseResult<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, message: 'root: must be a JSON object' };
  const result = schema.safeParse(dropNulls(body));
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, message: describeIssues(result.error) };
}
