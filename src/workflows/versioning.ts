/**
 * How each workflow type moves between worker versions (Worker Deployment Versioning; docs/deploys.md).
 * PINNED: an execution finishes on the build that started it; short charges and the billing children keep one
 * code path for their whole sequence of gateway calls. AUTO_UPGRADE: an execution moves to the current version
 * at its next workflow task; the follow-up (open 180 days) and the billing run (hours, continue-as-new) would
 * otherwise hold an old build for their whole life, so every change to them goes behind `patched()`.
 */
import { setWorkflowOptions, workflowInfo } from '@temporalio/workflow';
import type { VersioningBehavior, WorkflowDefinitionOptions } from '@temporalio/common';

export const VERSIONING_BEHAVIOR = {
  chargeStoredProfile: 'PINNED',
  registerCustomer: 'PINNED',
  billingRun: 'AUTO_UPGRADE',
  chargeFollowUp: 'AUTO_UPGRADE',
} as const satisfies Record<string, VersioningBehavior>;

export type VersionedWorkflowType = keyof typeof VERSIONING_BEHAVIOR;

/**
 * Declares the type's behavior on its workflow function. Only a versioned worker may send one (core refuses an
 * unversioned worker's completion that carries it), so it is declared only when the task runs on a worker with
 * a deployment name, i.e. one started with versioning on (src/temporal/deployment.ts); unversioned tasks carry
 * no deployment name.
 */
export function declareVersioning<A extends unknown[], R>(
  type: VersionedWorkflowType,
  fn: (...args: A) => Promise<R>,
): void {
  const options = (): WorkflowDefinitionOptions =>
    workflowInfo().currentDeploymentVersion?.deploymentName
      ? { versioningBehavior: VERSIONING_BEHAVIOR[type] }
      : {};
  setWorkflowOptions(options, fn);
}
