/**
 * What observability adds to the Temporal Client and Worker: spread `clientObservabilityOptions()` into
 * `new Client({...})` and `workerObservabilityOptions()` into `Worker.create({...})`. Bundles built ahead of
 * time must include WORKFLOW_INTERCEPTOR_MODULES (`bundleWorkflowCode({ workflowInterceptorModules })`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClientOptions } from '@temporalio/client';
import {
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import { logAttributesInterceptors, tracingInterceptors } from './activity-interceptors.js';
import { businessMetricsSinks } from './business-metrics.js';
import { workflowSpanTarget } from './tracing.js';

/** A workflow interceptor module of this folder: TypeScript under tsx, JavaScript from a build. */
const interceptorModule = (name: string): string =>
  [`./${name}.ts`, `./${name}.js`]
    .map((file) => fileURLToPath(new URL(file, import.meta.url)))
    .find((path) => existsSync(path))!;

/** Every bundle: the business ids and attempt on workflow log lines. */
export const WORKFLOW_LOG_INTERCEPTOR_MODULES: string[] = [interceptorModule('workflow-log-attributes')];
/** A bundle for a worker with tracing on: the OpenTelemetry spans as well. */
export const WORKFLOW_INTERCEPTOR_MODULES: string[] = [
  interceptorModule('workflow-interceptors'),
  ...WORKFLOW_LOG_INTERCEPTOR_MODULES,
];

export function clientObservabilityOptions(): Pick<ClientOptions, 'interceptors'> {
  return { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } };
}

/**
 * `prebundled`: the worker runs a bundle built with or without WORKFLOW_INTERCEPTOR_MODULES (the worker ignores
 * them). `queue`: the worker's namespace and task queue, which the zero-initialised business counters carry.
 * `traced` false (tracing off in this process): a worker bundling the sources leaves the workflow interceptors
 * out, their spans would go nowhere.
 */
export function workerObservabilityOptions(
  prebundled: boolean,
  queue?: { readonly namespace: string; readonly taskQueue: string },
  traced = true,
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const { processor, resource } = workflowSpanTarget();
  return {
    interceptors: {
      ...(prebundled
        ? {}
        : { workflowModules: traced ? WORKFLOW_INTERCEPTOR_MODULES : WORKFLOW_LOG_INTERCEPTOR_MODULES }),
      activity: [tracingInterceptors, logAttributesInterceptors],
    },
    sinks: { exporter: makeWorkflowExporter(processor, resource), ...businessMetricsSinks(queue ?? {}) },
  };
}
