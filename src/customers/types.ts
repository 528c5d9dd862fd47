/**
 * Schemas of the merchant's customers and subscriptions; every type is inferred from them. Input schemas are
 * strict (unknown keys rejected); stored records are built by the store, not parsed from callers.
 */
import { z } from 'zod';
import { BUSINESS_ID, BUSINESS_ID_MAX_LENGTH } from '../ids.js';
import { CURRENCY_EXPONENTS, type Currency } from '../money.js';
import { BILLING_INTERVALS, isIsoDate } from './billing-dates.js';
import { InvalidCustomerInputError } from './errors.js';

/** `billingChargeId(subscriptionId, "YYYY-MM-DD")` must still fit BUSINESS_ID's 40 characters. */
export const SUBSCRIPTION_ID_MAX_LENGTH = BUSINESS_ID_MAX_LENGTH - '_YYYY-MM-DD'.length;

/** Printable ASCII without spaces: ids we hand to the gateway or receive from it. */
const token = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const CustomerIdSchema = z.string().regex(BUSINESS_ID, 'must be a business id');
export const SubscriptionIdSchema = CustomerIdSchema.max(SUBSCRIPTION_ID_MAX_LENGTH);
export const CurrencySchema = z.enum(Object.keys(CURRENCY_EXPONENTS) as [Currency, ...Currency[]]);
/** Integer minor units; z.int() already rejects fractions and unsafe integers. */
export const AmountMinorSchema = z.int().nonnegative();
export const IsoDateSchema = z.string().refine(isIsoDate, 'must be a calendar date YYYY-MM-DD');
export const TimestampSchema = z.iso.datetime();
/** Sent to IXOPAY as the profile's customerIdentification; never personal data, so no e-mail address. */
export const CustomerIdentificationSchema = token(100).refine(
  (s) => !s.includes('@'),
  'must not be an email',
);
export const ProfileGuidSchema = token(100);
export const MandateReferenceSchema = token(128);
export const EmailSchema = z.email().max(254);
export const PersonNameSchema = z.string().trim().min(1).max(200);
export const ReasonSchema = z.string().trim().min(1).max(500);

export const CustomerStatusSchema = z.enum(['active', 'disabled']);
export type CustomerStatus = z.infer<typeof CustomerStatusSchema>;

/** Permission to charge without the customer present (merchant-initiated, recurring). */
export const MandateSchema = z.object({
  status: z.enum(['active', 'revoked']),
  reference: MandateReferenceSchema,
  grantedAt: TimestampSchema,
  revokedAt: TimestampSchema.optional(),
});
export type Mandate = z.infer<typeof MandateSchema>;

