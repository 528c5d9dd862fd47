/**
 * A pipeline of real processes for crash tests and the chaos soak: its own Temporal dev server on a SQLite file
 * (killable and restartable), the IXOPAY simulator in this process (its ledger is the judge), a webhook process
 * on a fixed port, and any number of worker processes, all sharing one customer store file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { PaymentsClient } from '../../src/client/payments-client.js';
import { DEV_PAYLOAD_KEY_LIST, paymentsDataConverter } from '../../src/codec/index.js';
import { openCustomerStore, type CustomerStore } from '../../src/customers/index.js';
import { GatewayClient } from '../../src/gateway/index.js';
import {
  SIMULATOR_DEFAULTS,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../src/simulator/index.js';
import { CALLBACK_PATH } from '../../src/webhook/server.js';
import {
  freePort,
  killableServer,
  webhookProcess,
  workerProcess,
  writeWorkflowBundle,
  type KillableServer,
  type ServiceEnv,
  type ServiceProcess,
} from '../helpers/processes.js';

export interface Rig {
  readonly dataDir: string;
  readonly server: KillableServer;
  readonly simulator: Simulator;
  readonly store: CustomerStore;
  readonly gateway: GatewayClient;
  readonly temporal: Client;
  readonly client: PaymentsClient;
  readonly taskQueue: string;
  readonly webhook: ServiceProcess;
  readonly workers: ServiceProcess[];
  uid(prefix: string): string;
  /** An active customer with a mandate and a registered card (registration runs on the worker processes). */
  seedCustomer(token?: string): Promise<string>;
  stop(): Promise<void>;
}

export interface RigOptions {
  readonly workers?: number;
  readonly simulator?: Partial<SimulatorOptions>;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ixopay-chaos-'));
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const server = await killableServer(dataDir);
    cleanups.push(() => server.stop());
    const webhookPort = await freePort();
    const webhookUrl = `http://127.0.0.1:${webhookPort}`;
    const simulator = await startSimulator({
      ...SIMULATOR_DEFAULTS,
      port: 0,
      pendingCompleteAfterMs: 1000,
      callbackRetry: { initialMs: 200, maxMs: 2000 },
      ...options.simulator,
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
    const taskQueue = `chaos-${randomBytes(4).toString('hex')}`;
    const env: ServiceEnv = {
      temporalAddress: server.address,
      taskQueue,
      simulatorUrl: simulator.url,
      webhookUrl,
      webhookPort,
      dataDir,
      workflowBundle: await writeWorkflowBundle(join(dataDir, 'bundle')),
    };
    const webhook = webhookProcess(env);
    cleanups.push(() => webhook.kill());
    await webhook.start();
    const workers = Array.from({ length: options.workers ?? 1 }, () => workerProcess(env));
    cleanups.push(async () => {
      for (const w of workers) await w.kill();
    });
    await Promise.all(workers.map((w) => w.start()));
    const connection = await Connection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    const temporal = new Client({
      connection,
      dataConverter: paymentsDataConverter(DEV_PAYLOAD_KEY_LIST, 'development'),
    });
    const client = new PaymentsClient(temporal, taskQueue, { sessionProofSecrets: ['dev-session-secret'] });
    const uid = (prefix: string): string => `${prefix}-${randomBytes(5).toString('hex')}`;
    return {
      dataDir,
      server,
      simulator,
      store,
      gateway,
      temporal,
      client,
      taskQueue,
      webhook,
      workers,
      uid,
      async seedCustomer(token = 'ix::test-visa') {
        const id = uid('cust');
        await store.addCustomer({ id, email: `${id}@example.org`, status: 'active' });
        await store.grantMandate(id, { reference: `m-${id}` });
        const result = await client.registerCustomer({
          registrationId: uid('reg'),
          customerId: id,
          kind: 'register',
          transactionToken: token,
        });
        if (result.status !== 'succeeded') throw new Error(`seeding ${id} failed: ${JSON.stringify(result)}`);
        return id;
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

export { CALLBACK_PATH };
