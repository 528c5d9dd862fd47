/** Customer profiles: POST api/v3/customerProfiles/{apiKey}/getProfile|updateProfile|deleteProfile. */
import { z } from 'zod';
import { Booleanish, CustomerReply, customerFields } from './common.js';

const profileGuid = z.string().min(1).max(64);
const customerIdentification = z.string().min(1).max(64);

/** Profiles are addressed by the gateway's profileGuid or by our customerIdentification (exactly one). */
function byProfile<const S extends z.core.$ZodLooseShape>(shape: S) {
  return z.union([
    z.strictObject({ profileGuid, ...shape }),
    z.strictObject({ customerIdentification, ...shape }),
  ]);
}

export const GetProfileRequest = byProfile({});
export type GetProfileRequest = z.output<typeof GetProfileRequest>;

/** Customer data of updateProfile (sent as `customerData`, as the official client does). */
export const CustomerData = z.strictObject(customerFields);
export type CustomerData = z.output<typeof CustomerData>;

export const UpdateProfileRequest = byProfile({
  customerData: CustomerData.nullish(),
  /** The paymentToken ("pt::…") to make preferred. */
  preferredInstrument: z.string().min(1).nullish(),
});
export type UpdateProfileRequest = z.output<typeof UpdateProfileRequest>;

export const DeleteProfileRequest = byProfile({});
export type DeleteProfileRequest = z.output<typeof DeleteProfileRequest>;

/** A stored instrument; `paymentToken` is what a debit sends as transactionToken. */
export const PaymentInstrument = z.looseObject({
  _TYPE: z.string().optional(),
  createdAt: z.string().optional(),
  method: z.string().optional(),
  paymentToken: z.string().optional(),
  isPreferred: Booleanish.optional(),
  paymentData: z
    .looseObject({
      _TYPE: z.string().optional(),
      brand: z.string().optional(),
      cardHolder: z.string().optional(),
      expiryMonth: z.union([z.number(), z.string()]).optional(),
      expiryYear: z.union([z.number(), z.string()]).optional(),
      firstSixDigits: z.string().optional(),
      lastFourDigits: z.string().optional(),
    })
    .optional(),
});
export type PaymentInstrument = z.output<typeof PaymentInstrument>;

/**
 * getProfile reply. `profileExists` arrives as "true"/"false" or a boolean and is handed out as a boolean; an
 * unknown profile is a reply with `profileExists: false` (its `success` may be false).
 */
export const GetProfileResponse = z
  .looseObject({
    success: z.boolean().optional(),
    profileExists: Booleanish.optional(),
    profileGuid: z.string().optional(),
    customerIdentification: z.string().optional(),
    preferredMethod: z.string().optional(),
    customer: CustomerReply.optional(),
    paymentInstruments: z.array(PaymentInstrument).optional(),
  })
  .refine((reply) => reply.profileExists !== undefined || reply.success !== undefined, {
    message: 'neither profileExists nor success',
    path: ['profileExists'],
  });
export type GetProfileResponse = z.output<typeof GetProfileResponse>;

export const UpdateProfileResponse = z.looseObject({
  success: z.literal(true),
  profileGuid: z.string().optional(),
  customerIdentification: z.string().optional(),
  customer: CustomerReply.optional(),
  changedFields: z.array(z.string()).optional(),
});
export type UpdateProfileResponse = z.output<typeof UpdateProfileResponse>;

export const DeleteProfileResponse = z.looseObject({ success: z.literal(true) });
export type DeleteProfileResponse = z.output<typeof DeleteProfileResponse>;
