/**
 * The business ids behind a workflow id (the inverse of ids.ts workflowIdFor / billingRunWorkflowId), for log
 * attributes. Pure and sandbox-safe: the workflow interceptors and the activity interceptors both use it.
 */
import { BUSINESS_ID } from '../ids.js';

const PREFIXES = {
  'charge-': 'chargeId',
  'register-': 'registrationId',
  'billing-': 'billingRunId',
} as const;

export type BusinessIdFields = Partial<Record<(typeof PREFIXES)[keyof typeof PREFIXES], string>>;

/** `charge-order-1` → `{ chargeId: 'order-1' }`; `{}` for a workflow id this project did not make. */
export function businessIdsOf(workflowId: string | undefined): BusinessIdFields {
  if (!workflowId) return {};
  for (const [prefix, field] of Object.entries(PREFIXES)) {
    if (!workflowId.startsWith(prefix)) continue;
    const id = workflowId.slice(prefix.length);
    return BUSINESS_ID.test(id) ? { [field]: id } : {};
  }
  return {};
}
