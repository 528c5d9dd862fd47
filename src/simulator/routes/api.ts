/**
 * The gateway API handlers: transactions, status, customer profiles. Each returns the HTTP status and JSON body;
 * the server applies auth and faults around them.
 */
import type { EngineContext } from '../context.js';
import { redirectUrlFor } from '../context.js';
import { processTransaction } from '../engine.js';
import { renderProfile } from '../profiles.js';
import { errorResponse, statusResponse, transactionResponse } from '../responses.js';
import { PROFILE_SCHEMAS, parseWith } from '../schemas.js';
import { TRANSACTION_TYPES, type TransactionOperation } from '../store.js';

export interface ApiReply {
  readonly status: number;
  readonly body: unknown;
  /** True when the request committed a transaction (the ambiguous-outcome fault only matters then). */
  readonly committed?: boolean;
}

export function isTransactionOperation(op: string): op is TransactionOperation {
  return Object.prototype.hasOwnProperty.call(TRANSACTION_TYPES, op);
}

function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

export function handleTransaction(
  ctx: EngineContext,
  operation: TransactionOperation,
  raw: Buffer,
): ApiReply {
  const json = parseJson(raw);
  if (!json.ok) return { status: 200, body: errorResponse(1002, 'root: request body is not valid JSON') };
  const result = processTransaction(ctx, operation, json.value);
  if (result.kind === 'rejected')
    return { status: 200, body: errorResponse(result.errorCode, result.errorMessage) };
  return {
    status: 200,
    body: transactionResponse(result.tx, redirectUrlFor(ctx, result.tx)),
    committed: true,
  };
}

export function handleStatus(
  ctx: EngineContext,
  by: 'getByUuid' | 'getByMerchantTransactionId',
  id: string,
): ApiReply {
  const tx = by === 'getByUuid' ? ctx.store.get(id) : ctx.store.byMerchantTransactionId(id);
  return { status: 200, body: tx ? statusResponse(tx) : errorResponse(8001, 'Transaction not found') };
}

export type ProfileAction = keyof typeof PROFILE_SCHEMAS;

export function isProfileAction(action: string): action is ProfileAction {
  return Object.prototype.hasOwnProperty.call(PROFILE_SCHEMAS, action);
}

const notFound = {
  success: false,
  profileExists: false,
  errorMessage: 'Customer profile not found',
  errorCode: 1002,
};

export function handleProfile(
  ctx: EngineContext,
  action: ProfileAction,
  raw: Buffer,
  dirty: () => void,
): ApiReply {
  const json = parseJson(raw);
  if (!json.ok) return { status: 200, body: errorResponse(1002, 'root: request body is not valid JSON') };
  const parsed = parseWith(PROFILE_SCHEMAS[action], json.value);
  if (!parsed.ok) return { status: 200, body: errorResponse(1002, parsed.message) };
  const request = parsed.value;
  const profile = ctx.profiles.find(request);
  if (!profile) return { status: 200, body: notFound };
  if (action === 'getProfile') return { status: 200, body: renderProfile(profile) };
  dirty();
  if (action === 'deleteProfile') {
    ctx.profiles.delete(profile);
    return { status: 200, body: { success: true } };
  }
  const update = request as { customerData?: Record<string, unknown>; preferredInstrument?: string };
  const changed = ctx.profiles.update(profile, update.customerData, update.preferredInstrument);
  if (!changed.ok)
    return { status: 200, body: errorResponse(1002, `root.preferredInstrument: ${changed.message}`) };
  return {
    status: 200,
    body: {
      success: true,
      profileGuid: profile.profileGuid,
      customerIdentification: profile.customerIdentification,
      customer: profile.customer,
      changedFields: changed.value,
    },
  };
}