export const CustomerSchema = z.object({
  id: CustomerIdSchema,
  status: CustomerStatusSchema,
  email: EmailSchema,
  name: PersonNameSchema.optional(),
  customerIdentification: CustomerIdentificationSchema,
  profileGuid: ProfileGuidSchema.optional(),
  mandate: MandateSchema.optional(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Customer = z.infer<typeof CustomerSchema>;

/** A new customer; `customerIdentification` defaults to a UUID derived from the id. */
export const NewCustomerSchema = z.strictObject({
  id: CustomerIdSchema,
  email: EmailSchema,
  name: PersonNameSchema.optional(),
  customerIdentification: CustomerIdentificationSchema.optional(),
  status: CustomerStatusSchema.default('active'),
});
export type NewCustomerInput = z.input<typeof NewCustomerSchema>;

/** Personal data changes; `name: null` removes the name. */
export const CustomerPatchSchema = z.strictObject({
  email: EmailSchema.optional(),
  name: PersonNameSchema.nullable().optional(),
});
export type CustomerPatch = z.input<typeof CustomerPatchSchema>;

export const MandateGrantSchema = z.strictObject({
  reference: MandateReferenceSchema,
  grantedAt: TimestampSchema.optional(),
});
export type MandateGrant = z.input<typeof MandateGrantSchema>;

export const ProfileLinkSchema = z.strictObject({
  customerIdentification: CustomerIdentificationSchema,
  profileGuid: ProfileGuidSchema,
});
export type ProfileLink = z.infer<typeof ProfileLinkSchema>;

export const BillingIntervalSchema = z.enum(BILLING_INTERVALS);
export const SubscriptionStatusSchema = z.enum(['active', 'past_due', 'cancelled', 'paused']);
export type SubscriptionStatus = z.infer<typeof SubscriptionStatusSchema>;

export const SubscriptionSchema = z.object({
  id: SubscriptionIdSchema,
  customerId: CustomerIdSchema,
  amountMinor: AmountMinorSchema,
  currency: CurrencySchema,
  interval: BillingIntervalSchema,
  intervalCount: z.int().min(1).max(366),
  /** Day of month monthly/yearly schedules aim for (the first billing date's day); clamped per month. */
  anchorDay: z.int().min(1).max(31),
  nextBillingDate: IsoDateSchema,
  status: SubscriptionStatusSchema,
  lastBilledPeriod: IsoDateSchema.optional(),
  pastDueReason: ReasonSchema.optional(),
  description: z.string().max(500).optional(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

export const NewSubscriptionSchema = z.strictObject({
  id: SubscriptionIdSchema,
  customerId: CustomerIdSchema,
  amountMinor: AmountMinorSchema,
  currency: CurrencySchema,
  interval: BillingIntervalSchema,
  intervalCount: z.int().min(1).max(366).default(1),
  nextBillingDate: IsoDateSchema,
  status: z.enum(['active', 'paused']).default('active'),
  description: z.string().max(500).optional(),
});
export type NewSubscriptionInput = z.input<typeof NewSubscriptionSchema>;

export const ListCustomersQuerySchema = z.strictObject({
  limit: z.int().min(1).max(10_000),
  afterId: CustomerIdSchema.optional(),
});
export type ListCustomersQuery = z.input<typeof ListCustomersQuerySchema>;

/** Due = status active AND nextBillingDate <= billingDate; pages are ordered by subscription id. */
export const DueSubscriptionsQuerySchema = z.strictObject({
  billingDate: IsoDateSchema,
  afterId: SubscriptionIdSchema.optional(),
  limit: z.int().min(1).max(10_000),
  currency: CurrencySchema.optional(),
  customerIds: z.array(CustomerIdSchema).max(10_000).optional(),
});
export type DueSubscriptionsQuery = z.input<typeof DueSubscriptionsQuerySchema>;

export const DueCountQuerySchema = DueSubscriptionsQuerySchema.omit({ afterId: true, limit: true });
export type DueCountQuery = z.input<typeof DueCountQuerySchema>;

/** One subscription's line in a billing run's report; recorded again on a retry, it replaces the first. */
export const RunItemSchema = z.strictObject({
  chargeId: CustomerIdSchema,
  subscriptionId: SubscriptionIdSchema,
  customerId: CustomerIdSchema.optional(),
  period: IsoDateSchema,
  /** The charge outcome (succeeded, declined, failed, needs-action, …). */
  status: z.string().min(1).max(64),
  amountMinor: AmountMinorSchema,
  currency: CurrencySchema,
  pastDue: z.boolean(),
  reason: z.string().max(500).optional(),
});
export type RunItem = z.infer<typeof RunItemSchema>;
export type RunItemInput = z.input<typeof RunItemSchema>;

export const ListRunItemsQuerySchema = z.strictObject({
  limit: z.int().min(1).max(10_000),
  /** Keyset cursor: the last chargeId of the previous page. */
  afterId: CustomerIdSchema.optional(),
});
export type ListRunItemsQuery = z.input<typeof ListRunItemsQuerySchema>;

/** Parses `value` with `schema` or throws InvalidCustomerInputError listing every issue. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidCustomerInputError(
    result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    what,
  );
}
