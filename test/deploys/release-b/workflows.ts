/**
 * "Release B" of the rolling-upgrade test: today's workflows with one deliberate workflow change behind a new
 * patch. Each workflow, when it ends, records that it ended on this code (a marker and a memo). Executions that
 * began on release A replay A's history on B without the marker (the patch keeps them deterministic) and take
 * the new path only for what B itself runs. It lives in the test bundle only: production code has no such change.
 */
import { patched, upsertMemo } from '@temporalio/workflow';
import * as current from '../../../src/workflows/index.js';
import { declareVersioning, type VersionedWorkflowType } from '../../../src/workflows/versioning.js';

export const RELEASE_B_PATCH = 'deploy-test-release-b';
export const RELEASE_B_MEMO = { endedOn: 'release-b' } as const;

function releaseB<A extends unknown[], R>(
  type: VersionedWorkflowType,
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  const changed = async (...args: A): Promise<R> => {
    const result = await fn(...args);
    if (patched(RELEASE_B_PATCH)) upsertMemo(RELEASE_B_MEMO);
    return result;
  };
  declareVersioning(type, changed);
  return changed;
}

export const chargeStoredProfile = releaseB('chargeStoredProfile', current.chargeStoredProfile);
export const registerCustomer = releaseB('registerCustomer', current.registerCustomer);
export const billingRun = releaseB('billingRun', current.billingRun);
export const chargeFollowUp = releaseB('chargeFollowUp', current.chargeFollowUp);
