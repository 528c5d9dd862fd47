/**
 * Creates what a caller needs before it can reach the Nexus service: its own namespace and a Nexus endpoint
 * that routes to the payments namespace and task queue, with the `temporal` CLI (`temporal operator namespace
 * create`, `temporal operator nexus endpoint create`). Idempotent: what exists already is kept, an endpoint
 * pointing elsewhere is updated.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { findTemporalCli } from '../embedded/dev-server.js';

const run = promisify(execFile);

export interface NexusSetup {
  /** The Temporal frontend, host:port. */
  readonly address: string;
  /** The namespace whose workflows call the service. */
  readonly callerNamespace: string;
  /** Endpoint name (letters, digits, dashes), e.g. `ixopay-payments`. */
  readonly endpoint: string;
  /** Where the payments worker polls. */
  readonly targetNamespace: string;
  readonly targetTaskQueue: string;
}

async function temporal(address: string, args: string[]): Promise<string> {
  const { stdout } = await run(findTemporalCli(), [...args, '--address', address], { timeout: 30_000 });
  return stdout;
}

async function namespaceExists(connection: Connection, namespace: string): Promise<boolean> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  }
}

/** Creates the caller namespace (if missing) and the endpoint, and waits until the namespace answers. */
export async function ensureNexusEndpoint(setup: NexusSetup): Promise<void> {
  const connection = await Connection.connect({ address: setup.address });
  try {
    if (!(await namespaceExists(connection, setup.callerNamespace))) {
      await temporal(setup.address, [
        'operator',
        'namespace',
        'create',
        '--namespace',
        setup.callerNamespace,
        '--retention',
        '72h',
      ]).catch(async (err: unknown) => {
        // Created meanwhile by another process: fine.
        if (!(await namespaceExists(connection, setup.callerNamespace))) throw err;
      });
      const deadline = Date.now() + 30_000;
      while (!(await namespaceExists(connection, setup.callerNamespace))) {
        if (Date.now() > deadline) throw new Error(`namespace ${setup.callerNamespace} did not appear`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    const target = [
      '--target-namespace',
      setup.targetNamespace,
      '--target-task-queue',
      setup.targetTaskQueue,
    ];
    const existing = await connection.operatorService.listNexusEndpoints({ name: setup.endpoint });
    const found = existing.endpoints?.[0];
    const worker = found?.spec?.target?.worker;
    if (!found) {
      await temporal(setup.address, [
        'operator',
        'nexus',
        'endpoint',
        'create',
        '--name',
        setup.endpoint,
        ...target,
        '--description',
        'ixopay-payments: charge, chargeStatus, capture, void, refund, register, startBillingRun (docs/nexus.md)',
      ]);
    } else if (worker?.namespace !== setup.targetNamespace || worker.taskQueue !== setup.targetTaskQueue) {
      await temporal(setup.address, [
        'operator',
        'nexus',
        'endpoint',
        'update',
        '--name',
        setup.endpoint,
        ...target,
      ]);
    }
  } finally {
    await connection.close();
  }
}
