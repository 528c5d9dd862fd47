import { z } from 'zod';
import { replyWithAmount } from './amount.js';
import {
  CustomerProfileDataReply,
  CustomerReply,
  LooseRecord,
  ReturnData,
  TransactionErrorItem,
} from './common.js';
import { afterTheFactApi, afterTheFactWire } from './after-the-fact.js';

/**
 * Reply of api/v3/status/{apiKey}/getByUuid|getByMerchantTransactionId for a transaction the gateway knows.
 * `transactionStatus` is kept as a string (SUCCESS, PENDING, ERROR, … the list is not closed). Unknown fields
 * pass through. A lookup that finds nothing answers an `ErrorReply`.
 */
export const StatusResponse = replyWithAmount(
  {
    success: z.literal(true),
    transactionStatus: z.string().min(1),
    uuid: z.string().min(1),
    merchantTransactionId: z.string().min(1),
    purchaseId: z.string().optional(),
    transactionType: z.string().optional(),
    paymentMethod: z.string().optional(),
    incomingSettlementState: z.string().optional(),
    extraData: LooseRecord.optional(),
    merchantMetaData: z.string().optional(),
    returnData: ReturnData.optional(),
    customer: CustomerReply.optional(),
    customerProfileData: CustomerProfileDataReply.optional(),
    errors: z.array(TransactionErrorItem).optional(),
    ...afterTheFactWire,
  },
  afterTheFactApi,
);
export type StatusResponse = z.output<typeof StatusResponse>;
