import { GatewayError } from './gateway-error.js';

/** No complete reply within the configured timeout. For a POST the gateway may have committed the transaction. */
export class GatewayTimeoutError extends GatewayError {
  override readonly name = 'GatewayTimeoutError';
}
