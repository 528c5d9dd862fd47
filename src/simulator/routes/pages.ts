/**
 * Simulator-only endpoints: the payment.js stand-in (tokenize), the hosted payment page, the 3-D Secure page,
 * the ledger and health. None of them exists on the real gateway.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallbackDispatcher } from '../callbacks.js';
import { cardFromRaw, TEST_CARDS } from '../cards.js';
import { type CompletionOutcome, type Completion, SimulatorStateError } from '../completion.js';
import { type EngineContext, redirectUrlFor } from '../context.js';
import { escapeHtml, parseLooseBody, readBody, sendJson, sendText } from '../http-util.js';
import type { GatewayEvents } from '../events.js';
import type { Ledger } from '../ledger.js';
import { parseWith, TOKENIZE_SCHEMA } from '../schemas.js';
import type { StoredTransaction } from '../store.js';
import { handleEvent, isEventKind } from './events.js';

export interface PageDeps {
  readonly ctx: EngineContext;
  readonly completion: Completion;
  readonly ledger: Ledger;
  readonly events: GatewayEvents;
  readonly callbacks: CallbackDispatcher;
  readonly dirty: () => void;
  readonly startedAt: number;
}

const HTML = 'text/html; charset=utf-8';

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function wantsJson(req: IncomingMessage): boolean {
  return (
    (req.headers['content-type'] ?? '').includes('json') ||
    (req.headers.accept ?? '').includes('application/json')
  );
}

function resultReply(deps: PageDeps, req: IncomingMessage, res: ServerResponse, tx: StoredTransaction): void {
  const redirectUrl = redirectUrlFor(deps.ctx, tx);
  if (wantsJson(req)) {
    sendJson(res, 200, {
      uuid: tx.uuid,
      transactionStatus: tx.status,
      ...(redirectUrl ? { redirectUrl } : {}),
      ...(tx.error ? { error: tx.error } : {}),
    });
  } else if (redirectUrl) {
    res.writeHead(303, { Location: redirectUrl }).end();
  } else {
    sendText(
      res,
      200,
      HTML,
      page(`Payment ${tx.status}`, `<p>Transaction ${escapeHtml(tx.uuid)}: ${escapeHtml(tx.status)}</p>`),
    );
  }
}

async function tokenize(deps: PageDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = parseLooseBody(await readBody(req), req.headers['content-type']);
  const parsed = parseWith(TOKENIZE_SCHEMA, body);
  if (!parsed.ok)
    return sendJson(res, 400, { success: false, errorMessage: parsed.message, errorCode: 1002 });
  const card = cardFromRaw(parsed.value);
  if (!card.ok)
    return sendJson(res, 400, { success: false, errorMessage: card.message, errorCode: card.code });
  const token = `ix::${randomBytes(10).toString('hex')}`;
  deps.ctx.vault.set(token, card.card);
  deps.dirty();
  sendJson(res, 200, { token });
}

function hppForm(tx: StoredTransaction): string {
  const cards = TEST_CARDS.map((c) => `<li><code>${c.pan}</code> ${escapeHtml(c.description)}</li>`).join('');
  return page(
    'IXOPAY simulator: payment page',
    `<p>Transaction ${escapeHtml(tx.uuid)}</p><form method="post">` +
      `<label>Card number <input name="pan"></label> <label>Holder <input name="cardHolder" value="Test Holder"></label> ` +
      `<label>Month <input name="expirationMonth" value="12"></label> <label>Year <input name="expirationYear" value="2035"></label> ` +
      `<label>CVV <input name="cvv" value="123"></label> <button>Pay</button></form><ul>${cards}</ul>`,
  );
}

async function hpp(deps: PageDeps, req: IncomingMessage, res: ServerResponse, uuid: string): Promise<void> {
  const tx = deps.ctx.store.get(uuid);
  if (!tx) return sendText(res, 404, HTML, page('Unknown transaction', ''));
  if (req.method === 'GET') {
    if (tx.status !== 'REDIRECT' || tx.redirectKind !== 'hpp') return resultReply(deps, req, res, tx);
    return sendText(res, 200, HTML, hppForm(tx));
  }
  const body = parseLooseBody(await readBody(req), req.headers['content-type']) ?? {};
  const raw = { cardHolder: 'Test Holder', expirationMonth: 12, expirationYear: 2035, ...body };
  const parsed = parseWith(TOKENIZE_SCHEMA, raw);
  if (!parsed.ok)
    return sendJson(res, 400, { success: false, errorMessage: parsed.message, errorCode: 1002 });
  const card = cardFromRaw(parsed.value);
  const done = card.ok
    ? deps.completion.submitCard(uuid, card.card)
    : deps.completion.rejectCard(uuid, card.code, card.message);
  resultReply(deps, req, res, done);
}

function threeDsPage(tx: StoredTransaction): string {
  const button = (outcome: string, label: string): string =>
    `<form method="post" action="?outcome=${outcome}" style="display:inline"><button>${label}</button></form>`;
  return page(
    'IXOPAY simulator: 3-D Secure',
    `<p>Authenticate transaction ${escapeHtml(tx.uuid)}</p>${button('success', 'Authenticate')} ${button('fail', 'Fail')} ${button('cancel', 'Cancel')}`,
  );
}

function parseOutcome(value: string | null): CompletionOutcome | undefined {
  if (value === 'success' || value === 'fail' || value === 'cancel') return value;
  if (value !== null && /^\d{4}$/.test(value)) return Number(value);
  return undefined;
}

async function threeDs(
  deps: PageDeps,
  req: IncomingMessage,
  res: ServerResponse,
  uuid: string,
  query: URLSearchParams,
): Promise<void> {
  const tx = deps.ctx.store.get(uuid);
  if (!tx) return sendText(res, 404, HTML, page('Unknown transaction', ''));
  if (req.method === 'GET') {
    if (tx.status !== 'REDIRECT' || tx.redirectKind !== '3ds') return resultReply(deps, req, res, tx);
    return sendText(res, 200, HTML, threeDsPage(tx));
  }
  await readBody(req);
  const outcome = parseOutcome(query.get('outcome'));
  if (outcome === undefined)
    return sendJson(res, 400, { success: false, errorMessage: 'outcome must be success, fail or cancel' });
  resultReply(deps, req, res, deps.completion.completeRedirect(uuid, outcome));
}

/** Handles /simulator/*; returns false when the path is not one of them. */
export async function handleSimulatorRoute(
  deps: PageDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const parts = url.pathname.split('/').filter(Boolean);
  const [, what, id] = parts;
  try {
    if (what === 'tokenize' && req.method === 'POST' && parts.length === 2) await tokenize(deps, req, res);
    else if (what === 'hpp' && id && parts.length === 3 && (req.method === 'GET' || req.method === 'POST'))
      await hpp(deps, req, res, id);
    else if (what === '3ds' && id && parts.length === 3 && (req.method === 'GET' || req.method === 'POST')) {
      await threeDs(deps, req, res, id, url.searchParams);
    } else if (what === 'events' && id && parts.length === 3 && req.method === 'POST' && isEventKind(id)) {
      await handleEvent(deps.events, id, req, res);
    } else if (what === 'ledger' && id === 'summary' && parts.length === 3 && req.method === 'GET') {
      sendJson(res, 200, deps.ledger.summary(url.searchParams.get('prefix') ?? undefined));
    } else if (what === 'ledger' && parts.length === 2 && req.method === 'GET') {
      const prefix = url.searchParams.get('prefix');
      const transactions = prefix === null ? deps.ledger.committed() : deps.ledger.entriesFor(prefix);
      sendJson(res, 200, { size: deps.ledger.size, counts: deps.ledger.countsByStatus(), transactions });
    } else if (what === 'health' && req.method === 'GET') {
      sendJson(res, 200, {
        ok: true,
        uptimeMs: Date.now() - deps.startedAt,
        transactions: deps.ledger.size,
        profiles: deps.ctx.profiles.size,
        callbacks: deps.callbacks.stats(),
      });
    } else return false;
  } catch (error) {
    if (!(error instanceof SimulatorStateError)) throw error;
    sendJson(res, 409, { success: false, errorMessage: error.message });
  }
  return true;
}
