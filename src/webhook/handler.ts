/**
 * Pure callback handler: raw bytes + headers → a verified event for one workflow, or a rejection.
 * Order matters: verify the raw body's signature (constant time, Date freshness, fallback secret) before
 * parsing anything, then parse with zod, then derive the workflow id from merchantTransactionId (no database).
 */
import type { GatewayCallbackEvent, GatewayErrorInfo } from '../domain.js';
import { classifyErrorCode, parseCallback } from '../gateway/index.js';
import { CONTENT_TYPE_JSON, verify } from '../gateway/signature.js';
import { parseMerchantTransactionId } from '../ids.js';

export interface WebhookRequest {
  readonly rawBody: Buffer;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Path plus "?query" exactly as received; part of the signed string. */
  readonly requestUri: string;
}

export interface WebhookOptions {
  /** Current secret first, then previous ones during rotation. */
  readonly secrets: readonly string[];
  readonly toleranceSeconds: number;
  readonly now?: Date;
}

export type WebhookDecision =
  | { readonly kind: 'signal'; readonly workflowId: string; readonly event: GatewayCallbackEvent }
  | { readonly kind: 'ignore'; readonly reason: string }
  | { readonly kind: 'reject'; readonly status: 400 | 401; readonly reason: string };

function errorInfo(
  code: number | undefined,
  message: string | undefined,
  adapterCode: string | undefined,
): GatewayErrorInfo | undefined {
  if (code === undefined) return undefined;
  const entry = classifyErrorCode(code);
  return {
    code,
    message: message ?? entry.name,
    adapterCode,
    decline: entry.decline,
    transient: entry.retry === 'transient' || entry.retry === 'after-status-check',
  };
}

export function handleCallback(request: WebhookRequest, options: WebhookOptions): WebhookDecision {
  const verified = verify(
    {
      method: 'POST',
      body: request.rawBody,
      contentType: request.headers['content-type'] ?? CONTENT_TYPE_JSON,
      date: request.headers['date'] ?? request.headers['x-date'],
      requestUri: request.requestUri,
      signature: request.headers['x-signature'],
    },
    {
      secrets: options.secrets,
      toleranceSeconds: options.toleranceSeconds,
      ...(options.now ? { now: options.now } : {}),
    },
  );
  if (!verified.ok) return { kind: 'reject', status: 401, reason: verified.reason };

  let callback: ReturnType<typeof parseCallback>;
  try {
    callback = parseCallback(request.rawBody.toString('utf8'));
  } catch {
    return { kind: 'reject', status: 400, reason: 'malformed-callback' };
  }
  const parsed = parseMerchantTransactionId(callback.merchantTransactionId);
  if (!parsed) return { kind: 'ignore', reason: 'foreign-merchant-transaction-id' };
  const profile = callback.customerProfileData;
  const event: GatewayCallbackEvent = {
    merchantTransactionId: callback.merchantTransactionId,
    uuid: callback.uuid,
    result: callback.result,
    transactionType: callback.transactionType,
    purchaseId: callback.purchaseId,
    error: errorInfo(callback.errorCode, callback.errorMessage, callback.adapterCode),
    profile:
      profile?.profileGuid && profile.customerIdentification
        ? {
            profileGuid: profile.profileGuid,
            customerIdentification: profile.customerIdentification,
            paymentToken: profile.paymentToken,
          }
        : undefined,
  };
  return { kind: 'signal', workflowId: parsed.workflowId, event };
}
