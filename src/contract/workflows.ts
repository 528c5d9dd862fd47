/**
 * The workflows as their starters see them: type names and signatures. Starters (client, Nexus service, webhook)
 * start them by these, typed, without importing workflow code; src/workflows/index.ts checks at compile time that
 * the registered functions have these signatures.
 */
import type { ChargeResult } from './domain.js';
import type {
  BillingRunInput,
  BillingRunResult,
  ChargeFollowUpInput,
  ChargeFollowUpState,
  ChargeInput,
  RegisterInput,
  RegisterResult,
} from './messages.js';

export type ChargeWorkflow = (input: ChargeInput) => Promise<ChargeResult>;
export type RegisterWorkflow = (input: RegisterInput) => Promise<RegisterResult>;
export type BillingRunWorkflow = (input: BillingRunInput) => Promise<BillingRunResult>;
export type ChargeFollowUpWorkflow = (input: ChargeFollowUpInput) => Promise<ChargeFollowUpState>;

/** Workflow type name → signature: what the worker registers. */
export interface WorkflowContract {
  readonly chargeStoredProfile: ChargeWorkflow;
  readonly registerCustomer: RegisterWorkflow;
  readonly billingRun: BillingRunWorkflow;
  readonly chargeFollowUp: ChargeFollowUpWorkflow;
}

export const WORKFLOW_TYPES = {
  charge: 'chargeStoredProfile',
  register: 'registerCustomer',
  billingRun: 'billingRun',
  followUp: 'chargeFollowUp',
} as const satisfies Record<string, keyof WorkflowContract>;
