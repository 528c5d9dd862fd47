/** The workflows the worker registers. */
export { chargeStoredProfile } from './charge.js';
export { registerCustomer } from './register.js';
export { billingRun } from './billing-run.js';
export { chargeFollowUp } from './charge-follow-up.js';
