/**
 * One real Temporal dev server and one workflow bundle per test run, started on first use and stopped by the
 * root hook in hooks.ts.
 */
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server.js';
import { FAILURE_CONVERTER_PATH } from '../../src/codec/index.js';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../src/observability/options.js';

let server: Promise<DevServer> | undefined;
let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
const connections: Connection[] = [];

/** TEMPORAL_TEST_ADDRESS (e.g. 127.0.0.1:7233, namespace default) runs the suites on a server already running. */
const testAddress = process.env['TEMPORAL_TEST_ADDRESS'];

export function devServer(): Promise<Pick<DevServer, 'address' | 'namespace'>> {
  if (testAddress) return Promise.resolve({ address: testAddress, namespace: 'default' });
  server ??= startDevServer({ uiPort: false });
  return server;
}

export async function temporalClient(): Promise<Client> {
  const s = await devServer();
  const connection = await Connection.connect({ address: s.address });
  connections.push(connection);
  return new Client({ connection, namespace: s.namespace });
}

export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../../src/workflows/index.ts', import.meta.url)),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
  });
  return bundle;
}

export async function stopTemporal(): Promise<void> {
  await Promise.all(connections.splice(0).map((c) => c.close()));
  if (server) await (await server).stop();
  server = undefined;
}
