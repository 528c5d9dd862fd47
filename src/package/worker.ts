/**
 * `ixopay-temporal/worker`: the payments worker inside a process of one's own, on the workflow bundle shipped in
 * the package (no webpack at start), and the customer store it reads.
 */
import { resolve } from 'node:path';
import type { Worker } from '@temporalio/worker';
import type { AppMode } from '../config/production.js';
import type { CustomerStoreLocation } from '../customers/open-customer-store.js';
import type { GatewayConfig } from '../gateway/transport.js';
import { temporalConnectConfig, type TemporalConnectOptions } from '../temporal/connect-config.js';
import { TASK_QUEUE } from '../temporal/names.js';
import { CALLBACK_PATH } from '../webhook/server.js';
import type { WorkerTuning } from '../worker.js';
import { startWorkerService } from '../worker-service.js';
import { workerDeployment, type DeploymentSettings } from '../temporal/deployment.js';
import type { PayloadKey } from '../codec/keys.js';
import { payloadKeysFrom, sessionProofSecretsFrom } from './connect.js';

export interface RunPaymentsWorkerOptions extends TemporalConnectOptions {
  /** Default TEMPORAL_TASK_QUEUE, else "ixopay-payments". */
  readonly taskQueue?: string | undefined;
  /** The IXOPAY gateway: base URL, API key, API user and password, shared secret. */
  readonly gateway: GatewayConfig;
  /** The merchant's customers: a postgres:// `url`, else the SQLite `file`. */
  readonly customerStore: CustomerStoreLocation;
  /** Public base URL of the webhook receiver (`ixopay-temporal webhook`); the gateway posts to it + /ixopay/callback. */
  readonly webhookPublicUrl: string;
  /** Payload keys, current first: `keyId:base64key,…` or parsed; default PAYLOAD_KEYS. */
  readonly payloadKeys?: string | readonly PayloadKey[] | undefined;
  /**
   * Secrets that seal customer session proofs (current first; default SESSION_PROOF_SECRETS); needed for
   * customer-initiated charges.
   */
  readonly sessionProofSecrets?: readonly string[] | undefined;
  /** `production` (the default) refuses payloads that are not encrypted. */
  readonly mode?: AppMode | undefined;
  /** Billing-run reports; default .data/reports under the working directory. */
  readonly reportDir?: string | undefined;
  /** A workflow bundle of one's own; default the one shipped in the package. */
  readonly workflowBundlePath?: string | undefined;
  /** Poller, slot and cache settings. */
  readonly tuning?: WorkerTuning | undefined;
  /**
   * Worker Deployment Versioning (docs/deploys.md): the deployment name (default "ixopay-payments"), the build id
   * (default the package version and commit it was built from) and whether the server routes by version.
   */
  readonly deployment?: DeploymentSettings | undefined;
}

export interface PaymentsWorker {
  readonly worker: Worker;
  readonly namespace: string;
  readonly taskQueue: string;
  /** Settles when the worker has stopped and its connections and store are closed; rejects if it failed. */
  readonly done: Promise<void>;
  /** Stops polling, lets running activities finish (up to 10 s), then closes everything; resolves with `done`. */
  shutdown(): Promise<void>;
}

/**
 * Starts polling and returns once the worker runs. The namespace must have the pipeline's search attributes
 * (MissingSearchAttributesError names the commands that add them). SIGINT/SIGTERM also stop it (the SDK's default).
 */
export async function runPaymentsWorker(options: RunPaymentsWorkerOptions): Promise<PaymentsWorker> {
  const env = options.env ?? process.env;
  const service = await startWorkerService({
    temporal: temporalConnectConfig(options),
    taskQueue: options.taskQueue ?? env['TEMPORAL_TASK_QUEUE'] ?? TASK_QUEUE,
    gateway: options.gateway,
    customerStore: options.customerStore,
    callbackUrl: `${options.webhookPublicUrl.replace(/\/+$/, '')}${CALLBACK_PATH}`,
    sessionProofSecrets: sessionProofSecretsFrom(options.sessionProofSecrets, env),
    payloadKeys: payloadKeysFrom(options.payloadKeys, env),
    mode: options.mode ?? 'production',
    reportDir: options.reportDir ?? resolve('.data', 'reports'),
    workflowBundlePath: options.workflowBundlePath,
    tuning: options.tuning,
    ...(options.deployment ? { deployment: workerDeployment(options.deployment) } : {}),
  });
  const done = service.run();
  const { worker } = service;
  return {
    worker,
    namespace: service.namespace,
    taskQueue: service.taskQueue,
    done,
    shutdown: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

export { openCustomerStore, type CustomerStoreLocation } from '../customers/open-customer-store.js';
export type { CustomerStore } from '../customers/store.js';
export type { GatewayConfig } from '../gateway/transport.js';
export type { WorkerTuning } from '../worker.js';
export type { DeploymentSettings } from '../temporal/deployment.js';
export { CALLBACK_PATH } from '../webhook/server.js';
