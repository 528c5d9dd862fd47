/**
 * A pipeline for rolling upgrades: a dev server of its own whose drainage status refreshes every second (the
 * server's default is minutes), the simulator in this process (its ledger is the judge), a webhook process, and
 * versioned worker processes started per release, each with its workflow bundle and build id, exactly as a
 * production worker is started (`ixopay-temporal worker`, WORKER_VERSIONING=on).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PaymentsClient } from '../../src/client/payments-client.js';
import {
  DEV_PAYLOAD_KEY_LIST,
  FAILURE_CONVERTER_PATH,
  paymentsDataConverter,
} from '../../src/codec/index.js';
import { openCustomerStore, type CustomerStore } from '../../src/customers/index.js';
import { GatewayClient } from '../../src/gateway/index.js';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../src/observability/options.js';
import { SIMULATOR_DEFAULTS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startDevServer, type DevServer } from '../../src/embedded/dev-server.js';
import {
  describeVersion,
  setCurrentVersion,
  type VersionState,
} from '../../src/temporal/worker-deployments.js';
import { waitFor } from '../../src/embedded/wait-for.js';
import {
  freePort,
  webhookProcess,
  workerProcess,
  type ServiceEnv,
  type ServiceProcess,
} from '../helpers/processes.js';

const EventType = proto.temporal.api.enums.v1.EventType;

/** The drainage refresh and visibility grace period the server uses here (defaults: 3 minutes each). */
export const DRAINAGE_DYNAMIC_CONFIG = {
  'matching.wv.VersionDrainageStatusRefreshInterval': '1s',
  'matching.wv.VersionDrainageStatusVisibilityGracePeriod': '1s',
} as const;

const bundles = {
  a: fileURLToPath(new URL('../../src/workflows/index.ts', import.meta.url)),
  b: fileURLToPath(new URL('./release-b/workflows.ts', import.meta.url)),
} as const;

/** What each event of a test did, with the time since the test began; printed at its end. */
export class Timeline {
  readonly #t0 = Date.now();
  readonly lines: string[] = [];
  mark(what: string): number {
    const ms = Date.now() - this.#t0;
    this.lines.push(`${(ms / 1000).toFixed(1).padStart(6)} s  ${what}`);
    return ms;
  }
  print(title: string): void {
    console.log(`\n    ${title}\n${this.lines.map((l) => `    ${l}`).join('\n')}\n`);
  }
}

export interface Release {
  readonly deploymentName: string;
  readonly buildId: string;
  readonly worker: ServiceProcess;
  /** The worker's Prometheus endpoint. */
  readonly metricsUrl: string;
}

export interface UpgradeRig {
  readonly simulator: Simulator;
  readonly store: CustomerStore;
  readonly gateway: GatewayClient;
  readonly connection: Connection;
  readonly temporal: Client;
  readonly taskQueue: string;
  readonly client: PaymentsClient;
  uid(prefix: string): string;
  /** Starts a worker process of this release (bundle a: today's code; b: today's code with release B's patch). */
  release(deploymentName: string, buildId: string, code: keyof typeof bundles): Promise<Release>;
  makeCurrent(release: Release): Promise<void>;
  versionState(release: Release): Promise<VersionState | undefined>;
  /** The build id that completed each workflow task of this execution (all runs of a continued-as-new one). */
  taskBuildIds(handle: WorkflowHandle): Promise<string[]>;
  seedCustomer(): Promise<string>;
  stop(): Promise<void>;
}

