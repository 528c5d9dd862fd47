/**
 * Pure callback handler: raw bytes + headers → a verified event for one workflow, or a rejection.
 * Order matters: verify the raw body's signature (constant time, Date freshness, fallback secret) before
 * parsing anything, then parse with zod, then derive the workflow id from merchantTransactionId (no database).
 */
import type { GatewayCallbackEvent } from '../contract/domain.js';
import { gatewayErrorInfo } from '../gateway/error-info.js';
import { parseCallback } from '../gateway/index.js';
import { CONTENT_TYPE_JSON, verify, type BodyHashAlgorithm } from '../gateway/signature.js';
import { parseMerchantTransactionId, type FlowKind } from '../ids.js';

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
  /** The configured body-hash algorithm (IXOPAY_BODY_HASH); default sha512. */
  readonly bodyHash?: BodyHashAlgorithm | undefined;
  /** Also accepted while a migration between algorithms is under way (IXOPAY_BODY_HASH_MIGRATION). */
  readonly bodyHashMigration?: readonly BodyHashAlgorithm[] | undefined;
  readonly now?: Date;
}

/**
 * `charge`: a callback for one of the charge's (or registration's) own transactions, signalled to its workflow;
 * if that workflow has closed, a charge's callback goes to its follow-up instead. `follow-up`: an event after the
 * fact (chargeback, chargeback reversal, back-office refund), always for the follow-up workflow.
 */
export type WebhookDecision =
  | {
      readonly kind: 'signal';
      readonly route: 'charge' | 'follow-up';
      readonly workflowId: string;
      /** The business id (charge or registration): the follow-up workflow's key. */
      readonly chargeId: string;
      readonly flow: FlowKind;
      readonly event: GatewayCallbackEvent;
    }
  | { readonly kind: 'ignore'; readonly reason: string }
  | { readonly kind: 'reject'; readonly status: 400 | 401; readonly reason: string };

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
      algorithms: [options.bodyHash ?? 'sha512', ...(options.bodyHashMigration ?? [])],
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
  const type = (callback.transactionType ?? '').toUpperCase();
  const chargeback = chargebackRef(callback, type);
  // Chargebacks route by the original's id; a back-office refund by the original's id in merchantMetaData.
  const own = parseMerchantTransactionId(callback.merchantTransactionId);
  const afterTheFact = type === 'CHARGEBACK' || type === 'CHARGEBACK-REVERSAL';
  const original = chargeback
    ? parseMerchantTransactionId(chargeback.originalMerchantTransactionId)
    : afterTheFact
      ? own
      : own
        ? undefined
        : parseMerchantTransactionId(callback.merchantMetaData ?? '');
  const toFollowUp = afterTheFact || !own;
  const target = toFollowUp ? original : own;
  if (!target) return { kind: 'ignore', reason: 'foreign-merchant-transaction-id' };
  const profile = callback.customerProfileData;
  const event: GatewayCallbackEvent = {
    merchantTransactionId: callback.merchantTransactionId,
    uuid: callback.uuid,
    result: callback.result,
    transactionType: callback.transactionType,
    purchaseId: callback.purchaseId,
    error: gatewayErrorInfo(callback.errorCode, callback.errorMessage, callback.adapterCode),
    profile:
      profile?.profileGuid && profile.customerIdentification
        ? {
            profileGuid: profile.profileGuid,
            customerIdentification: profile.customerIdentification,
            paymentToken: profile.paymentToken,
          }
        : undefined,
    ...(typeof callback.amount === 'number' ? { amountMinor: callback.amount } : {}),
    ...(typeof callback.currency === 'string' ? { currency: callback.currency } : {}),
    ...(callback.unreadableAmounts ? { amountsUnreadable: true as const } : {}),
    ...(chargeback ? { chargeback } : {}),
    ...(!afterTheFact && !own ? { relatesTo: callback.merchantMetaData } : {}),
  };
  const chargeId = target.businessId;
  const flow = target.kind;
  const route = toFollowUp ? 'follow-up' : 'charge';
  return { kind: 'signal', route, workflowId: target.workflowId, chargeId, flow, event };
}

/** The chargeback (or reversal) data of a CHARGEBACK / CHARGEBACK-REVERSAL callback, amounts in minor units. */
function chargebackRef(
  callback: ReturnType<typeof parseCallback>,
  type: string,
): GatewayCallbackEvent['chargeback'] {
  const data =
    type === 'CHARGEBACK'
      ? callback.chargebackData
      : type === 'CHARGEBACK-REVERSAL'
        ? callback.chargebackReversalData
        : undefined;
  if (!data?.originalMerchantTransactionId) return undefined;
  return {
    originalMerchantTransactionId: data.originalMerchantTransactionId,
    originalUuid: data.originalUuid,
    chargebackUuid:
      'chargebackUuid' in data && typeof data.chargebackUuid === 'string' ? data.chargebackUuid : undefined,
    amountMinor: typeof data.amount === 'number' ? data.amount : undefined,
    currency: typeof data.currency === 'string' ? data.currency : undefined,
    reason: data.reason?.slice(0, 200),
  };
}
