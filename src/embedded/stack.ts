/**
 * The embedded default, composed: Temporal (a dev server on a SQLite file, or any address), the IXOPAY
 * simulator, the customer store, the webhook receiver and the worker. The demo, e2e tests and benchmarks use it;
 * production runs the same parts as separate processes (`worker`, `webhook`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker, type WorkerOptions } from '@temporalio/worker';
import { PaymentsClient } from '../client/payments-client.js';
import { DEV_PAYLOAD_KEY_LIST, paymentsDataConverter, type PayloadKey } from '../codec/index.js';
import { openCustomerStore, type CustomerStore } from '../customers/index.js';
import { GatewayClient } from '../gateway/index.js';
import {
  startSimulator,
  SIMULATOR_DEFAULTS,
  type Simulator,
  type SimulatorOptions,
} from '../simulator/index.js';
import { startDevServer, type DevServer, type DevServerOptions } from './dev-server.js';
import { TASK_QUEUE } from '../temporal/names.js';
import { CALLBACK_PATH, startWebhookServer, type WebhookServer } from '../webhook/server.js';
import { createPaymentsWorker, type WorkerTuning } from '../worker.js';
import type { WorkerDeployment } from '../temporal/deployment.js';
import { setCurrentVersion } from '../temporal/worker-deployments.js';
import { clientObservabilityOptions } from '../observability/options.js';

export interface StackOptions {
  readonly dataDir: string;
  /** Use this Temporal server instead of starting a dev server. */
  readonly temporalAddress?: string | undefined;
  readonly namespace?: string | undefined;
  /** Dev server gRPC port; default a free one. */
  readonly temporalPort?: number | undefined;
  /** Dev server Web UI port (8233 for the demo); 0 = free port; false = headless. */
  readonly uiPort?: number | false | undefined;
  /** Keep the dev server's state in dataDir/temporal.sqlite (default true). */
  readonly persistTemporal?: boolean | undefined;
  readonly taskQueue?: string | undefined;
  readonly simulator?: Partial<SimulatorOptions> | undefined;
  readonly customerDbFile?: string | undefined;
  /** postgres:// URL of a shared customer store instead of the SQLite file. */
  readonly customerStoreUrl?: string | undefined;
  readonly sessionProofSecrets?: readonly string[] | undefined;
  /** Payload encryption keys, current first; default the published development key. */
  readonly payloadKeys?: readonly PayloadKey[] | undefined;
  /** The Web UI's remote codec endpoint (the codec server), passed to the dev server. */
  readonly uiCodecEndpoint?: string | undefined;
  readonly workflowBundle?: WorkerOptions['workflowBundle'] | undefined;
  readonly gatewayTimeoutMs?: number | undefined;
  readonly maxConcurrentActivityTaskExecutions?: number | undefined;
  /** Worker poller, slot and cache settings (benchmarks). */
  readonly workerTuning?: WorkerTuning | undefined;
  /** Dev server dynamic config values and log level (benchmarks). */
  readonly devServerDynamicConfig?: Readonly<Record<string, unknown>> | undefined;
  readonly devServerLogLevel?: DevServerOptions['logLevel'] | undefined;
  /** The worker's deployment; with `versioning` the stack makes its version current once the worker polls. */
  readonly deployment?: WorkerDeployment | undefined;
  /** false: no worker in this process (the benchmarks run workers as separate processes). Default true. */
  readonly inProcessWorker?: boolean | undefined;
  readonly log?: ((message: string, fields?: Record<string, unknown>) => void) | undefined;
}

