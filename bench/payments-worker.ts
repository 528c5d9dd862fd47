/**
 * The bench's payment worker process: `ixopay-temporal worker` (src/cli/commands/services.ts) as configured by
 * the same environment, plus two things only the bench has:
 * - the CPU profiler agent (bench/profiler-agent.ts), switched on and off by the driver over IPC;
 * - BENCH_WITHOUT, a comma-separated list of concerns to switch off, to measure what each one costs. Read here
 *   only, never by src/: no production configuration can reach it.
 *     otel    no OpenTelemetry interceptors (activity; the workflow ones are in the bundle only with --traced)
 *     codec   payloads the worker writes are not encrypted (it still decrypts what the client wrote)
 *     log     worker log level WARN instead of the configured one
 *     sinks   workflow sinks that do nothing (business metrics, workflow span exporter)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { NativeConnection, type InjectedSinks } from '@temporalio/worker';
import type { Sinks } from '@temporalio/workflow';
import type { EncryptionCodec } from '../src/codec/index.js';
import { paymentsDataConverter } from '../src/codec/index.js';
import { loadConfig } from '../src/config/config.js';
import { openCustomerStore } from '../src/customers/index.js';
import { GatewayClient } from '../src/gateway/index.js';
import { JsonLogger, parseLogLevel } from '../src/observability/logger.js';
import { installRuntime, metricsBindAddress } from '../src/observability/runtime.js';
import { startTracingFromConfig } from '../src/observability/tracing.js';
import {
  logAttributesInterceptors,
  tracingInterceptors,
} from '../src/observability/activity-interceptors.js';
import { workerObservabilityOptions } from '../src/observability/options.js';
import { CALLBACK_PATH } from '../src/webhook/server.js';
import { createPaymentsWorker } from '../src/worker.js';
import { installProfilerAgent } from './profiler-agent.js';
import { parseWithout } from './without.js';

installProfilerAgent();
const without = parseWithout(process.env['BENCH_WITHOUT'] ?? '');
const config = loadConfig(process.env, 'worker');
const logger = new JsonLogger({
  level: without.has('log') ? 'WARN' : parseLogLevel(config.observability.logLevel),
  base: { service: 'worker' },
});
installRuntime({ logger, metricsBindAddress: metricsBindAddress(config.observability) });
const tracing = startTracingFromConfig(config.observability, 'worker');
mkdirSync(config.dataDir, { recursive: true });
const connection = await NativeConnection.connect(config.temporal.connectionOptions);
const clientConnection = await Connection.connect(config.temporal.connectionOptions);
const production = paymentsDataConverter(config.payloadKeys, config.mode);
const encryption = production.payloadCodecs![0] as EncryptionCodec;
/** Decrypts what the client encrypted, writes plaintext (development mode accepts it). */
const decryptOnly: PayloadCodec = {
  encode: (payloads) => Promise.resolve(payloads),
  decode: (payloads) => encryption.decode(payloads),
};
const dataConverter = without.has('codec') ? { ...production, payloadCodecs: [decryptOnly] } : production;
const temporal = new Client({
  connection: clientConnection,
  namespace: config.temporal.namespace ?? 'default',
  dataConverter,
});
const store = await openCustomerStore({
  url: config.customerStoreUrl,
  file: config.customerDbFile,
  ...(config.personalDataKey ? { personalDataKey: config.personalDataKey } : {}),
  migrations: config.customerStoreMigrations,
});
const observability = workerObservabilityOptions(true);
/** The same sinks, doing nothing: the workflow still calls them, the worker records nothing. */
function noopSinks(sinks: InjectedSinks<Sinks>): InjectedSinks<Sinks> {
  return Object.fromEntries(
    Object.entries(sinks).map(([name, fns]) => [
      name,
      Object.fromEntries(Object.keys(fns).map((fn) => [fn, { fn: () => undefined }])),
    ]),
  );
}
const worker = await createPaymentsWorker({
  connection,
  namespace: config.temporal.namespace ?? 'default',
  taskQueue: config.taskQueue,
  workflowBundle: { codePath: config.workflowBundlePath! },
  dataConverter,
  deps: {
    gateway: new GatewayClient(config.gateway),
    store,
    callbackUrl: `${config.webhook.publicUrl}${CALLBACK_PATH}`,
    sessionProofSecrets: config.sessionProofSecrets,
    reportDir: join(config.dataDir, 'reports'),
    temporal,
    taskQueue: config.taskQueue,
  },
  observability: {
    interceptors: {
      activity: without.has('otel')
        ? [logAttributesInterceptors]
        : [tracingInterceptors, logAttributesInterceptors],
    },
    sinks: without.has('sinks') ? noopSinks(observability.sinks ?? {}) : (observability.sinks ?? {}),
  },
});
// on stdout whatever the log level (the driver waits for it)
console.log(JSON.stringify({ msg: 'worker started', taskQueue: config.taskQueue, without: [...without] }));
await worker.run();
await store.close();
await clientConnection.close();
await connection.close();
await tracing?.shutdown();
