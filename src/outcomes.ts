/** Pure mapping of gateway results to our outcome states, shared by activities, the webhook and workflows. */
import type {
  GatewayCallbackEvent,
  GatewayErrorInfo,
  TransactionOutcome,
  TransactionStatus,
} from './contract/domain.js';

/** A failed transaction is a decline when the customer's instrument caused it (IXOPAY 2xxx), else a failure. */
export function failedStatus(error: GatewayErrorInfo | undefined): TransactionStatus {
  return error && error.code >= 2000 && error.code < 3000 ? 'declined' : 'failed';
}

export function isFinal(status: TransactionStatus): boolean {
  return status === 'succeeded' || status === 'declined' || status === 'failed';
}

/** A callback's `result` as an outcome status; undefined for results that say nothing final or pending. */
export function callbackStatus(event: GatewayCallbackEvent): TransactionStatus | undefined {
  switch (event.result) {
    case 'OK':
      return 'succeeded';
    case 'ERROR':
      return failedStatus(event.error);
    case 'PENDING':
      return 'pending';
    default:
      return undefined;
  }
}

export function outcomeFromCallback(event: GatewayCallbackEvent): TransactionOutcome | undefined {
  const status = callbackStatus(event);
  if (!status) return undefined;
  return {
    merchantTransactionId: event.merchantTransactionId,
    status,
    uuid: event.uuid,
    purchaseId: event.purchaseId,
    error: event.error,
    profile: event.profile,
    source: 'callback',
  };
}