export interface Stack {
  readonly devServer: DevServer | undefined;
  readonly temporalAddress: string;
  readonly uiUrl: string | undefined;
  readonly simulator: Simulator;
  readonly webhook: WebhookServer;
  readonly store: CustomerStore;
  readonly gateway: GatewayClient;
  readonly client: PaymentsClient;
  readonly temporal: Client;
  readonly taskQueue: string;
  readonly sessionProofSecrets: readonly string[];
  readonly payloadKeys: readonly PayloadKey[];
  /** The running worker; stopWorker/startWorker simulate a crash and a replacement. */
  worker: Worker | undefined;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? (() => undefined);
  const taskQueue = options.taskQueue ?? TASK_QUEUE;
  const namespace = options.namespace ?? 'default';
  const sessionProofSecrets = options.sessionProofSecrets ?? ['dev-session-secret'];
  const payloadKeys = options.payloadKeys ?? DEV_PAYLOAD_KEY_LIST;
  const dataConverter = paymentsDataConverter(payloadKeys, 'development');
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const fn of cleanups.splice(0).reverse())
      await fn().catch((err: unknown) => log('stop failed', { error: String(err) }));
  };
  try {
    let devServer: DevServer | undefined;
    let address = options.temporalAddress;
    if (!address) {
      devServer = await startDevServer({
        ...(options.persistTemporal === false ? {} : { dbFile: join(options.dataDir, 'temporal.sqlite') }),
        uiPort: options.uiPort ?? 0,
        namespace,
        ...(options.temporalPort ? { port: options.temporalPort } : {}),
        ...(options.uiCodecEndpoint ? { uiCodecEndpoint: options.uiCodecEndpoint } : {}),
        ...(options.devServerDynamicConfig ? { dynamicConfig: options.devServerDynamicConfig } : {}),
        ...(options.devServerLogLevel ? { logLevel: options.devServerLogLevel } : {}),
      });
      cleanups.push(() => devServer!.stop());
      address = devServer.address;
    }
    const sim = await startSimulator({ ...SIMULATOR_DEFAULTS, port: 0, ...options.simulator });
    cleanups.push(() => sim.stop());
    mkdirSync(options.dataDir, { recursive: true });
    const store = await openCustomerStore({
      url: options.customerStoreUrl,
      file: options.customerDbFile ?? join(options.dataDir, 'customers.sqlite'),
    });
    cleanups.push(() => store.close());

    const connection = await Connection.connect({ address });
    cleanups.push(() => connection.close());
    const temporal = new Client({ connection, namespace, dataConverter, ...clientObservabilityOptions() });
    const webhook = await startWebhookServer({
      client: temporal,
      taskQueue,
      secrets: [options.simulator?.sharedSecret ?? SIMULATOR_DEFAULTS.sharedSecret],
      toleranceSeconds: 300,
      metricsPort: 0,
      log,
    });
    cleanups.push(() => webhook.stop());

    const gateway = new GatewayClient({
      baseUrl: sim.url,
      apiKey: options.simulator?.apiKey ?? SIMULATOR_DEFAULTS.apiKey,
      username: options.simulator?.username ?? SIMULATOR_DEFAULTS.username,
      password: options.simulator?.password ?? SIMULATOR_DEFAULTS.password,
      passwordMode: 'hashed',
      sharedSecret: options.simulator?.sharedSecret ?? SIMULATOR_DEFAULTS.sharedSecret,
      timeoutMs: options.gatewayTimeoutMs ?? 5000,
    });
    const nativeConnection = await NativeConnection.connect({ address });
    cleanups.push(() => nativeConnection.close());

    let running: Promise<void> | undefined;
    const stack: Stack = {
      devServer,
      temporalAddress: address,
      uiUrl: devServer?.uiUrl,
      simulator: sim,
      webhook,
      store,
      gateway,
      client: new PaymentsClient(temporal, taskQueue, { sessionProofSecrets, customers: store }),
      temporal,
      taskQueue,
      sessionProofSecrets,
      payloadKeys,
      worker: undefined,
      async startWorker() {
        if (stack.worker) return;
        const worker = await createPaymentsWorker({
          connection: nativeConnection,
          namespace,
          taskQueue,
          workflowBundle: options.workflowBundle,
          maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions,
          dataConverter,
          tuning: options.workerTuning,
          deployment: options.deployment,
          deps: {
            gateway,
            store,
            callbackUrl: `${webhook.url}${CALLBACK_PATH}`,
            sessionProofSecrets,
            reportDir: join(options.dataDir, 'reports'),
            temporal,
            taskQueue,
          },
        });
        stack.worker = worker;
        running = worker.run();
        // A versioned worker gets no task until its version is current (docs/deploys.md).
        if (options.deployment?.versioning)
          await setCurrentVersion(connection, namespace, options.deployment);
      },
      async stopWorker() {
        const worker = stack.worker;
        if (!worker) return;
        stack.worker = undefined;
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      },
      stop: async () => {
        await stack.stopWorker();
        await stopAll();
      },
    };
    if (options.inProcessWorker !== false) await stack.startWorker();
    return stack;
  } catch (err) {
    await stopAll();
    throw err;
  }
}
