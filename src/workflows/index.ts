/** The workflows the worker registers, each with its versioning behavior (versioning.ts). */
import { chargeStoredProfile } from './charge.js';
import { registerCustomer } from './register.js';
import { billingRun } from './billing-run.js';
import { chargeFollowUp } from './charge-follow-up.js';
import { declareVersioning } from './versioning.js';

declareVersioning('chargeStoredProfile', chargeStoredProfile);
declareVersioning('registerCustomer', registerCustomer);
declareVersioning('billingRun', billingRun);
declareVersioning('chargeFollowUp', chargeFollowUp);

export { chargeStoredProfile, registerCustomer, billingRun, chargeFollowUp };
