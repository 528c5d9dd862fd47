/**
 * The gateway's transaction processing: validation, duplicate ids, payment sources (payment.js token, stored
 * instrument, PCI card data, registration reference, hosted payment page) and the triggers that pick an outcome.
 */
import { parseMoney, type ParsedMoney } from './parsed-money.js';
import { type CardBehavior, type CardInfo, cardFromRaw, isExpired } from './cards.js';
import {
  applyBehavior,
  commit,
  type EngineContext,
  type EngineResult,
  fail,
  reject,
  succeed,
} from './context.js';
import { processReference } from './references.js';
import { type PaymentRequest, parseWith, TRANSACTION_SCHEMAS } from './schemas.js';
import {
  type ProfileLink,
  type StoredTransaction,
  TRANSACTION_TYPES,
  type TransactionOperation,
} from './store.js';
import { amountTrigger } from './triggers.js';

/** Processes one transaction request. Everything the gateway accepts is committed, declines included. */
export function processTransaction(
  ctx: EngineContext,
  operation: TransactionOperation,
  body: unknown,
): EngineResult {
  const parsed = parseWith<Record<string, unknown> & { merchantTransactionId: string }>(
    TRANSACTION_SCHEMAS[operation] as never,
    body,
  );
  if (!parsed.ok) return reject(1002, parsed.message);
  const request = parsed.value;
  if (ctx.store.hasMerchantTransactionId(request.merchantTransactionId)) {
    return reject(3004, `The transaction ID '${request.merchantTransactionId}' already exists!`);
  }
  let money: ParsedMoney | undefined;
  if (typeof request['amount'] === 'string' && typeof request['currency'] === 'string') {
    const m = parseMoney(request['amount'], request['currency']);
    if (typeof m === 'string') return reject(1002, m);
    money = m;
  }
  switch (operation) {
    case 'debit':
    case 'preauthorize':
    case 'payout':
    case 'register':
      return processPayment(ctx, operation, request as PaymentRequest, money);
    default:
      return processReference(ctx, operation, request as never, money);
  }
}

type Source =
  | {
      readonly kind: 'card';
      readonly card: CardInfo;
      readonly link?: ProfileLink;
      readonly paymentToken?: string;
    }
  | { readonly kind: 'invalid-card'; readonly code: number; readonly message: string }
  | { readonly kind: 'not-registration'; readonly message: string }
  | { readonly kind: 'hpp' };

function resolveSource(ctx: EngineContext, request: PaymentRequest): Source | EngineResult {
  const given = [request.transactionToken, request.cardData, request.referenceUuid].filter(
    (x) => x !== undefined,
  );
  if (given.length > 1)
    return reject(1002, 'root: give only one of transactionToken, cardData, referenceUuid');
  const token = request.transactionToken;
  if (token !== undefined && token.startsWith('pt::')) {
    const found = ctx.profiles.resolveToken(token);
    if (!found) return reject(1002, `root.transactionToken: payment token '${token}' not found`);
    const { profile, instrument } = found;
    const link = {
      profileGuid: profile.profileGuid,
      customerIdentification: profile.customerIdentification,
      paymentToken: token,
    };
    return { kind: 'card', card: instrument.card, link, paymentToken: token };
  }
  if (token !== undefined) {
    const card = ctx.vault.get(token);
    return card ? { kind: 'card', card } : reject(1002, `root.transactionToken: invalid or expired token`);
  }
  if (request.cardData) {
    const r = cardFromRaw(request.cardData);
    return r.ok ? { kind: 'card', card: r.card } : { kind: 'invalid-card', code: r.code, message: r.message };
  }
  if (request.referenceUuid !== undefined) {
    const ref = ctx.store.get(request.referenceUuid);
    if (!ref) return reject(1002, `root.referenceUuid: transaction '${request.referenceUuid}' not found`);
    const isRegistration =
      ref.type === 'REGISTER' || ((ref.type === 'DEBIT' || ref.type === 'PREAUTHORIZE') && ref.withRegister);
    if (!isRegistration || ref.status !== 'SUCCESS' || ref.deregistered || !ref.card) {
      return { kind: 'not-registration', message: 'Referenced transaction is not an active registration' };
    }
    return {
      kind: 'card',
      card: ref.card,
      ...(ref.customerProfileData ? { link: ref.customerProfileData } : {}),
    };
  }
  return { kind: 'hpp' };
}

