import { z } from 'zod';
import { replyWithAmount } from './amount.js';
import {
  AdapterCode,
  CustomerProfileDataReply,
  CustomerReply,
  ErrorCode,
  LooseRecord,
  ReturnData,
  TransactionErrorItem,
} from './common.js';
import { afterTheFactApi, afterTheFactWire } from './after-the-fact.js';

/**
 * Body of a gateway callback (POST to our callbackUrl). `result` is OK, ERROR, PENDING, … (kept open so a new
 * value is delivered, not rejected forever). Unknown fields pass through. Verify the signature before parsing. A CHARGEBACK / CHARGEBACK-REVERSAL carries
 * `chargebackData` / `chargebackReversalData` (amounts in minor units once parsed); a back-office REFUND carries
 * the original's `merchantMetaData`.
 */
export const CallbackBody = replyWithAmount(
  {
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
    /** Error callbacks: the same error as `message`/`code` and as an `errors` array (the official client's shapes). */
    message: z.string().optional(),
    code: ErrorCode.optional(),
    errors: z.array(TransactionErrorItem).optional(),
    ...afterTheFactWire,
  },
  afterTheFactApi,
);
export type CallbackBody = z.output<typeof CallbackBody>;
