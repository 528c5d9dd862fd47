/**
 * The HTTP shell: routing, fault injection around the API (latency, 429, 5xx, ambiguous outcomes) and the
 * gateway's auth checks. Handlers are synchronous over in-memory maps, so a request costs no I/O.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Authenticator } from './auth.js';
import type { AmbiguousMode, Faults } from './faults.js';
import { BodyTooLargeError, readBody, sendJson, sendText } from './http-util.js';
import {
  type ApiReply,
  handleProfile,
  handleStatus,
  handleTransaction,
  isProfileAction,
  isTransactionOperation,
} from './routes/api.js';
import { handleSimulatorRoute, type PageDeps } from './routes/pages.js';
import { errorResponse } from './responses.js';

export interface ServerDeps extends PageDeps {
  readonly auth: Authenticator;
  readonly faults: Faults;
  readonly log: (line: string) => void;
}

interface ApiRoute {
  readonly operation: string;
  readonly apiKey: string;
  readonly method: 'GET' | 'POST';
  readonly run: (raw: Buffer) => ApiReply;
  /** The merchantTransactionId the request is about, for faults scripted per transaction. */
  readonly subject: (raw: Buffer) => string | undefined;
}

/** The request body's merchantTransactionId, if it is JSON and has one. */
function bodySubject(raw: Buffer): string | undefined {
  try {
    const json: unknown = JSON.parse(raw.toString('utf8'));
    const id = (json as { merchantTransactionId?: unknown } | null)?.merchantTransactionId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Answered instead of the real reply by the malformed-reply fault: JSON that no reply schema accepts. */
const MALFORMED_REPLY = { success: true, unexpected: 'reply shape' };

/** Matches an /api/v3 path; undefined for anything else. */
function matchApi(deps: ServerDeps, parts: readonly string[]): ApiRoute | undefined {
  const [api, v3, area, apiKey = '', a, b] = parts;
  if (api !== 'api' || v3 !== 'v3') return undefined;
  if (area === 'transaction' && parts.length === 5 && a && isTransactionOperation(a)) {
    return {
      operation: a,
      apiKey,
      method: 'POST',
      run: (raw) => handleTransaction(deps.ctx, a, raw),
      subject: bodySubject,
    };
  }
  if (
    area === 'status' &&
    parts.length === 6 &&
    b !== undefined &&
    (a === 'getByUuid' || a === 'getByMerchantTransactionId')
  ) {
    return {
      operation: 'status',
      apiKey,
      method: 'GET',
      run: () => handleStatus(deps.ctx, a, b),
      subject: () => (a === 'getByMerchantTransactionId' ? b : deps.ctx.store.get(b)?.merchantTransactionId),
    };
  }
  if (area === 'customerProfiles' && parts.length === 5 && a && isProfileAction(a)) {
    return {
      operation: a,
      apiKey,
      method: 'POST',
      run: (raw) => handleProfile(deps.ctx, a, raw, deps.dirty),
      subject: () => undefined,
    };
  }
  return undefined;
}

function loseResponse(res: ServerResponse, mode: AmbiguousMode): void {
  if (mode === '504')
    sendText(res, 504, 'text/html', '<html><body><h1>504 Gateway Time-out</h1></body></html>');
  else if (mode === 'destroy') res.socket?.destroy();
  // 'hang': never answer; the client times out and closes the socket, stop() closes the rest.
}

async function handleApi(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  route: ApiRoute,
): Promise<number> {
  if (req.method !== route.method) {
    sendJson(res, 405, errorResponse(1002, `method ${req.method ?? ''} not allowed`), {
      Allow: route.method,
    });
    return 405;
  }
  const raw = await readBody(req);
  const plan = deps.faults.planRequest(route.operation, route.subject(raw));
  if (plan.delayMs > 0) await sleep(plan.delayMs);
  if (plan.reject?.status === 429) {
    const retryAfter = String(plan.reject.retryAfterSeconds ?? 1);
    sendJson(res, 429, { success: false, errorMessage: 'Too many requests' }, { 'Retry-After': retryAfter });
    return 429;
  }
  if (plan.reject) {
    sendText(
      res,
      plan.reject.status,
      'text/html',
      `<html><body><h1>${plan.reject.status} Service error</h1></body></html>`,
    );
    return plan.reject.status;
  }
  if (plan.notFound) {
    sendJson(res, 200, errorResponse(8001, 'Transaction not found'));
    return 200;
  }
  const failure = deps.auth.check(route.apiKey, req.headers, req.method, req.url ?? '/', raw, new Date());
  if (failure) {
    sendJson(res, failure.status, errorResponse(failure.errorCode, failure.errorMessage), {
      ...(failure.errorCode === 1007 ? { 'WWW-Authenticate': 'Basic realm="IXOPAY Gateway"' } : {}),
    });
    return failure.status;
  }
  const reply = route.run(raw);
  if (plan.ambiguous) {
    deps.log(
      `ambiguous outcome (${plan.ambiguous}) for ${route.operation}${reply.committed ? ' after commit' : ''}`,
    );
    loseResponse(res, plan.ambiguous);
    return 0;
  }
  if (plan.replyDelayMs) await sleep(plan.replyDelayMs);
  if (plan.hold) {
    const hold = plan.hold;
    deps.log(`reply held for ${route.operation}${reply.committed ? ' after commit' : ''}`);
    // A client that went away (its process was killed) releases the hold: nobody is left to answer.
    res.once('close', () => hold.release());
    await hold.released;
    if (res.destroyed || res.writableEnded || res.socket?.destroyed !== false) return 0;
  }
  if (plan.malformed) {
    sendJson(res, 200, MALFORMED_REPLY);
    return 200;
  }
  if (plan.noProfile && reply.body && typeof reply.body === 'object') {
    const { customerProfileData: _dropped, ...body } = reply.body as Record<string, unknown>;
    sendJson(res, reply.status, body);
    return reply.status;
  }
  sendJson(res, reply.status, reply.body);
  return reply.status;
}

/** Path segments, percent-decoded; undefined when an escape is malformed (e.g. "%E0%A4%A"). */
function decodePath(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
}

/** Creates (not yet listening) the simulator's HTTP server. */
export function createSimulatorServer(deps: ServerDeps): Server {
  const server = createServer((req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const work = async (): Promise<number> => {
      const parts = decodePath(url.pathname);
      if (!parts) {
        sendJson(res, 400, errorResponse(1002, 'malformed percent-escape in the request path'));
        return 400;
      }
      const route = matchApi(deps, parts);
      if (route) return handleApi(deps, req, res, route);
      if (parts[0] === 'simulator' && (await handleSimulatorRoute(deps, req, res, url)))
        return res.statusCode;
      sendJson(res, 404, errorResponse(1002, `no route for ${req.method ?? ''} ${url.pathname}`));
      return 404;
    };
    work()
      .then((status) =>
        deps.log(
          `${req.method ?? ''} ${url.pathname} ${status} ${(performance.now() - started).toFixed(1)}ms`,
        ),
      )
      .catch((error: unknown) => {
        const tooLarge = error instanceof BodyTooLargeError;
        deps.log(
          `${req.method ?? ''} ${url.pathname} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        if (!res.headersSent)
          sendJson(
            res,
            tooLarge ? 413 : 500,
            errorResponse(
              tooLarge ? 1002 : 1008,
              tooLarge ? 'request body too large' : 'Unexpected system error',
            ),
          );
        else res.destroy();
      });
  });
  server.keepAliveTimeout = 30_000;
  return server;
}
