/**
 * The Worker Deployment calls the embedded stack and the tests make through the WorkflowService (operators use
 * `temporal worker deployment …`, docs/deploys.md): make a version current once its workers poll, read its
 * status and drainage.
 */
import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { WorkerDeployment } from './deployment.js';

const VersionStatus = proto.temporal.api.enums.v1.WorkerDeploymentVersionStatus;
const DrainageStatus = proto.temporal.api.enums.v1.VersionDrainageStatus;

export interface VersionState {
  /** inactive | current | ramping | draining | drained (draining and drained come from the drainage info). */
  readonly status: 'inactive' | 'current' | 'ramping' | 'draining' | 'drained' | 'unknown';
  /** When the server last checked for open pinned workflows on this version. */
  readonly drainageCheckedAt: Date | undefined;
}

type Version = Pick<WorkerDeployment, 'deploymentName' | 'buildId'>;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 5; // gRPC NOT_FOUND: no worker of this version has polled yet
}

/** The version's status, or undefined while the server does not know it. */
export async function describeVersion(
  connection: Pick<Connection, 'workflowService'>,
  namespace: string,
  version: Version,
): Promise<VersionState | undefined> {
  try {
    const response = await connection.workflowService.describeWorkerDeploymentVersion({
      namespace,
      deploymentVersion: version,
    });
    const info = response.workerDeploymentVersionInfo;
    const drainage = info?.drainageInfo;
    const checked = drainage?.lastCheckedTime?.seconds;
    const drainageCheckedAt = checked ? new Date(Number(checked) * 1000) : undefined;
    switch (info?.status) {
      case VersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_CURRENT:
        return { status: 'current', drainageCheckedAt };
      case VersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_RAMPING:
        return { status: 'ramping', drainageCheckedAt };
      case VersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_INACTIVE:
        return { status: 'inactive', drainageCheckedAt };
      case VersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINING:
      case VersionStatus.WORKER_DEPLOYMENT_VERSION_STATUS_DRAINED:
        return {
          status:
            drainage?.status === DrainageStatus.VERSION_DRAINAGE_STATUS_DRAINED ? 'drained' : 'draining',
          drainageCheckedAt,
        };
      default:
        return { status: 'unknown', drainageCheckedAt };
    }
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * Makes the version current, waiting (up to timeoutMs) until its workers have polled: the server only knows a
 * version, and accepts it as current, once a worker of it has polled its task queues.
 */
export async function setCurrentVersion(
  connection: Pick<Connection, 'workflowService'>,
  namespace: string,
  version: Version,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await describeVersion(connection, namespace, version))?.status === 'current') return;
      await connection.workflowService.setWorkerDeploymentCurrentVersion({
        namespace,
        deploymentName: version.deploymentName,
        buildId: version.buildId,
        identity: 'ixopay-temporal',
      });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      const code = (err as { code?: unknown } | null)?.code;
      // NOT_FOUND / FAILED_PRECONDITION: not polled yet, or a concurrent routing change; try again.
      if (code !== 5 && code !== 9 && code !== 10) throw err;
    }
    await sleep(250);
  }
}
