/**
 * Admin endpoints for after-the-fact events: POST /simulator/events/{chargeback,chargeback-reversal,refund,
 * late-settle}. JSON in, JSON out; amounts as decimal strings in the original's currency, as on the wire. A
 * refusal answers 400/404/409 with `{success:false, error, errorMessage}` and commits nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type GatewayEvents, SimulatorEventError } from '../events.js';
import { parseLooseBody, readBody, sendJson } from '../http-util.js';
import { toLedgerEntry } from '../ledger.js';
import { statusResponse } from '../responses.js';
import { parseWith } from '../schemas.js';
import type { StoredTransaction } from '../store.js';

const id = z.string().min(1).max(64);
const amount = z.string().regex(/^\d+(\.\d{1,3})?$/, "must be a decimal string like '12.34'");
const reason = z.string().min(1).max(255);

const SCHEMAS = {
  chargeback: z.strictObject({
    merchantTransactionId: id.optional(),
    uuid: id.optional(),
    amount: amount.optional(),
    reason: reason.optional(),
  }),
  'chargeback-reversal': z.strictObject({
    chargebackUuid: id.optional(),
    merchantTransactionId: id.optional(),
    amount: amount.optional(),
    reason: reason.optional(),
  }),
  refund: z.strictObject({
    merchantTransactionId: id.optional(),
    uuid: id.optional(),
    amount: amount.optional(),
    reason: reason.optional(),
  }),
  'late-settle': z.strictObject({ merchantTransactionId: id.optional(), uuid: id.optional() }),
} as const;

export type EventKind = keyof typeof SCHEMAS;

export function isEventKind(kind: string): kind is EventKind {
  return Object.prototype.hasOwnProperty.call(SCHEMAS, kind);
}

function run(events: GatewayEvents, kind: EventKind, input: Record<string, string>): StoredTransaction {
  switch (kind) {
    case 'chargeback':
      return events.chargeback(input);
    case 'chargeback-reversal':
      return events.chargebackReversal(input);
    case 'refund':
      return events.refund(input);
    case 'late-settle':
      return events.settleLate(input);
  }
}

/** Handles one POST /simulator/events/{kind}. */
export async function handleEvent(
  events: GatewayEvents,
  kind: EventKind,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = parseLooseBody(await readBody(req), req.headers['content-type']);
  const parsed = parseWith(SCHEMAS[kind] as z.ZodType<Record<string, string>>, body ?? null);
  if (!parsed.ok)
    return sendJson(res, 400, { success: false, error: 'invalid-request', errorMessage: parsed.message });
  try {
    const tx = run(events, kind, parsed.value);
    sendJson(res, 200, { ...statusResponse(tx), ledgerEntry: toLedgerEntry(tx) });
  } catch (error) {
    if (!(error instanceof SimulatorEventError)) throw error;
    sendJson(res, error.httpStatus, { success: false, error: error.reason, errorMessage: error.message });
  }
}
