/**
 * HTTP shell around the pure handler: reads the raw body, asks the handler, signals the workflow, and answers
 * 200 "OK" only after Temporal accepted the signal (otherwise the gateway redelivers later).
 *
 * The public callback port has limits of its own: a whole request within WEBHOOK_LIMITS.requestTimeoutMs
 * (headers sooner), at most `maxConnections` open connections, a 64 KiB body read before authentication.
 * `GET /metrics` is served on a separate loopback listener, never on the public port.
 */
import { readBody } from '../read-body.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { PROMETHEUS_CONTENT_TYPE } from '../observability/prometheus-text.js';
import { ProcessMetrics } from '../observability/process-metrics.js';
import { WebhookMetrics, type WebhookTotals } from '../observability/webhook-metrics.js';
import { backOfficeRefundSignal, gatewayCallbackSignal } from '../contract/messages.js';
import { sendChargeEvent } from '../temporal/follow-up.js';
import { handleCallback, type WebhookOptions } from './handler.js';

export const CALLBACK_PATH = '/ixopay/callback';

export const WEBHOOK_LIMITS = {
  /** An IXOPAY callback is a few KiB of JSON. */
  maxBodyBytes: 64 * 1024,
  requestTimeoutMs: 10_000,
  headersTimeoutMs: 5_000,
  maxConnections: 256,
} as const;

export interface WebhookServerOptions extends Omit<WebhookOptions, 'now'> {
  readonly client: Client;
  /** Task queue of the workers: a follow-up workflow is started there. */
  readonly taskQueue: string;
  readonly host?: string;
  readonly port?: number;
  /** The loopback listener for GET /metrics: its port (0 = any free port); absent = no metrics listener. */
  readonly metricsPort?: number | undefined;
  readonly metricsHost?: string | undefined;
  /** Overrides of WEBHOOK_LIMITS. */
  readonly limits?: Partial<Record<keyof typeof WEBHOOK_LIMITS, number>> | undefined;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface WebhookServer {
  readonly url: string;
  readonly callbackUrl: string;
  readonly port: number;
  /** http://host:port/metrics of the loopback metrics listener, when it runs. */
  readonly metricsUrl: string | undefined;
  /** Totals of the counters behind `GET /metrics` (one bookkeeping for both). */
  readonly stats: WebhookTotals;
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
  const metrics = new WebhookMetrics();
  const limits = { ...WEBHOOK_LIMITS, ...options.limits };
  const server: Server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      // Timeouts are enforced when connections are checked: often enough to matter for a 10 s limit.
      connectionsCheckingInterval: Math.min(1_000, limits.requestTimeoutMs / 2),
    },
    (req, res) => {
      const answer = (status: number, body: string): void => {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
      };
      void (async () => {
        const path = (req.url ?? '').split('?')[0];
        if (!wellFormedTarget(req.url ?? '')) return answer(400, 'malformed percent-escape');
        if (req.method === 'GET' && path === '/health') return answer(200, 'OK');
        if (req.method !== 'POST' || path !== CALLBACK_PATH) return answer(404, 'not found');
        metrics.received.inc();
        if (!isJsonContentType(req.headers['content-type'])) {
          metrics.rejected.inc({ reason: 'unsupported-content-type' });
          req.resume();
          return answer(415, 'unsupported content type: IXOPAY callbacks are application/json');
        }
        const declared = Number(req.headers['content-length'] ?? '0');
        const rawBody = declared > limits.maxBodyBytes ? undefined : await readBody(req, limits.maxBodyBytes);
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
          metrics.rejected.inc({ reason: decision.reason });
          log('callback rejected', { status: decision.status, reason: decision.reason });
          return answer(decision.status, decision.reason);
        }
        if (decision.kind === 'ignore') {
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
          metrics.followUps.inc();
        };
        /** A back-office refund also reaches the charge while it is open: it uses up the charge's refund limit. */
        const toOpenCharge = async (): Promise<void> => {
          const e = decision.event;
          if (!e.relatesTo || decision.flow !== 'charge' || e.result !== 'OK') return;
          if ((e.transactionType ?? '').toUpperCase() !== 'REFUND') return;
          try {
            await options.client.workflow.getHandle(decision.workflowId).signal(backOfficeRefundSignal, e);
          } catch (err) {
            if (!(err instanceof WorkflowNotFoundError)) throw err; // closed: the follow-up's copy is enough
          }
        };
        try {
          if (decision.route === 'follow-up') {
            await toOpenCharge();
            await toFollowUp();
            return answer(200, 'OK');
          }
          try {
            await options.client.workflow
              .getHandle(decision.workflowId)
              .signal(gatewayCallbackSignal, decision.event);
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
    },
  );
  server.maxConnections = limits.maxConnections;
  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  let metricsServer: Server | undefined;
  /** Event-loop delay and memory on the same /metrics (the window is the time since the previous scrape). */
  let processMetrics: ProcessMetrics | undefined;
  let metricsUrl: string | undefined;
  if (options.metricsPort !== undefined) {
    const host = options.metricsHost ?? '127.0.0.1';
    processMetrics = new ProcessMetrics();
    const sampler = processMetrics;
    metricsServer = createServer((req, res) => {
      if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/metrics') {
        const text = `${metrics.expose()}${sampler.expose()}\n`;
        return void res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE }).end(text);
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    });
    await listen(metricsServer, options.metricsPort, host);
    metricsUrl = `http://${host}:${(metricsServer.address() as AddressInfo).port}/metrics`;
  }
  return {
    url,
    callbackUrl: `${url}${CALLBACK_PATH}`,
    port,
    metricsUrl,
    get stats() {
      return metrics.totals();
    },
    metrics,
    stop: async () => {
      await Promise.all([server, metricsServer].filter((s) => s !== undefined).map((s) => close(s)));
      processMetrics?.stop();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
