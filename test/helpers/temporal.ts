/**
 * One real Temporal dev server and one workflow bundle per test run, started on first use and stopped by the
 * root hook in hooks.ts.
 */
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../../src/embedded/dev-server.js';
import { FAILURE_CONVERTER_PATH } from '../../src/codec/index.js';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../src/observability/options.js';

/**
 * Shared through globalThis: the root hook (hooks.ts, loaded by mocha's --require) and the test files may get two
 * instances of this module, and the hook must stop the server the tests started.
 */
interface TestTemporal {
  server: Promise<DevServer> | undefined;
  bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
  readonly connections: Connection[];
}
const KEY = Symbol.for('ixopay-temporal.test-temporal');
const shared = ((globalThis as Record<symbol, TestTemporal | undefined>)[KEY] ??= {
  server: undefined,
  bundle: undefined,
  connections: [],
});

/** TEMPORAL_TEST_ADDRESS (e.g. 127.0.0.1:7233, namespace default) runs the suites on a server already running. */
const testAddress = process.env['TEMPORAL_TEST_ADDRESS'];

export function devServer(): Promise<Pick<DevServer, 'address' | 'namespace'>> {
  if (testAddress) return Promise.resolve({ address: testAddress, namespace: 'default' });
  shared.server ??= startDevServer({ uiPort: false });
  return shared.server;
}

export async function temporalClient(): Promise<Client> {
  const s = await devServer();
  const connection = await Connection.connect({ address: s.address });
  shared.connections.push(connection);
  return new Client({ connection, namespace: s.namespace });
}

export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  shared.bundle ??= bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../../src/workflows/index.ts', import.meta.url)),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
  });
  return shared.bundle;
}

export async function stopTemporal(): Promise<void> {
  await Promise.all(shared.connections.splice(0).map((c) => c.close()));
  const server = shared.server;
  shared.server = undefined;
  if (server) await (await server).stop();
}
