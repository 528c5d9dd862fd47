import { GatewayError, type GatewayErrorDetails } from './gateway-error.js';

/** The connection failed (refused, reset, closed mid-reply, DNS). */
export class GatewayNetworkError extends GatewayError {
  override readonly name = 'GatewayNetworkError';
  /** The system or undici code, e.g. ECONNRESET, ECONNREFUSED, UND_ERR_SOCKET. */
  readonly causeCode: string | undefined;

  constructor(
    message: string,
    details: GatewayErrorDetails & { readonly causeCode: string | undefined },
    options?: { readonly cause?: unknown },
  ) {
    super(message, details, options);
    this.causeCode = details.causeCode;
  }
}
