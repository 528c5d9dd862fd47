/**
 * The business ids behind a workflow id, for log attributes (parsing lives in ids.ts). Pure and sandbox-safe: the
 * workflow interceptors and the activity interceptors both use it.
 */
import { parseWorkflowId } from '../ids.js';

const FIELDS = { charge: 'chargeId', register: 'registrationId', billing: 'billingRunId' } as const;

export type BusinessIdFields = Partial<Record<(typeof FIELDS)[keyof typeof FIELDS], string>>;

/** `charge-order-1` (and its follow-up `charge-order-1.events`) → `{ chargeId: 'order-1' }`; `{}` for others. */
export function businessIdsOf(workflowId: string | undefined): BusinessIdFields {
  const parsed = workflowId === undefined ? undefined : parseWorkflowId(workflowId);
  return parsed ? { [FIELDS[parsed.kind]]: parsed.businessId } : {};
}
