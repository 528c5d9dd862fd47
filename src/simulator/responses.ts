/**
 * Wire shapes the gateway sends: transaction responses, status responses and callback bodies. Card data is
 * reported as brand/holder/expiry/first six/last four only.
 */
import { toDecimalString } from '../money.js';
import type { CardInfo } from './cards.js';
import type { StoredTransaction } from './store.js';
import type { GatewayError } from './triggers.js';

type Json = Record<string, unknown>;

/** returnData of a card transaction (`_TYPE` "cardData", as the official client parses it). */
export function returnDataFor(card: CardInfo, threeDSecure: string | undefined): Json {
  return {
    _TYPE: 'cardData',
    type: card.brand,
    cardHolder: card.cardHolder,
    expiryMonth: String(card.expiryMonth),
    expiryYear: String(card.expiryYear),
    binDigits: card.binDigits,
    firstSixDigits: card.firstSixDigits,
    lastFourDigits: card.lastFourDigits,
    fingerprint: card.fingerprint,
    threeDSecure: threeDSecure ?? 'OFF',
    binBrand: card.brand.toUpperCase(),
    binBank: 'SIMULATOR BANK',
    binCountry: 'AT',
  };
}

function moneyFields(tx: StoredTransaction): Json {
  return tx.amountMinor !== undefined && tx.currency !== undefined
    ? { amount: toDecimalString(tx.amountMinor, tx.currency), currency: tx.currency }
    : {};
}

/** chargebackData / chargebackReversalData of a chargeback or its reversal (the official client's field names). */
function eventFields(tx: StoredTransaction): Json {
  const event = tx.event;
  if (!event || event.kind === 'back-office-refund') return {};
  const common = {
    originalUuid: event.originalUuid,
    originalMerchantTransactionId: event.originalMerchantTransactionId,
    ...moneyFields(tx),
    ...(event.reason !== undefined ? { reason: event.reason } : {}),
  };
  if (event.kind === 'chargeback') return { chargebackData: { ...common, chargebackDateTime: event.at } };
  return {
    chargebackReversalData: { ...common, chargebackUuid: event.chargebackUuid, reversalDateTime: event.at },
  };
}

function optional(tx: StoredTransaction): Json {
  return {
    ...(tx.card ? { returnData: returnDataFor(tx.card, tx.threeDSecure) } : {}),
    ...(tx.customerProfileData ? { customerProfileData: { ...tx.customerProfileData } } : {}),
  };
}

/** The synchronous answer to a transaction request. */
export function transactionResponse(tx: StoredTransaction, redirectUrl: string | undefined): Json {
  const base = { uuid: tx.uuid, purchaseId: tx.purchaseId };
  switch (tx.status) {
    case 'SUCCESS':
      return { success: true, ...base, returnType: 'FINISHED', paymentMethod: 'Creditcard', ...optional(tx) };
    case 'PENDING':
      return { success: true, ...base, returnType: 'PENDING', paymentMethod: 'Creditcard', ...optional(tx) };
    case 'REDIRECT':
      return {
        success: true,
        ...base,
        returnType: 'REDIRECT',
        redirectType: 'fullpage',
        ...(redirectUrl !== undefined ? { redirectUrl } : {}),
        paymentMethod: 'Creditcard',
        ...optional(tx),
      };
    default:
      return {
        success: false,
        ...base,
        returnType: 'ERROR',
        paymentMethod: 'Creditcard',
        ...optional(tx),
        errors: tx.error ? [{ ...tx.error }] : [],
      };
  }
}

/** A rejection before processing: nothing committed, no uuid. */
export function errorResponse(errorCode: number, errorMessage: string): Json {
  return { success: false, errorMessage, errorCode };
}

/** GET status/{apiKey}/getByUuid|getByMerchantTransactionId. */
export function statusResponse(tx: StoredTransaction): Json {
  return {
    success: true,
    transactionStatus: tx.status,
    uuid: tx.uuid,
    merchantTransactionId: tx.merchantTransactionId,
    purchaseId: tx.purchaseId,
    transactionType: tx.type,
    paymentMethod: 'Creditcard',
    ...moneyFields(tx),
    ...(tx.referenceUuid !== undefined ? { referenceUuid: tx.referenceUuid } : {}),
    ...(tx.merchantMetaData !== undefined ? { merchantMetaData: tx.merchantMetaData } : {}),
    ...(tx.extraData ? { extraData: tx.extraData } : {}),
    ...optional(tx),
    ...(tx.customer ? { customer: tx.customer } : {}),
    ...(tx.error ? { errors: [{ ...tx.error }] } : {}),
    ...eventFields(tx),
  };
}

/** Callback `result` for a status; REDIRECT has no callback (nothing happened yet). */
export function callbackResult(tx: StoredTransaction): 'OK' | 'ERROR' | 'PENDING' | undefined {
  if (tx.status === 'SUCCESS') return 'OK';
  if (tx.status === 'PENDING') return 'PENDING';
  if (tx.status === 'ERROR' || tx.status === 'CANCELLED') return 'ERROR';
  return undefined;
}

/** The JSON body POSTed to callbackUrl. */
export function callbackBody(tx: StoredTransaction): Json | undefined {
  const result = callbackResult(tx);
  if (!result) return undefined;
  return {
    result,
    uuid: tx.uuid,
    merchantTransactionId: tx.merchantTransactionId,
    purchaseId: tx.purchaseId,
    transactionType: tx.type,
    paymentMethod: 'Creditcard',
    ...moneyFields(tx),
    ...(tx.referenceUuid !== undefined ? { referenceUuid: tx.referenceUuid } : {}),
    ...(tx.merchantMetaData !== undefined ? { merchantMetaData: tx.merchantMetaData } : {}),
    ...(tx.extraData ? { extraData: tx.extraData } : {}),
    ...(tx.error ? callbackErrorFields(tx.error) : {}),
    ...optional(tx),
    ...(tx.customer ? { customer: tx.customer } : {}),
    ...eventFields(tx),
  };
}

/**
 * Error fields of a callback: the flat errorMessage/errorCode/adapter* fields, `message`/`code` (which the official
 * PHP client's callback parser turns into its error list) and an `errors` array of the same entry.
 */
function callbackErrorFields(error: GatewayError): Json {
  const { errorMessage, errorCode, adapterMessage, adapterCode } = error;
  return {
    errorMessage,
    errorCode,
    adapterMessage,
    adapterCode,
    message: errorMessage,
    code: errorCode,
    errors: [{ message: errorMessage, code: errorCode, adapterMessage, adapterCode }],
  };
}