export async function startUpgradeRig(): Promise<UpgradeRig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ixopay-deploys-'));
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const server: DevServer = await startDevServer({ uiPort: false, dynamicConfig: DRAINAGE_DYNAMIC_CONFIG });
    cleanups.push(() => server.stop());
    const simulator = await startSimulator({
      ...SIMULATOR_DEFAULTS,
      port: 0,
      pendingCompleteAfterMs: 'manual',
      callbackRetry: { initialMs: 200, maxMs: 2000 },
    });
    cleanups.push(() => simulator.stop());
    const store = await openCustomerStore({ file: join(dataDir, 'customers.sqlite') });
    cleanups.push(() => store.close());
    const gateway = new GatewayClient({
      baseUrl: simulator.url,
      apiKey: SIMULATOR_DEFAULTS.apiKey,
      username: SIMULATOR_DEFAULTS.username,
      password: SIMULATOR_DEFAULTS.password,
      passwordMode: 'hashed',
      sharedSecret: SIMULATOR_DEFAULTS.sharedSecret,
      timeoutMs: 5000,
    });
    const taskQueue = `deploys-${randomBytes(4).toString('hex')}`;
    const webhookPort = await freePort();
    const env: ServiceEnv = {
      temporalAddress: server.address,
      taskQueue,
      simulatorUrl: simulator.url,
      webhookUrl: `http://127.0.0.1:${webhookPort}`,
      webhookPort,
      dataDir,
      workflowBundle: '',
    };
    const workers: ServiceProcess[] = [];
    cleanups.push(async () => {
      for (const w of workers) await w.kill();
    });
    const connection = await Connection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    const temporal = new Client({
      connection,
      dataConverter: paymentsDataConverter(DEV_PAYLOAD_KEY_LIST, 'development'),
    });
    const client = new PaymentsClient(temporal, taskQueue, { sessionProofSecrets: ['dev-session-secret'] });
    const written = new Map<string, string>();
    const bundleFile = async (code: keyof typeof bundles): Promise<string> => {
      const known = written.get(code);
      if (known) return known;
      const { code: js } = await bundleWorkflowCode({
        workflowsPath: bundles[code],
        failureConverterPath: FAILURE_CONVERTER_PATH,
        workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
        logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
      });
      mkdirSync(join(dataDir, 'bundles'), { recursive: true });
      const file = join(dataDir, 'bundles', `release-${code}.js`);
      writeFileSync(file, js);
      written.set(code, file);
      return file;
    };
    const webhook = webhookProcess({ ...env, workflowBundle: await bundleFile('a') });
    cleanups.push(() => webhook.kill());
    await webhook.start();
    const uid = (prefix: string): string => `${prefix}-${randomBytes(5).toString('hex')}`;
    const rig: UpgradeRig = {
      simulator,
      store,
      gateway,
      connection,
      temporal,
      taskQueue,
      client,
      uid,
      async release(deploymentName, buildId, code) {
        const metricsPort = await freePort();
        const worker = workerProcess({
          ...env,
          workflowBundle: await bundleFile(code),
          extraEnv: {
            WORKER_VERSIONING: 'on',
            WORKER_DEPLOYMENT_NAME: deploymentName,
            WORKER_BUILD_ID: buildId,
            METRICS_PORT: String(metricsPort),
          },
        });
        workers.push(worker);
        await worker.start();
        const release = {
          deploymentName,
          buildId,
          worker,
          metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
        };
        // The server knows a version once its worker has polled.
        await waitFor(() => rig.versionState(release), 60_000);
        return release;
      },
      makeCurrent: (release) => setCurrentVersion(connection, 'default', release),
      versionState: (release) => describeVersion(connection, 'default', release),
      async taskBuildIds(handle) {
        const ids: string[] = [];
        let runId: string | undefined = (await temporal.workflow.getHandle(handle.workflowId).describe())
          .runId;
        while (runId) {
          const history: proto.temporal.api.history.v1.IHistory = await temporal.workflow
            .getHandle(handle.workflowId, runId)
            .fetchHistory();
          const events = history.events ?? [];
          ids.unshift(
            ...events
              .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
              .map((e) => e.workflowTaskCompletedEventAttributes?.deploymentVersion?.buildId ?? ''),
          );
          runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
        }
        return ids;
      },
      async seedCustomer() {
        const id = uid('cust');
        await store.addCustomer({ id, email: `${id}@example.org`, status: 'active' });
        await store.grantMandate(id, { reference: `m-${id}` });
        const result = await client.registerCustomer({
          registrationId: uid('reg'),
          customerId: id,
          kind: 'register',
          transactionToken: 'ix::test-visa',
        });
        if (result.status !== 'succeeded') throw new Error(`seeding ${id} failed: ${JSON.stringify(result)}`);
        return id;
      },
      stop: stopAll,
    };
    return rig;
  } catch (err) {
    await stopAll();
    throw err;
  }
}
