import { z } from 'zod';
import {
  CustomerProfileDataReply,
  ErrorCode,
  LooseRecord,
  ReturnData,
  TransactionErrorItem,
} from './common.js';

/** What the customer or we must do next; ERROR means the transaction failed (see `errors`). */
export const ReturnType = z.enum(['FINISHED', 'REDIRECT', 'HTML', 'PENDING', 'ERROR']);
export type ReturnType = z.output<typeof ReturnType>;

/**
 * Reply to a processed transaction request. It always has the gateway's `uuid`, also when the transaction was
 * declined (`returnType: "ERROR"`, `success: false`, `errors`). A request rejected before processing has no uuid
 * and is an `ErrorReply` instead. Unknown fields pass through.
 */
export const TransactionResponse = z.looseObject({
  success: z.boolean(),
  uuid: z.string().min(1),
  purchaseId: z.string().optional(),
  returnType: ReturnType,
  redirectType: z.string().optional(),
  redirectUrl: z.string().optional(),
  htmlContent: z.string().optional(),
  paymentDescriptor: z.string().optional(),
  paymentMethod: z.string().optional(),
  returnData: ReturnData.optional(),
  customerProfileData: CustomerProfileDataReply.optional(),
  scheduleData: LooseRecord.optional(),
  riskCheckData: LooseRecord.optional(),
  extraData: LooseRecord.optional(),
  errors: z.array(TransactionErrorItem).optional(),
  errorMessage: z.string().optional(),
  errorCode: ErrorCode.optional(),
});
export type TransactionResponse = z.output<typeof TransactionResponse>;