/** What a charge of `card` does: real expiry first, then the card's trigger, then the amount's. */
export function chargeBehavior(card: CardInfo, minor: number | undefined, now: Date): CardBehavior {
  if (isExpired(card, now)) return 'error:2009';
  if (card.behavior !== 'success') return card.behavior;
  return (minor === undefined ? undefined : amountTrigger(minor)) ?? 'success';
}

function processPayment(
  ctx: EngineContext,
  operation: 'debit' | 'preauthorize' | 'payout' | 'register',
  request: PaymentRequest,
  money: ParsedMoney | undefined,
): EngineResult {
  const profileRequest = request.customerProfileData;
  if (profileRequest?.profileGuid !== undefined && !ctx.profiles.find(profileRequest)) {
    return reject(1002, `root.customerProfileData: profile '${profileRequest.profileGuid}' not found`);
  }
  const src = resolveSource(ctx, request);
  if (src.kind === 'rejected' || src.kind === 'committed') return src;
  const tx = commit(ctx, {
    merchantTransactionId: request.merchantTransactionId,
    type: TRANSACTION_TYPES[operation],
    status: 'PENDING',
    ...(money ? { amountMinor: money.minor, currency: money.currency } : {}),
    ...(request.referenceUuid !== undefined ? { referenceUuid: request.referenceUuid } : {}),
    withRegister: operation === 'register' || request.withRegister === true,
    ...(profileRequest ? { profileRequest } : {}),
    ...(src.kind === 'card' && src.paymentToken !== undefined ? { paymentToken: src.paymentToken } : {}),
    ...(src.kind === 'card' && src.link ? { customerProfileData: src.link } : {}),
    ...(src.kind === 'card' ? { card: src.card } : {}),
    ...(request.customer ? { customer: request.customer } : {}),
    ...(request.extraData ? { extraData: request.extraData } : {}),
    ...(request.merchantMetaData !== undefined ? { merchantMetaData: request.merchantMetaData } : {}),
    ...(request.callbackUrl !== undefined ? { callbackUrl: request.callbackUrl } : {}),
    threeDSecure: 'OFF',
  });
  if (src.kind === 'invalid-card') fail(ctx, tx, src.code, src.message);
  else if (src.kind === 'not-registration') fail(ctx, tx, 1006, src.message);
  else if (src.kind === 'hpp') {
    tx.status = 'REDIRECT';
    tx.redirectKind = 'hpp';
  } else if (!settlesLate(ctx, operation, tx, src.card)) settleWithCard(ctx, tx, src.card);
  ctx.changed(tx);
  return { kind: 'committed', tx };
}

/**
 * The late-settle fault: a debit/preauthorize whose card would succeed answers ERROR (or PENDING) now and turns
 * SUCCESS later under the same uuid (Completion arms the timer). True when it took over the transaction.
 */
function settlesLate(ctx: EngineContext, operation: string, tx: StoredTransaction, card: CardInfo): boolean {
  if (operation !== 'debit' && operation !== 'preauthorize') return false;
  if (chargeBehavior(card, tx.amountMinor, ctx.now()) !== 'success') return false;
  const plan = ctx.planLateSettle(operation, tx.merchantTransactionId);
  if (!plan) return false;
  tx.card = card;
  tx.lateSettle = {
    reply: plan.reply === 'error' ? 'ERROR' : 'PENDING',
    ...(plan.reply === 'error' ? { errorCode: plan.errorCode } : {}),
    settleAt: new Date(ctx.now().getTime() + plan.settleAfterMs).toISOString(),
  };
  if (plan.reply === 'error') fail(ctx, tx, plan.errorCode);
  else tx.status = 'PENDING';
  return true;
}

/**
 * Settles a transaction once its card is known (directly, or after the hosted payment page). A registration
 * verifies the card without charging, so only real expiry and an invalid card stop it; trigger behavior sticks
 * to the stored instrument for later charges.
 */
export function settleWithCard(ctx: EngineContext, tx: StoredTransaction, card: CardInfo): void {
  tx.card = card;
  if (tx.type === 'REGISTER' || tx.type === 'PAYOUT') {
    if (isExpired(card, ctx.now())) fail(ctx, tx, 2009);
    else succeed(ctx, tx);
    return;
  }
  applyBehavior(ctx, tx, chargeBehavior(card, tx.amountMinor, ctx.now()));
}
