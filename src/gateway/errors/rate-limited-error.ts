import { GatewayError, type GatewayErrorDetails } from './gateway-error.js';

/** HTTP 429: the gateway refused the request before processing it; try again after `retryAfterMs`. */
export class GatewayRateLimitedError extends GatewayError {
  override readonly name = 'GatewayRateLimitedError';
  /** From Retry-After (seconds or HTTP-date); undefined when the header was absent or unreadable. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: GatewayErrorDetails & { readonly retryAfterMs: number | undefined }) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}
