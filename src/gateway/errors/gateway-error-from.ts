import { isTimeoutError } from 'ky';
import { classifyErrorCode } from '../error-codes.js';
import type { GatewayError } from './gateway-error.js';
import { GatewayHttpError } from './http-error.js';
import { GatewayMalformedResponseError, type MalformedIssue } from './malformed-response-error.js';
import { GatewayNetworkError } from './network-error.js';
import { GatewayRateLimitedError } from './rate-limited-error.js';
import { GatewayRejectedError } from './rejected-error.js';
import { GatewayTimeoutError } from './timeout-error.js';

/** Every way a gateway call can fail, as the client observed it. */
export type GatewayFailure =
  | {
      /** The gateway answered with an IXOPAY error code. */
      readonly kind: 'code';
      readonly operation: string;
      readonly code: number | string | undefined;
      readonly message?: string | undefined;
      readonly adapterCode?: string | undefined;
      readonly adapterMessage?: string | undefined;
      readonly httpStatus?: number | undefined;
      readonly uuid?: string | undefined;
    }
  | {
      /** A non-2xx reply that carries no usable error code. */
      readonly kind: 'http';
      readonly operation: string;
      readonly status: number;
      readonly retryAfter?: string | null | undefined;
      readonly code?: number | undefined;
      readonly mutating: boolean;
      readonly now?: number | undefined;
    }
  | {
      /** No reply: the request threw (timeout, connection failure). */
      readonly kind: 'thrown';
      readonly operation: string;
      readonly error: unknown;
      readonly mutating: boolean;
    }
  | {
      /** A reply that is not JSON or fails its schema. */
      readonly kind: 'malformed';
      readonly operation: string;
      readonly issues: readonly MalformedIssue[];
      readonly httpStatus?: number | undefined;
      readonly mutating: boolean;
    };

/** Connection failures where the request provably never reached the gateway. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Retry-After in seconds or as an HTTP-date → milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function causeCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

function isTimeout(error: unknown): boolean {
  return (
    isTimeoutError(error) || (error instanceof Error && ['TimeoutError', 'AbortError'].includes(error.name))
  );
}

/** undici's own failures surface as TypeError("fetch failed" / "terminated") when ky did not wrap them. */
function isNetwork(error: unknown): boolean {
  return error instanceof TypeError && ['fetch failed', 'terminated'].includes(error.message);
}

function fromThrown(operation: string, error: unknown, mutating: boolean): GatewayError {
  if (isTimeout(error)) {
    return new GatewayTimeoutError(`${operation}: no reply from the gateway in time`, {
      operation,
      retryable: true,
      outcomeUnknown: mutating,
    });
  }
  const causeCode = causeCodeOf(error);
  const sent = causeCode === undefined || !NOT_SENT_CODES.has(causeCode);
  // ky's errors hold the Request (with the Authorization header), so only the cause code is kept, never the error.
  // Unrecognised throwables are kept as cause: they are our bugs, not transport failures, and carry no request.
  const options = isNetwork(error) ? {} : { cause: error };
  return new GatewayNetworkError(
    `${operation}: connection to the gateway failed (${causeCode ?? 'no code'})`,
    { operation, retryable: true, outcomeUnknown: mutating && sent, causeCode },
    options,
  );
}

/**
 * The one factory that turns an observed failure into its GatewayError class. Retryability and outcome
 * uncertainty come only from the error-code table, the HTTP status, or the kind of transport failure.
 */
export function gatewayErrorFrom(failure: Extract<GatewayFailure, { kind: 'code' }>): GatewayRejectedError;
export function gatewayErrorFrom(
  failure: Extract<GatewayFailure, { kind: 'malformed' }>,
): GatewayMalformedResponseError;
export function gatewayErrorFrom(failure: GatewayFailure): GatewayError;
export function gatewayErrorFrom(failure: GatewayFailure): GatewayError {
  const { operation } = failure;
  switch (failure.kind) {
    case 'code': {
      const classification = classifyErrorCode(failure.code);
      const text = failure.message?.slice(0, 200) ?? classification.name;
      return new GatewayRejectedError(`${operation}: ${text} (IXOPAY ${classification.code})`, {
        operation,
        classification,
        adapterCode: failure.adapterCode,
        adapterMessage: failure.adapterMessage,
        httpStatus: failure.httpStatus,
        uuid: failure.uuid,
      });
    }
    case 'http': {
      const { status } = failure;
      if (status === 429) {
        return new GatewayRateLimitedError(`${operation}: rate limited by the gateway (HTTP 429)`, {
          operation,
          httpStatus: status,
          retryable: true,
          outcomeUnknown: false,
          retryAfterMs: parseRetryAfter(failure.retryAfter, failure.now),
        });
      }
      const serverSide = status >= 500;
      return new GatewayHttpError(`${operation}: gateway answered HTTP ${status}`, {
        operation,
        httpStatus: status,
        code: failure.code,
        retryable: serverSide || status === 408,
        outcomeUnknown: serverSide && failure.mutating,
      });
    }
    case 'thrown':
      return fromThrown(operation, failure.error, failure.mutating);
    case 'malformed': {
      const where = failure.issues.map((i) => i.path.join('.') || '(root)').join(', ');
      const what = failure.issues.length === 0 ? 'is not JSON' : `does not match its schema at ${where}`;
      return new GatewayMalformedResponseError(`${operation}: gateway reply ${what}`, {
        operation,
        httpStatus: failure.httpStatus,
        issues: failure.issues,
        // A schema mismatch repeats on every attempt; the status lookup (outcomeUnknown) settles the outcome.
        retryable: false,
        outcomeUnknown: failure.mutating,
      });
    }
  }
}
