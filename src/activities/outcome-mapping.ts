/** Gateway replies → TransactionOutcome. The error-code table decides decline kind and transience. */
import type { GatewayErrorInfo, TransactionOutcome, TransactionStatus } from '../contract/domain.js';
import { gatewayErrorInfo } from '../gateway/error-info.js';
import { type StatusResponse, type TransactionResponse } from '../gateway/index.js';
import { failedStatus } from '../outcomes.js';

interface ErrorItem {
  readonly errorCode?: number | undefined;
  readonly errorMessage?: string | undefined;
  readonly adapterCode?: string | undefined;
}

/** Reduces a gateway error to what may enter workflow history (see gatewayErrorInfo). */
export function errorInfo(item: ErrorItem | undefined): GatewayErrorInfo | undefined {
  return item ? gatewayErrorInfo(item.errorCode, item.errorMessage, item.adapterCode) : undefined;
}

function profileOf(data: TransactionResponse['customerProfileData']): TransactionOutcome['profile'] {
  if (!data?.profileGuid || !data.customerIdentification) return undefined;
  return {
    profileGuid: data.profileGuid,
    customerIdentification: data.customerIdentification,
    paymentToken: data.paymentToken,
  };
}

export function outcomeFromResponse(
  merchantTransactionId: string,
  res: TransactionResponse,
): TransactionOutcome {
  const base = {
    merchantTransactionId,
    uuid: res.uuid,
    purchaseId: res.purchaseId,
    profile: profileOf(res.customerProfileData),
    source: 'reply' as const,
  };
  switch (res.returnType) {
    case 'FINISHED':
      return { ...base, status: 'succeeded' };
    case 'PENDING':
      return { ...base, status: 'pending' };
    case 'REDIRECT':
    case 'HTML':
      return { ...base, status: 'redirect', redirectUrl: res.redirectUrl };
    case 'ERROR': {
      const error = errorInfo(
        res.errors?.[0] ?? { errorCode: res.errorCode, errorMessage: res.errorMessage },
      );
      return { ...base, status: failedStatus(error), error };
    }
  }
}

const SUCCEEDED = new Set(['SUCCESS', 'CHARGEBACK-REVERSED']);
const FAILED = new Set(['ERROR', 'FAILED', 'DECLINED', 'CANCELLED', 'EXPIRED']);

export function outcomeFromStatus(res: StatusResponse): TransactionOutcome {
  const s = res.transactionStatus.toUpperCase().replace(/_/g, '-');
  let status: TransactionStatus;
  const error = errorInfo(res.errors?.[0]);
  if (SUCCEEDED.has(s)) status = 'succeeded';
  else if (FAILED.has(s)) status = failedStatus(error);
  else if (s === 'REDIRECT') status = 'redirect';
  else status = 'pending';
  return {
    merchantTransactionId: res.merchantTransactionId,
    status,
    uuid: res.uuid,
    purchaseId: res.purchaseId,
    error,
    profile: profileOf(res.customerProfileData),
    source: 'status',
  };
}
