/** What every gateway failure carries, whatever its class. */
export interface GatewayErrorDetails {
  /** The IXOPAY error code, when the gateway sent one. */
  readonly code?: number | undefined;
  readonly adapterCode?: string | undefined;
  readonly adapterMessage?: string | undefined;
  /** May be attempted again. Set only from the error-code table or the HTTP status / transport failure. */
  readonly retryable: boolean;
  /** The gateway may have committed the transaction: look it up by merchantTransactionId before acting. */
  readonly outcomeUnknown: boolean;
  readonly httpStatus?: number | undefined;
  /** The client operation, e.g. "debit" or "getByUuid". */
  readonly operation?: string | undefined;
}

/**
 * Base of every error the gateway client throws. Messages never contain card data, passwords, secrets or raw
 * reply bodies.
 */
export class GatewayError extends Error {
  override readonly name: string = 'GatewayError';
  readonly code?: number | undefined;
  readonly adapterCode?: string | undefined;
  readonly adapterMessage?: string | undefined;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  readonly httpStatus?: number | undefined;
  readonly operation?: string | undefined;

  constructor(message: string, details: GatewayErrorDetails, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.code = details.code;
    this.adapterCode = details.adapterCode;
    this.adapterMessage = details.adapterMessage;
    this.retryable = details.retryable;
    this.outcomeUnknown = details.outcomeUnknown;
    this.httpStatus = details.httpStatus;
    this.operation = details.operation;
  }
}
