import { DEV_PAYLOAD_KEY_LIST, paymentsDataConverter } from '../../src/codec/index.js';
/**
 * Two worker OS processes (`ixopay-temporal worker`) share one PostgreSQL customer store and one task queue:
 * a billing run over 30 subscriptions charges each exactly once and advances each exactly once, and both
 * processes take part.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { openPostgresCustomerStore, type CustomerStore } from '../../src/customers/index.js';
import { GatewayClient } from '../../src/gateway/index.js';
import { billingChargeId, workflowIdFor } from '../../src/ids.js';
import { seedSubscriptions, type SeededSubscription } from '../../src/embedded/seed-subscriptions.js';
import { SIMULATOR_DEFAULTS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { PaymentsClient } from '../../src/client/payments-client.js';
import { startWebhookServer, type WebhookServer } from '../../src/webhook/server.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { devServer } from '../helpers/temporal.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATE = '2026-11-25';
const COUNT = 30;
const TaskQueueType = temporal.api.enums.v1.TaskQueueType;

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly dataDir: string;
  output: string;
  readonly exited: Promise<number | null>;
}

describe('two worker processes sharing a PostgreSQL customer store', function () {
  this.timeout(240_000);
  const taskQueue = `shared-${randomBytes(4).toString('hex')}`;
  const workers: WorkerProcess[] = [];
  let database: { url: string; drop(): Promise<void> } | undefined;
  let store: CustomerStore | undefined;
  let sim: Simulator | undefined;
  let webhook: WebhookServer | undefined;
  let connection: Connection | undefined;
  let client: Client;

  function startWorker(env: Record<string, string>): WorkerProcess {
    const dataDir = mkdtempSync(join(tmpdir(), 'ixopay-shared-worker-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], {
      cwd: ROOT,
      env: { ...process.env, ...env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker: WorkerProcess = {
      child,
      dataDir,
      output: '',
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    child.stdout?.on('data', (chunk: Buffer) => (worker.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (worker.output += chunk.toString()));
    workers.push(worker);
    return worker;
  }

  /** Stops a worker gracefully (SIGTERM), or by SIGKILL when it does not exit in time (cleanup only). */
  async function stopWorker(worker: WorkerProcess): Promise<number | null> {
    if (worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill('SIGTERM');
      const timer = setTimeout(() => worker.child.kill('SIGKILL'), 20_000);
      try {
        return await worker.exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return worker.child.exitCode;
  }

  /** Identities (pid@host) of the workers polling the task queue for workflow tasks. */
  async function pollers(): Promise<string[]> {
    const reply = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    return (reply.pollers ?? []).map((p) => p.identity ?? '');
  }

  before(async () => {
    const server = await devServer();
    database = await createTestDatabase('ixopay_shared');
    store = await openPostgresCustomerStore({ url: database.url });
    sim = await startSimulator({ ...SIMULATOR_DEFAULTS, port: 0 });
    connection = await Connection.connect({ address: server.address });
    client = new Client({
      connection,
      namespace: server.namespace,
      dataConverter: paymentsDataConverter(DEV_PAYLOAD_KEY_LIST, 'development'),
    });
    webhook = await startWebhookServer({
      client,
      taskQueue,
      secrets: [SIMULATOR_DEFAULTS.sharedSecret],
      toleranceSeconds: 300,
    });
    const env = {
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: server.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      IXOPAY_BASE_URL: sim.url,
      IXOPAY_API_KEY: SIMULATOR_DEFAULTS.apiKey,
      IXOPAY_USERNAME: SIMULATOR_DEFAULTS.username,
      IXOPAY_PASSWORD: SIMULATOR_DEFAULTS.password,
      IXOPAY_PASSWORD_MODE: 'hashed',
      IXOPAY_SHARED_SECRET: SIMULATOR_DEFAULTS.sharedSecret,
      WEBHOOK_PUBLIC_URL: webhook.url,
      CUSTOMER_STORE_URL: database.url,
    };
    startWorker(env);
    startWorker(env);
    // Both processes poll before the run starts, so both can be handed its tasks.
    const pids = workers.map((w) => `${w.child.pid}@`);
    for (;;) {
      const exited = workers.find((w) => w.child.exitCode !== null);
      if (exited) throw new Error(`worker exited early:\n${exited.output}`);
      const identities = await pollers();
      if (pids.every((pid) => identities.some((id) => id.startsWith(pid)))) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  after(async () => {
    for (const worker of workers) {
      await stopWorker(worker);
      rmSync(worker.dataDir, { recursive: true, force: true });
    }
    await webhook?.stop();
    await connection?.close();
    await sim?.stop();
    await store?.close();
    await database?.drop();
  });

  it('charges and advances every subscription exactly once, with both processes doing work', async () => {
    assert.ok(store && sim);
    const gateway = new GatewayClient({
      baseUrl: sim.url,
      apiKey: SIMULATOR_DEFAULTS.apiKey,
      username: SIMULATOR_DEFAULTS.username,
      password: SIMULATOR_DEFAULTS.password,
      passwordMode: 'hashed',
      sharedSecret: SIMULATOR_DEFAULTS.sharedSecret,
      timeoutMs: 5000,
    });
    const subs = await seedSubscriptions({
      store,
      gateway,
      prefix: `sh${randomBytes(2).toString('hex')}`,
      count: COUNT,
      billingDate: DATE,
    });

    const payments = new PaymentsClient(client, taskQueue);
    const handle = await payments.startBillingRun({
      runId: `shared-${randomBytes(4).toString('hex')}`,
      billingDate: DATE,
      filters: { customerIds: subs.map((s) => s.customerId) },
      concurrency: COUNT,
      childGatewayCalls: 'activities',
    });
    const result = await handle.result();
    assert.equal(result.phase, 'done');
    assert.equal(result.scheduled, COUNT);
    assert.equal(result.succeeded, COUNT, JSON.stringify(result));

    // Charged exactly once each, by the gateway's own record.
    const debits = (sub: SeededSubscription) =>
      sim!.ledger
        .entriesFor(`c.${billingChargeId(sub.subscriptionId, DATE)}.`)
        .filter((e) => e.type === 'DEBIT');
    for (const sub of subs) {
      const entries = debits(sub);
      assert.equal(entries.length, 1, `${sub.subscriptionId} debits`);
      assert.equal(entries[0]!.status, 'SUCCESS');
    }

    // Advanced exactly once each in the shared store: one month on, this period billed.
    for (const sub of subs) {
      const s = await store.requireSubscription(sub.subscriptionId);
      assert.equal(s.nextBillingDate, '2026-12-25', sub.subscriptionId);
      assert.equal(s.lastBilledPeriod, DATE);
      assert.equal(s.status, 'active');
    }
    assert.equal(
      await store.countDueSubscriptions({ billingDate: DATE, customerIds: subs.map((s) => s.customerId) }),
      0,
    );

    // Both processes handled workflow or activity tasks of the charges (identity = pid@host in the histories).
    const identities = new Set<string>();
    for (const sub of subs) {
      const id = workflowIdFor('charge', billingChargeId(sub.subscriptionId, DATE));
      const history = await client.workflow.getHandle(id).fetchHistory();
      for (const event of history.events ?? []) {
        const identity =
          event.workflowTaskStartedEventAttributes?.identity ??
          event.activityTaskStartedEventAttributes?.identity;
        if (identity) identities.add(identity);
      }
    }
    for (const worker of workers) {
      assert.ok(
        [...identities].some((id) => id.startsWith(`${worker.child.pid}@`)),
        `worker ${worker.child.pid} handled no task: ${[...identities].join(', ')}`,
      );
    }

    // Both shut down cleanly on SIGTERM.
    for (const worker of workers) assert.equal(await stopWorker(worker), 0, worker.output);
  });
});
