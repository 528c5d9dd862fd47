import { GatewayError } from './gateway-error.js';

/** Any other non-2xx reply. 5xx leaves the outcome unknown and is retryable; 4xx is not. */
export class GatewayHttpError extends GatewayError {
  override readonly name = 'GatewayHttpError';
}
