/**
 * Runs one caller workflow (caller-workflows.ts) in the caller's namespace, with a worker of its own for the
 * time it takes: the demo's charge through the Nexus endpoint.
 */
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { ChargeRequest } from '../contract/requests.js';
import type { ChargeResult } from '../contract/domain.js';
import type { chargeThroughNexus } from './caller-workflows.js';

const CALLER_WORKFLOWS_PATH = ['./caller-workflows.ts', './caller-workflows.js']
  .map((file) => fileURLToPath(new URL(file, import.meta.url)))
  .find((path) => existsSync(path))!;

export interface NexusChargeOptions {
  readonly address: string;
  readonly callerNamespace: string;
  readonly endpoint: string;
  /** The same codec as the payments side: what the caller stores is encrypted too. */
  readonly dataConverter: DataConverter;
  readonly request: ChargeRequest;
}

export async function chargeThroughNexusEndpoint(options: NexusChargeOptions): Promise<ChargeResult> {
  const taskQueue = `nexus-caller-${randomBytes(4).toString('hex')}`;
  const native = await NativeConnection.connect({ address: options.address });
  const connection = await Connection.connect({ address: options.address });
  try {
    const worker = await Worker.create({
      connection: native,
      namespace: options.callerNamespace,
      taskQueue,
      workflowsPath: CALLER_WORKFLOWS_PATH,
      dataConverter: options.dataConverter,
    });
    const client = new Client({
      connection,
      namespace: options.callerNamespace,
      dataConverter: options.dataConverter,
    });
    return await worker.runUntil(
      client.workflow.execute<typeof chargeThroughNexus>('chargeThroughNexus', {
        taskQueue,
        workflowId: `nexus-charge-${options.request.chargeId}`,
        args: [options.endpoint, options.request],
      }),
    );
  } finally {
    await connection.close();
    await native.close();
  }
}
