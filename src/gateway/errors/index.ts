export { GatewayError, type GatewayErrorDetails } from './gateway-error.js';
export { gatewayErrorFrom, parseRetryAfter, type GatewayFailure } from './gateway-error-from.js';
export { GatewayHttpError } from './http-error.js';
export {
  GatewayMalformedResponseError,
  issuesFrom,
  type MalformedIssue,
} from './malformed-response-error.js';
export { GatewayNetworkError } from './network-error.js';
export { GatewayRateLimitedError } from './rate-limited-error.js';
export { GatewayRejectedError } from './rejected-error.js';
export { GatewayTimeoutError } from './timeout-error.js';
