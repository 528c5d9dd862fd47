/** The floor worker as its own process (bench/processes.ts): no-op activities, the workflows of floor-workflow.ts. */
import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { DEV_PAYLOAD_KEY_LIST, paymentsDataConverter } from '../src/codec/index.js';
import { FLOOR_TASK_QUEUE } from './floor-queue.js';
import { installProfilerAgent } from './profiler-agent.js';

installProfilerAgent();
Runtime.install({ logger: new DefaultLogger('WARN') });
const concurrency = Number(process.env['FLOOR_CONCURRENCY'] ?? '200');
const connection = await NativeConnection.connect({
  address: process.env['TEMPORAL_ADDRESS'] ?? '127.0.0.1:7233',
});
const worker = await Worker.create({
  connection,
  taskQueue: FLOOR_TASK_QUEUE,
  workflowBundle: await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./floor-workflow.ts', import.meta.url)),
    logger: new DefaultLogger('WARN'),
  }),
  activities: { noop: (i: number) => Promise.resolve(i) },
  // The bench's client encrypts workflow inputs: the floor worker decodes them the same way.
  dataConverter: paymentsDataConverter(DEV_PAYLOAD_KEY_LIST, 'development'),
  maxConcurrentActivityTaskExecutions: concurrency,
});
console.log('floor worker started');
await worker.run();
await connection.close();
