/**
 * A payments worker with everything it owns: its Temporal connections, the customer store and the gateway client.
 * The `worker` command and the package's runPaymentsWorker (src/package/worker.ts) both start it here.
 */
import { Client, Connection } from '@temporalio/client';
import type { ClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { paymentsDataConverter, type PayloadKey } from './codec/index.js';
import type { AppMode } from './config/production.js';
import { openCustomerStore, type CustomerStoreLocation } from './customers/open-customer-store.js';
import { GatewayClient, type GatewayConfig } from './gateway/index.js';
import { assertSearchAttributes } from './temporal/search-attribute-check.js';
import type { WorkerDeployment } from './temporal/deployment.js';
import { createPaymentsWorker, type WorkerTuning } from './worker.js';

export interface WorkerServiceSettings {
  readonly temporal: ClientConnectConfig;
  readonly taskQueue: string;
  readonly gateway: GatewayConfig;
  readonly customerStore: CustomerStoreLocation;
  /** Where the gateway posts callbacks: the webhook receiver's public URL + CALLBACK_PATH. */
  readonly callbackUrl: string;
  readonly sessionProofSecrets: readonly string[];
  /** Current key first. */
  readonly payloadKeys: readonly PayloadKey[];
  /** production refuses payloads that are not encrypted. */
  readonly mode: AppMode;
  /** Folder for billing-run reports. */
  readonly reportDir: string;
  /** A prebuilt workflow bundle; default the one shipped in dist/, else the sources. */
  readonly workflowBundlePath?: string | undefined;
  readonly tuning?: WorkerTuning | undefined;
  /** Deployment name and build id; routed by version only with `versioning` (docs/deploys.md). */
  readonly deployment?: WorkerDeployment | undefined;
}

export interface WorkerService {
  readonly worker: Worker;
  readonly namespace: string;
  readonly taskQueue: string;
  /** Polls until the worker shuts down (SIGINT/SIGTERM or worker.shutdown()), then closes what it opened. */
  run(): Promise<void>;
}

/** Connects, checks the namespace's search attributes, opens the store and creates the worker (not yet polling). */
export async function startWorkerService(settings: WorkerServiceSettings): Promise<WorkerService> {
  const namespace = settings.temporal.namespace ?? 'default';
  const cleanups: (() => Promise<unknown>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  };
  try {
    // A failure names the address and namespace it tried.
    const reach = async <T>(connect: () => Promise<T>): Promise<T> =>
      connect().catch((err: unknown) => {
        const address = settings.temporal.connectionOptions?.address ?? 'localhost:7233';
        throw new Error(
          `cannot connect to Temporal at ${address} (namespace ${namespace}; set TEMPORAL_ADDRESS or a ` +
            `Temporal config profile): ${err instanceof Error ? err.message : String(err)}`,
        );
      });
    const connection = await reach(() => NativeConnection.connect(settings.temporal.connectionOptions));
    cleanups.push(() => connection.close());
    const clientConnection = await reach(() => Connection.connect(settings.temporal.connectionOptions));
    cleanups.push(() => clientConnection.close());
    await assertSearchAttributes(clientConnection, namespace);
    const dataConverter = paymentsDataConverter(settings.payloadKeys, settings.mode);
    const temporal = new Client({ connection: clientConnection, namespace, dataConverter });
    const store = await openCustomerStore(settings.customerStore);
    cleanups.push(() => store.close());
    const worker = await createPaymentsWorker({
      connection,
      namespace,
      taskQueue: settings.taskQueue,
      ...(settings.workflowBundlePath ? { workflowBundle: { codePath: settings.workflowBundlePath } } : {}),
      dataConverter,
      tuning: settings.tuning,
      deployment: settings.deployment,
      deps: {
        gateway: new GatewayClient(settings.gateway),
        store,
        callbackUrl: settings.callbackUrl,
        sessionProofSecrets: settings.sessionProofSecrets,
        reportDir: settings.reportDir,
        temporal,
        taskQueue: settings.taskQueue,
      },
    });
    return {
      worker,
      namespace,
      taskQueue: settings.taskQueue,
      run: async () => {
        try {
          await worker.run();
        } finally {
          await closeAll();
        }
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
