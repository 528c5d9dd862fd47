/**
 * The one table of IXOPAY error codes (ixopay/php-ixopay `src/Transaction/Error.php`) and what each means for
 * retries. Every retry or dunning decision about a gateway code reads this table through `classifyErrorCode`.
 */

/** Where a code comes from. */
export type ErrorCodeFamily = 'request' | 'decline' | 'transport' | 'chargeback' | 'schedule' | 'unknown';

/**
 * What to do with the request that got this code:
 * - `never`: re-sending gives the same answer;
 * - `transient`: re-send as is;
 * - `after-status-check`: the outcome is unknown; look the transaction up by merchantTransactionId first;
 * - `lookup`: the transaction id already exists (3004); look it up instead of re-sending.
 */
export type RetryPolicy = 'never' | 'transient' | 'after-status-check' | 'lookup';

/** For dunning: `soft` declines may succeed on a later attempt, `hard` ones never will. */
export type DeclineKind = 'soft' | 'hard';

interface ErrorCodeDefinition {
  readonly name: string;
  readonly family: ErrorCodeFamily;
  readonly retry: RetryPolicy;
  readonly decline?: DeclineKind;
}

const request = (name: string, retry: RetryPolicy = 'never'): ErrorCodeDefinition => ({
  name,
  family: 'request',
  retry,
});
const hard = (name: string): ErrorCodeDefinition => ({
  name,
  family: 'decline',
  retry: 'never',
  decline: 'hard',
});
const soft = (name: string): ErrorCodeDefinition => ({
  name,
  family: 'decline',
  retry: 'never',
  decline: 'soft',
});
const schedule = (name: string): ErrorCodeDefinition => ({ name, family: 'schedule', retry: 'never' });

/** IXOPAY error codes. Declines are never retried by the activity; soft ones may be retried later by dunning. */
export const ERROR_CODES = {
  1000: request('REQUEST_FAILED'),
  1001: request('INVALID_RESPONSE', 'after-status-check'),
  1002: request('INVALID_REQUEST_DATA'),
  1003: request('PROCESSING_ERROR', 'after-status-check'),
  1004: request('INVALID_SIGNATURE'),
  1005: request('INVALID_XML'),
  1006: request('LOGICAL_ERROR'),
  1007: request('INVALID_CONFIGURATION'),
  1008: request('UNEXPECTED_SYSTEM_ERROR', 'transient'),
  2001: hard('ACCOUNT_CLOSED_EXTERNALLY'),
  2002: hard('USER_CANCELLED'),
  2003: soft('TRANSACTION_DECLINED'),
  2004: soft('QUOTA_REGULATION'),
  2005: hard('TRANSACTION_EXPIRED'),
  2006: soft('INSUFFICIENT_FUNDS'),
  2007: hard('INCORRECT_PAYMENT_INFO'),
  2008: hard('INVALID_CARD'),
  2009: hard('EXPIRED_CARD'),
  2010: hard('FRAUDULENT_CARD'),
  2011: hard('UNSUPPORTED_CARD'),
  2012: hard('TRANSACTION_CANCELLED'),
  2013: hard('RISK_CHECK_BLOCK'),
  2014: hard('PICKUP_CARD'),
  2015: hard('LOST_CARD'),
  2016: hard('STOLEN_CARD'),
  2017: hard('IBAN_INVALID'),
  2018: hard('BIC_INVALID'),
  2019: hard('CUSTOMER_DATA_INVALID'),
  2020: hard('CVV_REQUIRED'),
  2021: hard('SECURE_3D_FAILED'),
  // Gateway↔acquirer trouble: the activity checks the status first; if the charge did fail, dunning may try again.
  3001: { name: 'TIMEOUT', family: 'transport', retry: 'after-status-check', decline: 'soft' },
  3002: { name: 'NOT_ALLOWED', family: 'transport', retry: 'never' },
  3003: { name: 'TEMPORARY_UNAVAILABLE', family: 'transport', retry: 'after-status-check', decline: 'soft' },
  3004: { name: 'DUPLICATE_TRANSACTION_ID', family: 'transport', retry: 'lookup' },
  3005: { name: 'COMMUNICATION_ERROR', family: 'transport', retry: 'after-status-check', decline: 'soft' },
  4001: { name: 'CHARGEBACK_REVERTED', family: 'chargeback', retry: 'never' },
  4002: { name: 'PAYMENT_DISPUTE', family: 'chargeback', retry: 'never' },
  7001: schedule('INVALID_SCHEDULE_REQUEST'),
  7002: schedule('SCHEDULE_REQUEST_FAILED'),
  7035: schedule('INITIAL_TRANSACTION_IS_NOT_A_REGISTER'),
  7036: schedule('INVALID_PERIOD_FROM_INITIAL_TO_SECOND_TRANSACTION'),
  7050: schedule('INVALID_START_DATE_TIME'),
  9999: { name: 'UNKNOWN', family: 'unknown', retry: 'after-status-check' },
} as const satisfies Record<number, ErrorCodeDefinition>;

/** A code listed in `ERROR_CODES`. */
export type KnownErrorCode = keyof typeof ERROR_CODES;

/** Everything the rest of the code needs to know about one gateway error code. */
export interface ErrorClassification {
  /** The code as received (9999 when none was given). */
  readonly code: number;
  /** False when the code is not in the table; it is then treated like 9999. */
  readonly known: boolean;
  readonly name: string;
  readonly family: ErrorCodeFamily;
  readonly retry: RetryPolicy;
  readonly decline: DeclineKind | undefined;
  /** May be attempted again (as is, or after a status check). */
  readonly retryable: boolean;
  /** The gateway may have committed the transaction: find out before acting on the failure. */
  readonly outcomeUnknown: boolean;
}

function isKnownErrorCode(code: number): code is KnownErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

/** Classifies a gateway error code; unknown or missing codes are treated like 9999 (outcome unknown). */
export function classifyErrorCode(code: number | string | null | undefined): ErrorClassification {
  const numeric = typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : code;
  const given = typeof numeric === 'number' && Number.isSafeInteger(numeric) ? numeric : 9999;
  const known = isKnownErrorCode(given);
  const def: ErrorCodeDefinition = ERROR_CODES[known ? given : 9999];
  return {
    code: given,
    known,
    name: def.name,
    family: def.family,
    retry: def.retry,
    decline: def.decline,
    retryable: def.retry === 'transient' || def.retry === 'after-status-check',
    outcomeUnknown: def.retry === 'after-status-check' || def.retry === 'lookup',
  };
}
