export {
  ChargebackData,
  ChargebackReversalData,
  GATEWAY_TRANSACTION_TYPES,
  type GatewayTransactionType,
} from './after-the-fact.js';
export { replyWithAmount, requestWithAmount } from './amount.js';
export { CallbackBody } from './callback.js';
export {
  AdapterCode,
  Booleanish,
  CurrencyCode,
  Customer,
  CustomerProfileDataReply,
  CustomerReply,
  ErrorCode,
  MinorUnits,
  ReturnData,
  StringMap,
  TransactionErrorItem,
} from './common.js';
export { ErrorReply } from './error-reply.js';
export {
  CustomerData,
  DeleteProfileRequest,
  DeleteProfileResponse,
  GetProfileRequest,
  GetProfileResponse,
  PaymentInstrument,
  UpdateProfileRequest,
  UpdateProfileResponse,
} from './profile.js';
export { StatusResponse } from './status-response.js';
export {
  CaptureRequest,
  CardData,
  CustomerProfileDataRequest,
  DebitRequest,
  DeregisterRequest,
  IncrementalAuthorizationRequest,
  PayoutRequest,
  PreauthorizeRequest,
  RefundRequest,
  RegisterRequest,
  TRANSACTION_REQUESTS,
  TransactionIndicator,
  VoidRequest,
  type TransactionType,
} from './transaction-request.js';
export { ReturnType, TransactionResponse } from './transaction-response.js';
