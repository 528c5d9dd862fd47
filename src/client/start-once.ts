/**
 * The one code path that starts a charge, a registration or a billing run under its business id: request
 * validation, the unknown-customer check, session-proof sealing and the idempotency rules. PaymentsClient and
 * the Nexus service (src/nexus/) both go through it; they differ only in how a workflow is started (a plain
 * client start, or a start that also attaches the Nexus caller's completion callback).
 */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type Client,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { UnknownCustomerError } from '../customers/errors.js';
import { sealSessionProof } from '../customers/session-seal.js';
import { billingRunWorkflowId, workflowIdFor } from '../ids.js';
import { AmountMinorKey, CurrencyKey, CustomerIdKey } from '../temporal/search-attributes.js';
import type { ChargeInput, ChargeMemo } from '../contract/messages.js';
import { WORKFLOW_TYPES, type ChargeWorkflow, type WorkflowContract } from '../contract/workflows.js';

type WorkflowType = keyof WorkflowContract;
import {
  billingRunSearchAttributes,
  billingRunSummary,
  chargeMemo,
  chargeSearchAttributes,
  chargeSummary,
  registrationSearchAttributes,
  registrationSummary,
} from '../contract/visibility.js';
import {
  BillingRunRequestSchema,
  ChargeRequestSchema,
  RegisterRequestSchema,
  IdempotencyConflictError,
  InvalidRequestError,
  parseRequest,
  type BillingRunRequest,
  type ChargeRequest,
  type RegisterRequest,
} from '../contract/requests.js';

/** What starting needs besides the request: the client, the task queue and the PaymentsClient options. */
export interface StartContext {
  readonly temporal: Client;
  readonly taskQueue: string;
  readonly sessionProofSecrets?: readonly string[] | undefined;
  readonly customers?: { getCustomer(id: string): Promise<unknown> } | undefined;
}

/**
 * Starts a workflow of the contract by its type name, its args checked against the workflow's signature; throws
 * WorkflowExecutionAlreadyStartedError when the id is taken (per the policies given).
 */
export type WorkflowStarter<R> = <K extends WorkflowType>(
  workflowType: K,
  options: WorkflowStartOptions<WorkflowContract[K]>,
) => Promise<R>;

const CONFLICT_FIELDS = ['customerId', 'amountMinor', 'currency', 'mode'] as const;

/** Validates a charge request, refuses unknown customers and seals the session proof: the workflow's input. */
export async function chargeInput(context: StartContext, request: ChargeRequest): Promise<ChargeInput> {
  const parsed = parseRequest(ChargeRequestSchema, request);
  if (context.customers && (await context.customers.getCustomer(parsed.customerId)) === undefined) {
    throw new UnknownCustomerError(parsed.customerId);
  }
  const secrets = context.sessionProofSecrets ?? [];
  if (parsed.sessionProof && secrets.length === 0) {
    // The worker refuses unsealed proofs; refuse here, before anything starts.
    throw new InvalidRequestError([
      { path: 'sessionProof', message: 'this PaymentsClient has no sessionProofSecrets to seal it with' },
    ]);
  }
  return parsed.sessionProof
    ? { ...parsed, sessionProof: sealSessionProof(parsed.sessionProof, secrets, parsed.chargeId) }
    : parsed;
}

export interface ChargeStart<R> {
  readonly input: ChargeInput;
  readonly workflowId: string;
  /** The start options used (conflict policy FAIL); an attach repeats them with USE_EXISTING. */
  readonly options: WorkflowStartOptions<ChargeWorkflow>;
  /** What the starter returned, or undefined when the chargeId already named this same charge. */
  readonly started: R | undefined;
}

/**
 * Starts the charge named by chargeId, or finds it: throws InvalidRequestError / UnknownCustomerError before
 * anything starts, and IdempotencyConflictError when the chargeId names a charge with other parameters
 * (customer, amount, currency, mode). A closed charge is never started again (REJECT_DUPLICATE).
 */
