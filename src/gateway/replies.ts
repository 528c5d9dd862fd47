/** Turning a raw reply into a typed value or the right GatewayError. Shared by every client operation. */
import type { z } from 'zod';
import { gatewayErrorFrom } from './errors/gateway-error-from.js';
import { issuesFrom } from './errors/malformed-response-error.js';
import type { GatewayRejectedError } from './errors/rejected-error.js';
import { parseJsonObject } from './json.js';
import { ErrorReply } from './schemas/error-reply.js';
import type { TransactionResponse } from './schemas/transaction-response.js';
import type { WireReply } from './transport.js';

export const isSuccessStatus = (status: number): boolean => status >= 200 && status < 300;

/**
 * The reply's JSON object, for 2xx and for 4xx (which may carry an IXOPAY error code). 429, 5xx, 3xx and
 * non-JSON bodies throw here.
 */
export function replyJson(operation: string, reply: WireReply, mutating: boolean): Record<string, unknown> {
  const { status } = reply;
  const json = parseJsonObject(reply.text);
  const code = ErrorReply.shape.errorCode.safeParse(json?.['errorCode']).data;
  if (status === 429 || status >= 500 || status < 200 || (status >= 300 && status < 400)) {
    throw gatewayErrorFrom({ kind: 'http', operation, status, retryAfter: reply.retryAfter, code, mutating });
  }
  if (json) return json;
  if (!isSuccessStatus(status)) throw gatewayErrorFrom({ kind: 'http', operation, status, mutating });
  throw gatewayErrorFrom({ kind: 'malformed', operation, issues: [], httpStatus: status, mutating });
}

/** A `success: false` reply without uuid: the request was rejected before processing. */
export function rejection(
  operation: string,
  json: Record<string, unknown>,
  httpStatus: number,
): GatewayRejectedError {
  const parsed = ErrorReply.safeParse(json);
  const reply = parsed.success ? parsed.data : undefined;
  const errors = Array.isArray(json['errors']) ? (json['errors'] as unknown[]) : [];
  const first = ErrorReply.omit({ success: true }).safeParse(errors[0]).data;
  return gatewayErrorFrom({
    kind: 'code',
    operation,
    code: reply?.errorCode ?? first?.errorCode,
    message: reply?.errorMessage ?? first?.errorMessage,
    adapterCode: reply?.adapterCode ?? first?.adapterCode,
    adapterMessage: reply?.adapterMessage ?? first?.adapterMessage,
    httpStatus,
  });
}

/** Fails with the generic HTTP error when a 4xx reply was not a recognised error reply. */
export function assertSuccessStatus(operation: string, reply: WireReply, mutating: boolean): void {
  if (!isSuccessStatus(reply.status)) {
    throw gatewayErrorFrom({ kind: 'http', operation, status: reply.status, mutating });
  }
}

/** Schema-checks a reply; a mismatch is a GatewayMalformedResponseError (outcome unknown after a POST). */
export function decodeReply<S extends z.ZodType>(
  operation: string,
  schema: S,
  json: unknown,
  reply: WireReply,
  mutating: boolean,
): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw gatewayErrorFrom({
    kind: 'malformed',
    operation,
    issues: issuesFrom(parsed.error),
    httpStatus: reply.status,
    mutating,
  });
}

/**
 * The typed error of a processed transaction that did not succeed (`returnType: "ERROR"` or `success: false`),
 * built from `errors[0]`; undefined for a successful one. Declines are returned by the client, not thrown.
 */
export function transactionError(
  response: TransactionResponse,
  operation = 'transaction',
): GatewayRejectedError | undefined {
  if (response.success && response.returnType !== 'ERROR') return undefined;
  const first = response.errors?.[0];
  return gatewayErrorFrom({
    kind: 'code',
    operation,
    code: first?.errorCode ?? response.errorCode,
    message: first?.errorMessage ?? response.errorMessage,
    adapterCode: first?.adapterCode,
    adapterMessage: first?.adapterMessage,
    uuid: response.uuid,
  });
}
