import type { ErrorClassification } from '../error-codes.js';
import { GatewayError, type GatewayErrorDetails } from './gateway-error.js';

/**
 * The gateway answered with an IXOPAY error code: a request rejected before processing (top-level `errorCode`),
 * or a processed transaction that ended in ERROR (see `transactionError`).
 */
export class GatewayRejectedError extends GatewayError {
  override readonly name = 'GatewayRejectedError';
  override readonly code: number;
  /** The code's row in the error-code table (family, retry policy, soft/hard decline). */
  readonly classification: ErrorClassification;
  /** The transaction's uuid when the gateway processed it (a decline), undefined for a rejected request. */
  readonly uuid: string | undefined;

  constructor(
    message: string,
    details: Omit<GatewayErrorDetails, 'code' | 'retryable' | 'outcomeUnknown'> & {
      readonly classification: ErrorClassification;
      readonly uuid?: string | undefined;
    },
  ) {
    const { classification } = details;
    super(message, {
      ...details,
      code: classification.code,
      retryable: classification.retryable,
      outcomeUnknown: classification.outcomeUnknown,
    });
    this.code = classification.code;
    this.classification = classification;
    this.uuid = details.uuid;
  }
}
