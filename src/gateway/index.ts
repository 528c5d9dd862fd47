/** Public surface of the IXOPAY v3 gateway client. */
export { parseCallback } from './callback.js';
export { GatewayClient, type GetProfileResult, type StatusLookup } from './client.js';
export {
  classifyErrorCode,
  ERROR_CODES,
  type DeclineKind,
  type ErrorClassification,
  type ErrorCodeFamily,
  type KnownErrorCode,
  type RetryPolicy,
} from './error-codes.js';
export * from './errors/index.js';
export { compact } from './json.js';
export { transactionError } from './replies.js';
export * from './schemas/index.js';
export type { GatewayConfig } from './transport.js';