export async function startChargeOnce<R>(
  context: StartContext,
  request: ChargeRequest,
  start: WorkflowStarter<R>,
): Promise<ChargeStart<R>> {
  const input = await chargeInput(context, request);
  const workflowId = workflowIdFor('charge', input.chargeId);
  const memo = chargeMemo(input);
  const options: WorkflowStartOptions<ChargeWorkflow> = {
    taskQueue: context.taskQueue,
    workflowId,
    args: [input],
    typedSearchAttributes: chargeSearchAttributes(input),
    ...chargeSummary(input),
    memo,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
  };
  try {
    return { input, workflowId, options, started: await start(WORKFLOW_TYPES.charge, options) };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    await assertSameCharge(context.temporal, workflowId, memo.charge);
    return { input, workflowId, options, started: undefined };
  }
}

/** The existing charge under this id must be the one asked for; otherwise nothing starts. */
async function assertSameCharge(temporal: Client, workflowId: string, wanted: ChargeMemo): Promise<void> {
  const description = await temporal.workflow.getHandle(workflowId).describe();
  const existing = description.memo?.['charge'] as Partial<ChargeMemo> | undefined;
  const attrs = description.typedSearchAttributes;
  const have: { readonly [K in keyof ChargeMemo]?: ChargeMemo[K] | undefined } = existing ?? {
    customerId: attrs.get(CustomerIdKey),
    amountMinor: attrs.get(AmountMinorKey),
    currency: attrs.get(CurrencyKey) as ChargeMemo['currency'] | undefined,
  };
  const differences = CONFLICT_FIELDS.filter((f) => have[f] !== undefined && have[f] !== wanted[f]);
  if (differences.length > 0) throw new IdempotencyConflictError(workflowId, differences);
}

export interface StartOnceSpec<K extends WorkflowType = WorkflowType> {
  readonly workflowType: K;
  readonly workflowId: string;
  readonly args: Parameters<WorkflowContract[K]>;
  readonly typedSearchAttributes: SearchAttributePair[];
  readonly summary: { staticSummary: string; staticDetails: string };
  /** A run that failed, was terminated or timed out starts again (billing runs: their steps are idempotent). */
  readonly restartDead?: boolean;
}

/**
 * Starts a workflow under a business id exactly once: a running one is attached to (USE_EXISTING), a closed one
 * is never started again (REJECT_DUPLICATE). Returns what the starter returned, or undefined when the id
 * names a closed run that stays as it is.
 */
export async function startOnce<R, K extends WorkflowType>(
  context: StartContext,
  spec: StartOnceSpec<K>,
  start: WorkflowStarter<R>,
): Promise<R | undefined> {
  const attempt = (reuse: WorkflowIdReusePolicy) =>
    start(spec.workflowType, {
      taskQueue: context.taskQueue,
      workflowId: spec.workflowId,
      args: spec.args,
      typedSearchAttributes: spec.typedSearchAttributes,
      ...spec.summary,
      workflowIdReusePolicy: reuse,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  try {
    return await attempt(WorkflowIdReusePolicy.REJECT_DUPLICATE);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    if (!spec.restartDead) return undefined;
    // A run that failed, was terminated or timed out did not finish its work: it starts again (what it did
    // is idempotent by id), instead of handing back the dead run.
    const status = (await context.temporal.workflow.getHandle(spec.workflowId).describe()).status.name;
    if (status === 'COMPLETED' || status === 'RUNNING' || status === 'CONTINUED_AS_NEW') return undefined;
    try {
      return await attempt(WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY);
    } catch (again) {
      if (!(again instanceof WorkflowExecutionAlreadyStartedError)) throw again;
      return undefined;
    }
  }
}

/** A registration's start: validated (InvalidRequestError before anything starts), id from registrationId. */
export function registrationSpec(request: RegisterRequest): StartOnceSpec<'registerCustomer'> {
  const input = parseRequest(RegisterRequestSchema, request);
  return {
    workflowType: WORKFLOW_TYPES.register,
    workflowId: workflowIdFor('register', input.registrationId),
    args: [input],
    typedSearchAttributes: registrationSearchAttributes(input),
    summary: registrationSummary(input),
  };
}

/** A billing run's start: validated, id from runId; a dead run starts again. */
export function billingRunSpec(request: BillingRunRequest): StartOnceSpec<'billingRun'> {
  const input = parseRequest(BillingRunRequestSchema, request);
  return {
    workflowType: WORKFLOW_TYPES.billingRun,
    workflowId: billingRunWorkflowId(input.runId),
    args: [input],
    typedSearchAttributes: billingRunSearchAttributes(input.runId),
    summary: billingRunSummary(input),
    restartDead: true,
  };
}
