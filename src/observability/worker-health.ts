/**
 * The worker's health endpoint: `GET /health` (alias `/healthz`) answers 200 while the worker polls (state
 * RUNNING) and 503 otherwise (starting, draining, stopping, stopped, failed), with `{"status","state"}` as JSON.
 * Its own listener (HEALTH_PORT), since the SDK core serves /metrics and nothing else.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { State } from '@temporalio/worker';

export interface HealthServerOptions {
  /** The worker (or anything that tells its state). */
  readonly worker: { getState(): State };
  readonly host?: string | undefined;
  /** 0 = any free port. */
  readonly port: number;
}

export interface HealthServer {
  /** http://host:port/health */
  readonly url: string;
  stop(): Promise<void>;
}

export const HEALTH_PATHS = ['/health', '/healthz'] as const;

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method !== 'GET' || !(HEALTH_PATHS as readonly string[]).includes(path)) {
      return void res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    }
    const state = options.worker.getState();
    const ok = state === 'RUNNING';
    res
      .writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', state }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/health`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
