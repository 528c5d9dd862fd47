/**
 * HTTP shell around the pure handler: reads the raw body, asks the handler, signals the workflow, and answers
 * 200 "OK" only after Temporal accepted the signal (otherwise the gateway redelivers later).
 */
import { readBody } from '../http/read-body.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { PROMETHEUS_CONTENT_TYPE } from '../observability/prometheus-text.js';
import { WebhookMetrics } from '../observability/webhook-metrics.js';
import { gatewayCallbackSignal } from '../workflows/messages.js';
import { sendChargeEvent } from '../temporal/follow-up.js';
import { handleCallback, type WebhookOptions } from './handler.js';

export const CALLBACK_PATH = '/ixopay/callback';
const MAX_BODY_BYTES = 1 << 20;

export interface WebhookServerOptions extends Omit<WebhookOptions, 'now'> {
  readonly client: Client;
  /** Task queue of the workers: a follow-up workflow is started there. */
  readonly taskQueue: string;
  readonly host?: string;
  readonly port?: number;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface WebhookServer {
  readonly url: string;
  readonly callbackUrl: string;
  readonly port: number;
  readonly stats: {
    received: number;
    signalled: number;
    followUps: number;
    rejected: number;
    ignored: number;
  };
  /** The counters behind `GET /metrics`. */
  readonly metrics: WebhookMetrics;
  stop(): Promise<void>;
}

/** False when a percent-escape of the request target is malformed (e.g. "%E0%A4%A", "%zz"). */
function wellFormedTarget(url: string): boolean {
  try {
    for (const part of url.split(/[?&=/]/)) decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

/** IXOPAY posts JSON; a request with another declared content type is not a callback (415). */
function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return true; // the signature check covers it (handler assumes JSON)
  const media = header.split(';')[0]!.trim().toLowerCase();
  return media === 'application/json';
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const log = options.log ?? (() => undefined);
  const stats = { received: 0, signalled: 0, followUps: 0, rejected: 0, ignored: 0 };
  const metrics = new WebhookMetrics();
  const server: Server = createServer((req, res) => {
    const answer = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
    };
    void (async () => {
      const path = (req.url ?? '').split('?')[0];
      if (!wellFormedTarget(req.url ?? '')) return answer(400, 'malformed percent-escape');
      if (req.method === 'GET' && path === '/health') return answer(200, 'OK');
      if (req.method === 'GET' && path === '/metrics') {
        return void res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE }).end(metrics.expose());
      }
      if (req.method !== 'POST' || path !== CALLBACK_PATH) return answer(404, 'not found');
      stats.received++;
      metrics.received.inc();
      if (!isJsonContentType(req.headers['content-type'])) {
        stats.rejected++;
        metrics.rejected.inc({ reason: 'unsupported-content-type' });
        req.resume();
        return answer(415, 'unsupported content type: IXOPAY callbacks are application/json');
      }
      const rawBody = await readBody(req, MAX_BODY_BYTES);
      if (!rawBody) {
        metrics.rejected.inc({ reason: 'too-large' });
        // The rest of the body stays unread: close the connection so no later request is read from it.
        res.setHeader('connection', 'close');
        return answer(413, 'too large');
      }
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
      const decision = handleCallback({ rawBody, headers, requestUri: req.url ?? '' }, options);
      if (decision.kind === 'reject') {
        stats.rejected++;
        metrics.rejected.inc({ reason: decision.reason });
        log('callback rejected', { status: decision.status, reason: decision.reason });
        return answer(decision.status, decision.reason);
      }
      if (decision.kind === 'ignore') {
        stats.ignored++;
        metrics.ignored.inc({ reason: decision.reason });
        log('callback ignored', { reason: decision.reason });
        return answer(200, 'OK');
      }
      const toFollowUp = async (): Promise<void> => {
        await sendChargeEvent(
          options.client,
          options.taskQueue,
          decision.chargeId,
          decision.event,
          decision.flow,
        );
        stats.followUps++;
        metrics.followUps.inc();
      };
      try {
        if (decision.route === 'follow-up') {
          await toFollowUp();
          return answer(200, 'OK');
        }
        try {
          await options.client.workflow
            .getHandle(decision.workflowId)
            .signal(gatewayCallbackSignal, decision.event);
          stats.signalled++;
          metrics.signalled.inc();
          return answer(200, 'OK');
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
          // The charge (or registration) closed: the callback may still carry money (a late success); its
          // follow-up records it.
          await toFollowUp();
          return answer(200, 'OK');
        }
      } catch (err) {
        metrics.signalFailures.inc();
        log('signal failed; the gateway will redeliver', {
          workflowId: decision.workflowId,
          error: String(err),
        });
        return answer(503, 'retry later');
      }
    })().catch((err: unknown) => {
      log('webhook error', { error: String(err) });
      if (!res.headersSent) answer(500, 'error');
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url,
    callbackUrl: `${url}${CALLBACK_PATH}`,
    port,
    stats,
    metrics,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
