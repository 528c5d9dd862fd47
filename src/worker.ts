/**
 * Wires config → gateway client → activities → Worker. The compiled worker (dist/, npm run build) starts from the
 * workflow bundle built next to it, dist/workflow-bundle.js; run from the TypeScript sources it bundles them at
 * start, so a bundle built earlier never runs code older than the sources.
 * SIGINT/SIGTERM shut the worker down gracefully (the SDK runtime's shutdown signals): running activities
 * get shutdownGraceTime (WORKER_SHUTDOWN_GRACE_MS, longer than a gateway call may take) to finish, workflows
 * simply resume on another worker.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NativeConnection } from '@temporalio/worker';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { createActivities, type ActivityDeps } from './activities/index.js';
import { workerObservabilityOptions } from './observability/options.js';
import { recordBuildInfo } from './observability/build-info.js';
import { activeTracing } from './observability/tracing.js';
import { deploymentOptions, type WorkerDeployment } from './temporal/deployment.js';
import { paymentsNexusHandler } from './nexus/handler.js';
import { WORKER_SHUTDOWN_GRACE_MS } from './temporal/names.js';

/** Next to the compiled worker only: dist/workflow-bundle.js (src/ has none). */
const PREBUILT_BUNDLE = fileURLToPath(new URL('./workflow-bundle.js', import.meta.url));
/** The same without the OpenTelemetry workflow interceptors: loaded while tracing is off (spans go nowhere). */
const PREBUILT_UNTRACED_BUNDLE = fileURLToPath(new URL('./workflow-bundle-untraced.js', import.meta.url));
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
  /** Deployment name and build id (src/temporal/deployment.ts); routed by version only with `versioning`. */
  readonly deployment?: WorkerDeployment | undefined;
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
  if (options.deployment) recordBuildInfo(options.deployment);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    activities: createActivities(options.deps),
    // The ixopay-payments Nexus service (src/nexus/): other namespaces reach it through a Nexus endpoint.
    nexusServices: [
      paymentsNexusHandler({
        taskQueue: options.taskQueue,
        sessionProofSecrets: options.deps.sessionProofSecrets,
        customers: options.deps.store,
      }),
    ],
    dataConverter: options.dataConverter,
    ...workflowSource,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 200,
    maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions ?? 100,
    // Billing children make their gateway calls as local activities: as many slots as for activity tasks.
    maxConcurrentLocalActivityExecutions: options.maxConcurrentActivityTaskExecutions ?? 200,
    maxCachedWorkflows: 2000,
    shutdownGraceTime: WORKER_SHUTDOWN_GRACE_MS,
    ...(options.observability ??
      workerObservabilityOptions(
        workflowSource.workflowBundle !== undefined,
        { namespace: options.namespace ?? 'default', taskQueue: options.taskQueue },
        traced,
      )),
    ...deploymentOptions(options.deployment),
    ...options.tuning,
  });
}
