/**
 * Workflow tests: the real workflow code on the real dev server with stubbed activities. Each case runs its own
 * worker on its own task queue, for as long as the case's function runs.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workerObservabilityOptions } from '../../src/observability/options.js';
import { devServer, temporalClient, workflowBundle } from './temporal.js';

export interface StubWorkers {
  /** The client of the shared dev server. */
  readonly client: Client;
  /** Runs `fn` while a worker with these activities (and the production bundle, unless given) polls a new queue. */
  run<R>(
    options: {
      readonly activities: object;
      readonly bundle?: WorkflowBundleWithSourceMap;
      readonly queue?: string;
    },
    fn: (taskQueue: string) => Promise<R>,
  ): Promise<R>;
}

export function useStubWorkers(): StubWorkers {
  let client: Client | undefined;
  let connection: NativeConnection | undefined;
  before(async () => {
    client = await temporalClient();
    connection = await NativeConnection.connect({ address: (await devServer()).address });
  });
  after(async () => {
    await connection?.close();
    connection = undefined;
  });
  return {
    get client(): Client {
      if (!client) throw new Error('the stub workers are used before their hook ran');
      return client;
    },
    async run(options, fn) {
      if (!connection) throw new Error('the stub workers are used before their hook ran');
      const taskQueue = `${options.queue ?? 'stub'}-${randomUUID()}`;
      const worker = await Worker.create({
        connection,
        namespace: (await devServer()).namespace,
        taskQueue,
        workflowBundle: options.bundle ?? (await workflowBundle()),
        activities: options.activities,
        ...workerObservabilityOptions(true),
      });
      return worker.runUntil(() => fn(taskQueue));
    },
  };
}
