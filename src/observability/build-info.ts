/**
 * `ixopay_worker_build_info{deployment_name,build_id,versioning} 1` on the worker's /metrics: which code a
 * worker runs, so dashboards can tell old and new replicas apart during a rollout (docs/deploys.md).
 */
import type { MetricMeter } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { WorkerDeployment } from '../temporal/deployment.js';

export const WORKER_BUILD_INFO = 'ixopay_worker_build_info';

export function recordBuildInfo(
  deployment: WorkerDeployment,
  meter: MetricMeter = Runtime.instance().metricMeter,
): void {
  meter
    .createGauge(WORKER_BUILD_INFO, 'int', '1', 'The worker deployment and build id this worker runs')
    .set(1, {
      deployment_name: deployment.deploymentName,
      build_id: deployment.buildId,
      versioning: deployment.versioning ? 'on' : 'off',
    });
}
