/**
 * Transaction requests (POST api/v3/transaction/{apiKey}/<type>): the debit/preauthorize shape and its subsets.
 * Each schema is a codec: `z.encode(Schema, ours)` gives the wire object (decimal amount), `Schema.parse(wire)`
 * gives ours (minor units). Strict: unknown keys are a bug on our side. Optional fields accept null; the client
 * leaves null and undefined out of the JSON. Gateway-side `schedule` and `items` are not supported: recurring
 * charges are scheduled with Temporal and line items are not used.
 */
import { z } from 'zod';
import { requestWithAmount } from './amount.js';
import { Customer, StringMap } from './common.js';

const id = z.string().min(1).max(50);
const url = z.url().max(512);

/** How the card travels on a transaction indicator's first use, per scheme rules. */
export const TransactionIndicator = z.enum([
  'SINGLE',
  'INITIAL',
  'RECURRING',
  'CARDONFILE',
  'CARDONFILE-MERCHANT-INITIATED',
  'MOTO',
]);
export type TransactionIndicator = z.output<typeof TransactionIndicator>;

/** PCI-certified merchants only: the card in the body (documentation.ixopay.com, PCI API). */
export const CardData = z.strictObject({
  cardHolder: z.string().min(1).max(100),
  pan: z.string().regex(/^\d{12,19}$/),
  cvv: z
    .string()
    .regex(/^\d{3,4}$/)
    .nullish(),
  expirationMonth: z.int().min(1).max(12),
  expirationYear: z.int().min(2000).max(2100),
});
export type CardData = z.output<typeof CardData>;

/** Links the transaction to a customer profile (creating it on first use). */
export const CustomerProfileDataRequest = z.strictObject({
  profileGuid: z.string().min(1).nullish(),
  customerIdentification: z.string().min(1).nullish(),
  markAsPreferred: z.boolean().nullish(),
});

/** Fields every transaction type carries. */
const common = {
  merchantTransactionId: id,
  additionalId1: id.nullish(),
  additionalId2: id.nullish(),
  extraData: StringMap.nullish(),
  merchantMetaData: z.string().max(255).nullish(),
};

const urls = {
  successUrl: url.nullish(),
  cancelUrl: url.nullish(),
  errorUrl: url.nullish(),
  callbackUrl: url.nullish(),
};

/** A payment.js token (first purchase) or a stored profile's paymentToken ("pt::…"). */
const transactionToken = z.string().min(1).max(255).nullish();

const instrument = {
  transactionToken,
  cardData: CardData.nullish(),
  description: z.string().max(255).nullish(),
  customer: Customer.nullish(),
  threeDSecureData: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullish(),
  language: z.string().length(2).nullish(),
};

const oneCardSource = (value: { transactionToken?: string | null | undefined; cardData?: unknown }) =>
  !(value.transactionToken && value.cardData);
const cardSourceMessage = {
  message: 'send either transactionToken or cardData, not both',
  path: ['cardData'],
};

const debitShape = {
  ...common,
  ...urls,
  ...instrument,
  referenceUuid: id.nullish(),
  withRegister: z.boolean().nullish(),
  transactionIndicator: TransactionIndicator.nullish(),
  customerProfileData: CustomerProfileDataRequest.nullish(),
};

/** debit: charge in one step. */
export const DebitRequest = requestWithAmount(debitShape).refine(oneCardSource, cardSourceMessage);
export type DebitRequest = z.output<typeof DebitRequest>;

/** preauthorize: reserve funds; `captureInMinutes` lets the gateway capture on its own. */
export const PreauthorizeRequest = requestWithAmount({
  ...debitShape,
  captureInMinutes: z.int().positive().nullish(),
}).refine(oneCardSource, cardSourceMessage);
export type PreauthorizeRequest = z.output<typeof PreauthorizeRequest>;

/** capture: a preauthorization, fully or partly. */
export const CaptureRequest = requestWithAmount({ ...common, referenceUuid: id });
export type CaptureRequest = z.output<typeof CaptureRequest>;

/** void: cancel a preauthorization. */
export const VoidRequest = z.strictObject({ ...common, referenceUuid: id });
export type VoidRequest = z.output<typeof VoidRequest>;

/** register: store an instrument without charging it. */
export const RegisterRequest = z
  .strictObject({
    ...common,
    ...urls,
    ...instrument,
    transactionIndicator: TransactionIndicator.nullish(),
    customerProfileData: CustomerProfileDataRequest.nullish(),
  })
  .refine(oneCardSource, cardSourceMessage);
export type RegisterRequest = z.output<typeof RegisterRequest>;

/** deregister: remove a registration, by its uuid or its token. */
export const DeregisterRequest = z
  .strictObject({ ...common, referenceUuid: id.nullish(), transactionToken })
  .refine((value) => Boolean(value.referenceUuid ?? value.transactionToken), {
    message: 'referenceUuid or transactionToken is required',
    path: ['referenceUuid'],
  });
export type DeregisterRequest = z.output<typeof DeregisterRequest>;

/** refund: up to the captured amount of a debit or capture. */
export const RefundRequest = requestWithAmount({
  ...common,
  referenceUuid: id,
  callbackUrl: url.nullish(),
  transactionToken,
  description: z.string().max(255).nullish(),
});
export type RefundRequest = z.output<typeof RefundRequest>;

/** incrementalAuthorization: raise or prolong a preauthorization. */
export const IncrementalAuthorizationRequest = requestWithAmount({
  ...common,
  referenceUuid: id,
  callbackUrl: url.nullish(),
  description: z.string().max(255).nullish(),
});
export type IncrementalAuthorizationRequest = z.output<typeof IncrementalAuthorizationRequest>;

/** payout: credit the customer. */
export const PayoutRequest = requestWithAmount({
  ...common,
  ...instrument,
  referenceUuid: id.nullish(),
  callbackUrl: url.nullish(),
}).refine(oneCardSource, cardSourceMessage);
export type PayoutRequest = z.output<typeof PayoutRequest>;

/** Transaction types, each with its request schema; the route is api/v3/transaction/{apiKey}/<type>. */
export const TRANSACTION_REQUESTS = {
  debit: DebitRequest,
  preauthorize: PreauthorizeRequest,
  capture: CaptureRequest,
  void: VoidRequest,
  register: RegisterRequest,
  deregister: DeregisterRequest,
  refund: RefundRequest,
  incrementalAuthorization: IncrementalAuthorizationRequest,
  payout: PayoutRequest,
} as const;
export type TransactionType = keyof typeof TRANSACTION_REQUESTS;
