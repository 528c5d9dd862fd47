/**
 * The one place that builds workflow ids and merchantTransactionIds. Pure and deterministic, so workflows,
 * activities and the webhook receiver all derive the same ids. A merchantTransactionId encodes its workflow id,
 * so a callback finds its workflow without a database.
 */

/**
 * Caller-chosen business ids (charge ids, customer ids, run ids): short, URL- and id-safe. At most 40 characters,
 * so "c." + id + "." + step (≤ 7) fits the gateway's 50-character merchantTransactionId.
 */
export const BUSINESS_ID_MAX_LENGTH = 40;
export const BUSINESS_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

export const FLOW_KINDS = { charge: 'c', register: 'r' } as const;
export type FlowKind = keyof typeof FLOW_KINDS;

/** A step of a flow: e.g. "d1" (first debit), "d2" (dunning attempt 2), "cap", "void", "rf1". */
export const STEP = /^[a-z][a-z0-9]{0,6}$/;

export class InvalidIdError extends Error {
  override readonly name = 'InvalidIdError';
}

export function assertBusinessId(id: string, what = 'id'): string {
  if (!BUSINESS_ID.test(id)) {
    throw new InvalidIdError(`${what} must match ${BUSINESS_ID.source}, got ${JSON.stringify(id)}`);
  }
  return id;
}

export function workflowIdFor(kind: FlowKind, businessId: string): string {
  return `${kind}-${assertBusinessId(businessId)}`;
}

/**
 * The business id named by either itself or its workflow id (`charge-<id>`, as `charge --no-wait` prints it);
 * undefined when it is neither. A name starting with `<kind>-` is read as a workflow id, so a charge whose own id
 * starts with "charge-" is named by its workflow id ("charge-charge-…").
 */
export function businessIdFrom(kind: FlowKind, idOrWorkflowId: string): string | undefined {
  const prefix = `${kind}-`;
  const id = idOrWorkflowId.startsWith(prefix) ? idOrWorkflowId.slice(prefix.length) : idOrWorkflowId;
  return BUSINESS_ID.test(id) ? id : undefined;
}

export function merchantTransactionIdFor(kind: FlowKind, businessId: string, step: string): string {
  assertBusinessId(businessId);
  if (!STEP.test(step))
    throw new InvalidIdError(`step must match ${STEP.source}, got ${JSON.stringify(step)}`);
  return `${FLOW_KINDS[kind]}.${businessId}.${step}`;
}

export interface ParsedMerchantTransactionId {
  readonly kind: FlowKind;
  readonly businessId: string;
  readonly step: string;
  readonly workflowId: string;
}

/** Inverse of merchantTransactionIdFor; undefined for ids this project did not make. */
export function parseMerchantTransactionId(id: string): ParsedMerchantTransactionId | undefined {
  const parts = id.split('.');
  if (parts.length !== 3) return undefined;
  const [code, businessId, step] = parts as [string, string, string];
  const kind = (Object.keys(FLOW_KINDS) as FlowKind[]).find((k) => FLOW_KINDS[k] === code);
  if (!kind || !BUSINESS_ID.test(businessId) || !STEP.test(step)) return undefined;
  return { kind, businessId, step, workflowId: workflowIdFor(kind, businessId) };
}

/**
 * The workflow that handles events arriving after a charge closed (late successes, chargebacks, reversals,
 * back-office refunds). The dot cannot occur in a business id, so this never collides with a charge's own id.
 */
export function followUpWorkflowId(chargeId: string, kind: FlowKind = 'charge'): string {
  return `${workflowIdFor(kind, chargeId)}.events`;
}

/** Debit step name of an attempt (1-based): "d1", "d2", … */
export function debitStep(attempt: number): string {
  return `d${attempt}`;
}

/** The attempt number of a debit step ("d3" → 3); undefined for other steps. */
export function attemptOfStep(step: string): number | undefined {
  const m = /^d([1-9][0-9]{0,5})$/.exec(step);
  return m ? Number(m[1]) : undefined;
}

/** The step that reverses an extra debit of attempt n (refund or void): "xr<n>". */
export function reversalStep(attempt: number): string {
  return `xr${attempt}`;
}

/** Capture attempt n of a preauthorization: "cap1", "cap2", … (each its own merchantTransactionId). */
export function captureStep(n: number): string {
  return `cap${n}`;
}

/** The shape of a billing charge id ("<subscriptionId>_<YYYY-MM-DD>"): reserved, no direct charge may use it. */
export const BILLING_CHARGE_ID = /_[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** The charge id of one subscription's billing period: a re-run derives the same id, so never charges twice. */
export function billingChargeId(subscriptionId: string, period: string): string {
  return assertBusinessId(`${subscriptionId}_${period}`, 'billing charge id');
}

/** Longest schedule id whose runs' ids ("<scheduleId>-<YYYY-MM-DD>T<HHMMSS>") are still business ids. */
export const SCHEDULE_ID_MAX_LENGTH = BUSINESS_ID_MAX_LENGTH - '-YYYY-MM-DDTHHMMSS'.length;

/**
 * The run id of a scheduled billing run: the schedule and the day it bills, plus the time of day when the
 * schedule meant it for another time than midnight UTC. Runs of one schedule overlap (ALLOW_ALL), so two runs
 * the same day (`every 12h`, a trigger, a backfill) get their own ids and reports.
 */
export function scheduledRunId(scheduleId: string, scheduledAt: Date, billingDate: string): string {
  const time = scheduledAt.toISOString().slice(11, 19).replace(/:/g, '');
  const suffix = time === '000000' ? '' : `T${time.endsWith('00') ? time.slice(0, 4) : time}`;
  return `${scheduleId}-${billingDate}${suffix}`;
}

export function billingRunWorkflowId(runId: string): string {
  return `billing-${assertBusinessId(runId, 'run id')}`;
}

/** The Temporal schedule that starts the billing runs of `billing schedule create --id <scheduleId>`. */
export function billingScheduleId(scheduleId: string): string {
  return `billing-${assertBusinessId(scheduleId, 'schedule id')}`;
}

/** Inverse of billingScheduleId; undefined for a schedule this project did not make. */
export function scheduleIdFrom(temporalScheduleId: string): string | undefined {
  if (!temporalScheduleId.startsWith('billing-')) return undefined;
  const id = temporalScheduleId.slice('billing-'.length);
  return BUSINESS_ID.test(id) ? id : undefined;
}

export interface ParsedWorkflowId {
  /** charge and register: workflowIdFor; billing: billingRunWorkflowId. */
  readonly kind: FlowKind | 'billing';
  readonly businessId: string;
  /** The follow-up of a charge or registration (followUpWorkflowId). */
  readonly followUp: boolean;
}

/** Inverse of workflowIdFor, followUpWorkflowId and billingRunWorkflowId; undefined for ids this project did not make. */
export function parseWorkflowId(workflowId: string): ParsedWorkflowId | undefined {
  const dash = workflowId.indexOf('-');
  if (dash < 0) return undefined;
  const kind = workflowId.slice(0, dash);
  if (kind !== 'charge' && kind !== 'register' && kind !== 'billing') return undefined;
  let businessId = workflowId.slice(dash + 1);
  const followUp = kind !== 'billing' && businessId.endsWith('.events');
  if (followUp) businessId = businessId.slice(0, -'.events'.length);
  return BUSINESS_ID.test(businessId) ? { kind, businessId, followUp } : undefined;
}
