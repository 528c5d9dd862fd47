import { z } from 'zod';
import { AdapterCode, ErrorCode } from './common.js';

/**
 * Top-level error reply: the request was rejected before processing (e.g. 1002 invalid data, 1004 invalid
 * signature, 3004 duplicate transaction id) or a lookup found nothing. No uuid.
 */
export const ErrorReply = z.looseObject({
  success: z.literal(false),
  errorMessage: z.string().optional(),
  errorCode: ErrorCode.optional(),
  adapterMessage: z.string().optional(),
  adapterCode: AdapterCode.optional(),
  details: z.unknown().optional(),
});
export type ErrorReply = z.output<typeof ErrorReply>;
