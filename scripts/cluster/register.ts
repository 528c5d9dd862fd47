/**
 * Makes a freshly started cluster usable and proves it serves: registers the namespace and the project's search
 * attributes (src/temporal/names.ts) through the operator API, then starts a check workflow carrying every
 * search attribute (frontend → history, attribute validation), asks matching for its task queue, finds the
 * workflow through a visibility query, and terminates it. Retries each step until CLUSTER_READY_TIMEOUT.
 * Run by scripts/cluster/start.sh: node --import tsx scripts/cluster/register.ts
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { SearchAttributes } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../../src/temporal/names.js';

const { temporal } = proto;
const { IndexedValueType } = temporal.api.enums.v1;
const address = process.env['CLUSTER_ADDRESS'] ?? '127.0.0.1:7233';
const namespace = process.env['CLUSTER_NAMESPACE'] ?? 'default';
const deadline = Date.now() + Number(process.env['CLUSTER_READY_TIMEOUT'] ?? '120') * 1000;
const RETENTION = '3 days';
const CHECK_QUEUE = 'cluster-ready-check';

const TYPES = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
} as const;

class ClusterNotReadyError extends Error {
  override readonly name = 'ClusterNotReadyError';
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'condition not met';
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

/** Runs step until it returns a value other than undefined; throws with its last error once the deadline passes. */
async function until<T>(what: string, step: () => Promise<T | undefined>): Promise<T> {
  let last: unknown;
  for (;;) {
    try {
      const value = await step();
      if (value !== undefined) return value;
      last = undefined;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new ClusterNotReadyError(`cluster: not ready: ${what} at ${address}: ${describe(last)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function grpcCode(error: unknown): number | undefined {
  return (error as { code?: number } | null)?.code;
}

async function main(): Promise<void> {
  const connection = await until('connecting to the frontend', async () => {
    const c = await Connection.connect({ address, connectTimeout: 2000 });
    await c.workflowService.getSystemInfo({});
    return c;
  });
  try {
    await until(`registering namespace ${namespace}`, async () => {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return true;
      } catch (error) {
        if (grpcCode(error) !== 5) throw error; // 5 = NOT_FOUND
      }
      try {
        await connection.workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs(RETENTION),
        });
        console.error(`cluster: registered namespace ${namespace}`);
      } catch (error) {
        if (grpcCode(error) !== 6) throw error; // 6 = ALREADY_EXISTS
      }
      return undefined; // describe again on the next round
    });

    await until('registering search attributes', async () => {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const existing = customAttributes ?? {};
      const missing: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {};
      for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
        const have = existing[name];
        if (have === undefined || have === null) missing[name] = TYPES[type];
        else if (have !== TYPES[type])
          throw new Error(`search attribute ${name} exists with another type (${have}), expected ${type}`);
      }
      if (Object.keys(missing).length === 0) return true;
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
      console.error(`cluster: registered search attributes ${Object.keys(missing).join(', ')}`);
      return undefined;
    });

    const client = new Client({ connection, namespace });
    const marker = `cluster-ready-check-${randomBytes(4).toString('hex')}`;
    const searchAttributes: SearchAttributes = Object.fromEntries(
      Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, type === 'Int' ? [0] : [marker]]),
    );
    const handle = await until('starting a workflow with every search attribute (history)', () =>
      client.workflow.start('clusterReadyCheck', {
        taskQueue: CHECK_QUEUE,
        workflowId: marker,
        searchAttributes,
        workflowExecutionTimeout: '1 minute',
      }),
    );
    await until('describing the task queue (matching)', async () => {
      await connection.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: CHECK_QUEUE },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      return true;
    });
    await until('finding the workflow by search attribute (visibility)', async () => {
      for await (const wf of client.workflow.list({ query: `CustomerId = '${marker}'` }))
        if (wf.workflowId === marker) return true;
      return undefined;
    });
    await handle.terminate('cluster ready check done');
    console.error(`cluster: ${address} serves namespace ${namespace}`);
  } finally {
    await connection.close();
  }
}

// A call that hangs (a stopped process) must not outlive the timeout either.
setTimeout(
  () => {
    console.error(`cluster: not ready: ${address} stopped answering before the timeout`);
    process.exit(1);
  },
  deadline - Date.now() + 10_000,
).unref();

try {
  await main();
} catch (error) {
  console.error(error instanceof ClusterNotReadyError ? error.message : error);
  process.exitCode = 1;
}
