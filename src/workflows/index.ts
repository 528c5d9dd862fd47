/** The workflows the worker registers, each with its versioning behavior (versioning.ts). */
import { chargeStoredProfile } from './charge.js';
import { registerCustomer } from './register.js';
import { billingRun } from './billing-run.js';
import { chargeFollowUp } from './charge-follow-up.js';
import type { WorkflowContract } from '../contract/workflows.js';
import { declareVersioning } from './versioning.js';

declareVersioning('chargeStoredProfile', chargeStoredProfile);
declareVersioning('registerCustomer', registerCustomer);
declareVersioning('billingRun', billingRun);
declareVersioning('chargeFollowUp', chargeFollowUp);

export { chargeStoredProfile, registerCustomer, billingRun, chargeFollowUp };

/** Compile-time check: the registered workflows are exactly the contract's, with its signatures. */
type Registered = {
  readonly chargeStoredProfile: typeof chargeStoredProfile;
  readonly registerCustomer: typeof registerCustomer;
  readonly billingRun: typeof billingRun;
  readonly chargeFollowUp: typeof chargeFollowUp;
};
type Conforms<T extends U, U> = T;
export type RegisteredWorkflows = Conforms<Registered, WorkflowContract> &
  Conforms<Record<keyof WorkflowContract, unknown>, Record<keyof Registered, unknown>>;
