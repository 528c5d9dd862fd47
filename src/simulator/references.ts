/**
 * Transactions that act on an earlier one (capture, void, refund, incremental authorization, deregister) and
 * the gateway's rules for them. An unknown reference is refused before processing (1002, nothing committed);
 * a reference of the wrong type is committed as ERROR 3002 (not allowed); a reference in the wrong state or an
 * amount beyond what is left is committed as ERROR 1006 (logical error).
 */
import { commit, type EngineContext, type EngineResult, fail, reject, succeed } from './context.js';
import type { ParsedMoney } from './parsed-money.js';
import type { DeregisterRequest, ReferenceRequest, VoidRequest } from './schemas.js';
import { type StoredTransaction, TRANSACTION_TYPES } from './store.js';

type ReferenceOperation = 'capture' | 'void' | 'refund' | 'incrementalAuthorization' | 'deregister';
type Violation = readonly [code: 1006 | 3002, message: string];

export function processReference(
  ctx: EngineContext,
  operation: ReferenceOperation,
  request: ReferenceRequest & VoidRequest & DeregisterRequest,
  money: ParsedMoney | undefined,
): EngineResult {
  if (operation === 'deregister' && request.referenceUuid === undefined)
    return deregisterByToken(ctx, request);
  const ref = ctx.store.get(request.referenceUuid ?? '');
  if (!ref) return reject(1002, `root.referenceUuid: transaction '${request.referenceUuid ?? ''}' not found`);
  const tx = commit(ctx, {
    merchantTransactionId: request.merchantTransactionId,
    type: TRANSACTION_TYPES[operation],
    status: 'PENDING',
    referenceUuid: ref.uuid,
    ...(money
      ? { amountMinor: money.minor, currency: money.currency }
      : ref.amountMinor !== undefined && ref.currency !== undefined && operation === 'void'
        ? { amountMinor: ref.amountMinor, currency: ref.currency }
        : {}),
    withRegister: false,
    ...(ref.card ? { card: ref.card } : {}),
    ...(ref.customerProfileData ? { customerProfileData: ref.customerProfileData } : {}),
    ...(request.extraData ? { extraData: request.extraData } : {}),
    ...(request.merchantMetaData !== undefined ? { merchantMetaData: request.merchantMetaData } : {}),
    ...(request.callbackUrl !== undefined ? { callbackUrl: request.callbackUrl } : {}),
  });
  const violation = RULES[operation](ctx, ref, money);
  if (violation) fail(ctx, tx, violation[0], violation[1]);
  else {
    EFFECTS[operation](ctx, ref, money?.minor ?? 0);
    succeed(ctx, tx);
  }
  ctx.changed(tx);
  return { kind: 'committed', tx };
}

function deregisterByToken(ctx: EngineContext, request: DeregisterRequest): EngineResult {
  const token = request.transactionToken ?? '';
  const found = ctx.profiles.resolveToken(token);
  if (!found) return reject(1002, `root.transactionToken: payment token '${token}' not found`);
  const tx = commit(ctx, {
    merchantTransactionId: request.merchantTransactionId,
    type: 'DEREGISTER',
    status: 'PENDING',
    withRegister: false,
    paymentToken: token,
    card: found.instrument.card,
    customerProfileData: {
      profileGuid: found.profile.profileGuid,
      customerIdentification: found.profile.customerIdentification,
      paymentToken: token,
    },
    ...(request.callbackUrl !== undefined ? { callbackUrl: request.callbackUrl } : {}),
  });
  ctx.profiles.removeToken(token);
  succeed(ctx, tx);
  ctx.changed(tx);
  return { kind: 'committed', tx };
}

function stateViolation(ref: StoredTransaction, money: ParsedMoney | undefined): Violation | undefined {
  if (ref.status !== 'SUCCESS')
    return [1006, `Referenced transaction is not successful (status ${ref.status})`];
  if (money && ref.currency !== undefined && money.currency !== ref.currency) {
    return [1006, `Currency ${money.currency} does not match the referenced transaction's ${ref.currency}`];
  }
  return undefined;
}

const authorizedMinor = (ref: StoredTransaction): number => (ref.amountMinor ?? 0) + ref.incrementedMinor;

const RULES: Record<
  ReferenceOperation,
  (ctx: EngineContext, ref: StoredTransaction, money: ParsedMoney | undefined) => Violation | undefined
