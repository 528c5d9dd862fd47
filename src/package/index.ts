/**
 * `ixopay-temporal`: the client API for backend services. Start charges, registrations and billing runs, read
 * their status, capture, void and refund; the request and result types; every error class the API throws.
 */
export { connectPayments, type ConnectedPayments, type ConnectPaymentsOptions } from './connect.js';
export {
  ChargeHandle,
  PaymentsClient,
  type ChargeStatusView,
  type OperationOptions,
  type PaymentsClientOptions,
} from '../client/payments-client.js';
export {
  BillingRunRequestSchema,
  ChargeRequestSchema,
  IdempotencyConflictError,
  InvalidRequestError,
  RegisterRequestSchema,
  type BillingRunRequest,
  type ChargeRequest,
  type RegisterRequest,
} from '../contract/requests.js';
export type {
  ChargeFlag,
  ChargeResult,
  ChargeResultStatus,
  ExtraDebit,
  GatewayErrorInfo,
  Initiator,
} from '../contract/domain.js';
export type {
  AfterTheFactStatus,
  AmountsByCurrency,
  BillingProgress,
  BillingRunResult,
  ChargeEventRecord,
  ChargeFollowUpState,
  ChargePhase,
  ChargeState,
  RegisterResult,
} from '../contract/messages.js';
export type { Currency } from '../money.js';
export { MoneyError, fromDecimalString, toDecimalString } from '../money.js';
export { InvalidIdError } from '../ids.js';
export {
  CustomerStoreError,
  DuplicateCustomerError,
  DuplicateSubscriptionError,
  InvalidCustomerInputError,
  PendingMigrationsError,
  PersonalDataError,
  ProfileLinkConflictError,
  UnknownCustomerError,
  UnknownSubscriptionError,
} from '../customers/errors.js';
export { PayloadDecryptionError } from '../codec/encryption-codec.js';
export { PayloadKeyError, type PayloadKey } from '../codec/keys.js';
export { MissingSearchAttributesError } from '../temporal/search-attribute-check.js';
export {
  GatewayError,
  GatewayHttpError,
  GatewayMalformedResponseError,
  GatewayNetworkError,
  GatewayRateLimitedError,
  GatewayRejectedError,
  GatewayTimeoutError,
} from '../gateway/errors/index.js';
export { ConfigError } from '../config/config.js';
export { TASK_QUEUE } from '../temporal/names.js';
export type { TemporalConnectOptions } from '../temporal/connect-config.js';
export type { AppMode } from '../config/production.js';
