/**
 * Wires config → gateway client → activities → Worker. Production starts from a prebuilt workflow bundle
 * (npm run build:bundle) when one exists; development bundles the TypeScript sources at start.
 * SIGINT/SIGTERM shut the worker down gracefully (the SDK runtime's shutdown signals): running activities
 * get shutdownGraceTime to finish, workflows simply resume on another worker.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NativeConnection } from '@temporalio/worker';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { createActivities, type ActivityDeps } from './activities/index.js';
import { workerObservabilityOptions } from './observability/options.js';
import { activeTracing } from './observability/tracing.js';

const PREBUILT_BUNDLE = fileURLToPath(new URL('../dist/workflow-bundle.js', import.meta.url));
/** The same without the OpenTelemetry workflow interceptors: loaded while tracing is off (spans go nowhere). */
const PREBUILT_UNTRACED_BUNDLE = fileURLToPath(
  new URL('../dist/workflow-bundle-untraced.js', import.meta.url),
);
/** The workflow sources: TypeScript when run from src/ (tsx), JavaScript when run from a build (dist/). */
export const WORKFLOWS_PATH = ['./workflows/index.ts', './workflows/index.js']
  .map((file) => fileURLToPath(new URL(file, import.meta.url)))
  .find((path) => existsSync(path))!;

export interface PaymentsWorkerOptions {
  readonly connection: NativeConnection;
  readonly namespace?: string | undefined;
  readonly taskQueue: string;
  readonly deps: ActivityDeps;
  /** A bundle already built (tests build one per run); otherwise the prebuilt file, else the sources. */
  readonly workflowBundle?: WorkerOptions['workflowBundle'] | undefined;
  readonly maxConcurrentActivityTaskExecutions?: number | undefined;
  readonly maxConcurrentWorkflowTaskExecutions?: number | undefined;
  /** paymentsDataConverter(keys): payloads and failure messages encrypted (src/codec/). */
  readonly dataConverter: DataConverter;
  /** Poller, slot and cache settings over the defaults below (benchmarks compare them). */
  readonly tuning?: WorkerTuning | undefined;
  /** Interceptors and sinks instead of workerObservabilityOptions() (the bench switches concerns off). */
  readonly observability?: Pick<WorkerOptions, 'interceptors' | 'sinks'> | undefined;
}

export type WorkerTuning = Partial<
  Pick<
    WorkerOptions,
    | 'maxConcurrentWorkflowTaskPolls'
    | 'maxConcurrentActivityTaskPolls'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'maxConcurrentActivityTaskExecutions'
    | 'maxConcurrentLocalActivityExecutions'
    | 'maxCachedWorkflows'
  >
>;

export async function createPaymentsWorker(options: PaymentsWorkerOptions): Promise<Worker> {
  // Workflow spans cost a third of a charge's worker CPU: without tracing they are not created at all.
  const traced = activeTracing() !== undefined;
  const prebuilt =
    !traced && existsSync(PREBUILT_UNTRACED_BUNDLE) ? PREBUILT_UNTRACED_BUNDLE : PREBUILT_BUNDLE;
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = options.workflowBundle
    ? { workflowBundle: options.workflowBundle }
    : existsSync(prebuilt)
      ? { workflowBundle: { codePath: prebuilt } }
      : { workflowsPath: WORKFLOWS_PATH };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    activities: createActivities(options.deps),
    dataConverter: options.dataConverter,
    ...workflowSource,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 200,
    maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions ?? 100,
    // Billing children make their gateway calls as local activities: as many slots as for activity tasks.
    maxConcurrentLocalActivityExecutions: options.maxConcurrentActivityTaskExecutions ?? 200,
    maxCachedWorkflows: 2000,
    shutdownGraceTime: '10 seconds',
    ...(options.observability ??
      workerObservabilityOptions(workflowSource.workflowBundle !== undefined, traced)),
    ...options.tuning,
  });
}
