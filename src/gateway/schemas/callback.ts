import { z } from 'zod';
import { replyWithAmount } from './amount.js';
import {
  AdapterCode,
  CustomerProfileDataReply,
  CustomerReply,
  ErrorCode,
  LooseRecord,
  ReturnData,
} from './common.js';

/**
 * Body of a gateway callback (POST to our callbackUrl). `result` is OK, ERROR, PENDING, … (kept open so a new
 * value is delivered, not rejected forever). Unknown fields pass through. Verify the signature before parsing.
 */
export const CallbackBody = replyWithAmount({
  result: z.string().min(1),
  uuid: z.string().min(1),
  merchantTransactionId: z.string().min(1),
  purchaseId: z.string().optional(),
  transactionType: z.string().optional(),
  transactionSubType: z.string().optional(),
  paymentMethod: z.string().optional(),
  merchantMetaData: z.string().optional(),
  extraData: LooseRecord.optional(),
  errorMessage: z.string().optional(),
  errorCode: ErrorCode.optional(),
  adapterMessage: z.string().optional(),
  adapterCode: AdapterCode.optional(),
  returnData: ReturnData.optional(),
  customer: CustomerReply.optional(),
  customerProfileData: CustomerProfileDataReply.optional(),
  scheduleData: LooseRecord.optional(),
  chargebackData: LooseRecord.optional(),
  chargebackReversalData: LooseRecord.optional(),
});
export type CallbackBody = z.output<typeof CallbackBody>;
