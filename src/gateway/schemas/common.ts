/** Building blocks shared by the wire-message schemas. */
import { z } from 'zod';
import { CURRENCY_EXPONENTS, type Currency } from '../../money.js';

/** An ISO 4217 currency this project can represent exactly (see src/money.ts). */
export const CurrencyCode = z.enum(Object.keys(CURRENCY_EXPONENTS) as [Currency, ...Currency[]]);

/** Our side of every amount: a non-negative integer of minor units. */
export const MinorUnits = z.int().nonnegative();

/** IXOPAY error codes arrive as numbers; accept digit strings too and hand out numbers. */
export const ErrorCode = z.codec(z.union([z.int(), z.string().regex(/^\d+$/)]), z.int(), {
  decode: (value) => Number(value),
  encode: (value) => value,
});

/** Adapter (acquirer) codes are opaque; some adapters send numbers. */
export const AdapterCode = z.codec(z.union([z.string(), z.number()]), z.string(), {
  decode: (value) => String(value),
  encode: (value) => value,
});

/** The docs show `"profileExists": "true"`; other replies send a boolean. */
export const Booleanish = z.codec(z.union([z.boolean(), z.enum(['true', 'false'])]), z.boolean(), {
  decode: (value) => value === true || value === 'true',
  encode: (value) => value,
});

/** `extraData` we send: the gateway takes string values only. */
export const StringMap = z.record(z.string(), z.string());

/** Free-form objects in replies; typed where we read them, everything else passes through. */
export const LooseRecord = z.record(z.string(), z.unknown());

/** One entry of a reply's `errors` array; callbacks name the fields `message`/`code` (the official parser reads both). */
export const TransactionErrorItem = z.looseObject({
  errorMessage: z.string().optional(),
  errorCode: ErrorCode.optional(),
  message: z.string().optional(),
  code: ErrorCode.optional(),
  adapterMessage: z.string().optional(),
  adapterCode: AdapterCode.optional(),
});
export type TransactionErrorItem = z.output<typeof TransactionErrorItem>;

const NumberOrString = z.union([z.number(), z.string()]);

/** `returnData` of a reply; `_TYPE` tells the kind (e.g. "cardData"). Only what we read is typed. */
export const ReturnData = z.looseObject({
  _TYPE: z.string().optional(),
  type: z.string().optional(),
  cardHolder: z.string().optional(),
  expiryMonth: NumberOrString.optional(),
  expiryYear: NumberOrString.optional(),
  binDigits: z.string().optional(),
  firstSixDigits: z.string().optional(),
  lastFourDigits: z.string().optional(),
  fingerprint: z.string().optional(),
  binBrand: z.string().optional(),
  binCountry: z.string().optional(),
  schemeTransactionIdentifier: z.string().optional(),
  merchantAdviceCode: z.string().optional(),
});
export type ReturnData = z.output<typeof ReturnData>;

/** `customerProfileData` of a reply. */
export const CustomerProfileDataReply = z.looseObject({
  profileGuid: z.string().optional(),
  customerIdentification: z.string().optional(),
  paymentToken: z.string().optional(),
});
export type CustomerProfileDataReply = z.output<typeof CustomerProfileDataReply>;

/** `customer` of a reply. */
export const CustomerReply = z.looseObject({
  identification: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  email: z.string().optional(),
  billingCountry: z.string().optional(),
  birthDate: z.string().optional(),
});
export type CustomerReply = z.output<typeof CustomerReply>;

const text = z.string().nullish();

/** Customer fields we may send (debit, register, payout, updateProfile). */
export const customerFields = {
  firstName: text,
  lastName: text,
  birthDate: z.iso.date().nullish(),
  gender: z.enum(['M', 'F']).nullish(),
  billingAddress1: text,
  billingAddress2: text,
  billingCity: text,
  billingPostcode: text,
  billingState: text,
  billingCountry: z.string().length(2).nullish(),
  billingPhone: text,
  shippingFirstName: text,
  shippingLastName: text,
  shippingCompany: text,
  shippingAddress1: text,
  shippingAddress2: text,
  shippingCity: text,
  shippingPostcode: text,
  shippingState: text,
  shippingCountry: z.string().length(2).nullish(),
  shippingPhone: text,
  company: text,
  email: z.email().nullish(),
  emailVerified: z.boolean().nullish(),
  ipAddress: z.union([z.ipv4(), z.ipv6()]).nullish(),
  nationalId: text,
  extraData: StringMap.nullish(),
};

/** The `customer` object of a transaction request. */
export const Customer = z.strictObject({ identification: text, ...customerFields });
export type Customer = z.output<typeof Customer>;