> = {
  capture: (_ctx, ref, money) => {
    if (ref.type !== 'PREAUTHORIZE') return [3002, 'Capture needs a preauthorize as reference'];
    const state = stateViolation(ref, money);
    if (state) return state;
    if (ref.voided) return [1006, 'The preauthorization was voided'];
    const left = authorizedMinor(ref) - ref.capturedMinor;
    if ((money?.minor ?? 0) > left)
      return [1006, `Capture amount exceeds the remaining authorized amount (${left} minor units)`];
    return undefined;
  },
  void: (_ctx, ref) => {
    if (ref.type !== 'PREAUTHORIZE') return [3002, 'Void needs a preauthorize as reference'];
    const state = stateViolation(ref, undefined);
    if (state) return state;
    if (ref.voided) return [1006, 'The preauthorization was already voided'];
    if (ref.capturedMinor > 0) return [1006, 'The preauthorization was already captured'];
    return undefined;
  },
  incrementalAuthorization: (_ctx, ref, money) => {
    if (ref.type !== 'PREAUTHORIZE')
      return [3002, 'Incremental authorization needs a preauthorize as reference'];
    const state = stateViolation(ref, money);
    if (state) return state;
    if (ref.voided || ref.capturedMinor > 0) return [1006, 'The preauthorization is no longer open'];
    return undefined;
  },
  refund: (ctx, ref, money) => {
    if (ref.type !== 'DEBIT' && ref.type !== 'CAPTURE' && ref.type !== 'PREAUTHORIZE') {
      return [3002, 'Refund needs a debit, capture or captured preauthorize as reference'];
    }
    const state = stateViolation(ref, money);
    if (state) return state;
    const refundable = ref.type === 'PREAUTHORIZE' ? ref.capturedMinor : (ref.amountMinor ?? 0);
    let left = refundable - ref.refundedMinor;
    const preauth =
      ref.type === 'CAPTURE' && ref.referenceUuid !== undefined
        ? ctx.store.get(ref.referenceUuid)
        : undefined;
    if (preauth) left = Math.min(left, preauth.capturedMinor - preauth.refundedMinor);
    if (ref.type === 'PREAUTHORIZE' && refundable === 0)
      return [1006, 'The preauthorization was not captured'];
    if ((money?.minor ?? 0) > left)
      return [1006, `Refund amount exceeds the refundable amount (${left} minor units left)`];
    return undefined;
  },
  deregister: (_ctx, ref) => {
    const isRegistration =
      ref.type === 'REGISTER' || ((ref.type === 'DEBIT' || ref.type === 'PREAUTHORIZE') && ref.withRegister);
    if (!isRegistration)
      return [3002, 'Deregister needs a register or a transaction with withRegister as reference'];
    const state = stateViolation(ref, undefined);
    if (state) return state;
    if (ref.deregistered) return [1006, 'The registration was already deregistered'];
    return undefined;
  },
};

const EFFECTS: Record<
  ReferenceOperation,
  (ctx: EngineContext, ref: StoredTransaction, minor: number) => void
> = {
  capture: (_ctx, ref, minor) => {
    ref.capturedMinor += minor;
  },
  void: (_ctx, ref) => {
    ref.voided = true;
  },
  incrementalAuthorization: (_ctx, ref, minor) => {
    ref.incrementedMinor += minor;
  },
  refund: (ctx, ref, minor) => {
    ref.refundedMinor += minor;
    const preauth =
      ref.type === 'CAPTURE' && ref.referenceUuid !== undefined
        ? ctx.store.get(ref.referenceUuid)
        : undefined;
    if (preauth) preauth.refundedMinor += minor;
  },
  deregister: (ctx, ref) => {
    ref.deregistered = true;
    if (ref.customerProfileData) ctx.profiles.removeToken(ref.customerProfileData.paymentToken);
  },
};

/** Why refunding `minor` of `ref` breaks the API's refund rules (back-office refunds obey them too). */
export function refundViolation(
  ctx: EngineContext,
  ref: StoredTransaction,
  money: ParsedMoney,
): Violation | undefined {
  return RULES.refund(ctx, ref, money);
}

/** Books a refund of `minor` against `ref` (and its preauthorization). */
export function applyRefund(ctx: EngineContext, ref: StoredTransaction, minor: number): void {
  EFFECTS.refund(ctx, ref, minor);
}
