/**
 * Typed client API for backend services. Workflow ids come from business ids, so starting the same charge
 * twice attaches to the same execution and a finished charge is never run again under the same id.
 */
import { resultAfterClose } from '../contract/late-operations.js';
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { ChargeResult } from '../contract/domain.js';
import { billingRunWorkflowId, followUpWorkflowId, workflowIdFor } from '../ids.js';
import type {
  BillingRunWorkflow,
  ChargeWorkflow,
  RegisterWorkflow,
  WorkflowContract,
} from '../contract/workflows.js';
import {
  awaitResultUpdate,
  billingProgressQuery,
  captureUpdate,
  chargeStateQuery,
  followUpStateQuery,
  refundUpdate,
  registerStateQuery,
  voidUpdate,
  type BillingProgress,
  type BillingRunResult,
  type ChargeFollowUpState,
  type ChargeState,
  type RegisterResult,
} from '../contract/messages.js';
import type { BillingRunRequest, ChargeRequest, RegisterRequest } from '../contract/requests.js';
import {
  billingRunSpec,
  registrationSpec,
  startChargeOnce,
  startOnce,
  type StartContext,
  type WorkflowStarter,
} from './start-once.js';

export interface OperationOptions {
  /** The caller's idempotency key (1–100 characters of [A-Za-z0-9_.:-]). */
  readonly idempotencyKey?: string | undefined;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,100}$/;

/** Temporal deduplicates updates by id within a run: the key becomes the update id. */
function updateIdFor(kind: 'capture' | 'refund', options: OperationOptions): { updateId?: string } {
  const key = options.idempotencyKey;
  if (key === undefined) return {};
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new TypeError('idempotencyKey must be 1-100 characters of letters, digits, _ . : -');
  }
  return { updateId: `${kind}:${key}` };
}

/** One charge: its state while running, its result when known, and capture/void/refund. */
export class ChargeHandle {
  constructor(
    readonly chargeId: string,
    readonly workflow: WorkflowHandle<ChargeWorkflow>,
  ) {}

  get workflowId(): string {
    return this.workflow.workflowId;
  }

  state(): Promise<ChargeState> {
    return this.workflow.query(chargeStateQuery);
  }

  /** The result as soon as it is known, even if the workflow stays open for capture or refunds. */
  async result(): Promise<ChargeResult> {
    const description = await this.workflow.describe();
    if (description.status.name === 'RUNNING') {
      try {
        return await this.workflow.executeUpdate(awaitResultUpdate);
      } catch {
        // Closed between describe and update: the workflow result is final.
      }
    }
    return this.workflow.result();
  }

  /**
   * `idempotencyKey`: the caller's key for this capture; a retry with the same key (after the caller's own
   * timeout) gets the first capture's result instead of capturing again. It is the update's id.
   */
  capture(amountMinor?: number, options: OperationOptions = {}): Promise<ChargeResult> {
    return this.workflow.executeUpdate(captureUpdate, {
      args: [{ amountMinor }],
      ...updateIdFor('capture', options),
    });
  }

  void(): Promise<ChargeResult> {
    return this.workflow.executeUpdate(voidUpdate);
  }

  /** `idempotencyKey`: a retry with the same key gets the first refund's result and refunds nothing more. */
  refund(amountMinor: number, options: OperationOptions = {}): Promise<ChargeResult> {
    return this.workflow.executeUpdate(refundUpdate, {
      args: [{ amountMinor }],
      ...updateIdFor('refund', options),
    });
  }
}

export interface ChargeStatusView {
  readonly chargeId: string;
  readonly workflowId: string;
  readonly workflowStatus: string;
  readonly state?: ChargeState | undefined;
  readonly result?: ChargeResult | undefined;
  /**
   * The status counting what happened after the charge closed (a late success, a chargeback, a back-office
   * refund); the result's own status while nothing did.
   */
  readonly status?: ChargeFollowUpState['status'] | undefined;
  /** Events after the close, from the follow-up workflow ("charge-<chargeId>.events"), when there were any. */
  readonly followUp?: ChargeFollowUpState | undefined;
}

export interface PaymentsClientOptions {
  /**
   * Session-proof secrets (current first): proofs are sealed for their charge before they enter workflow
   * history. Required for customer-initiated charges.
   */
  readonly sessionProofSecrets?: readonly string[] | undefined;
  /**
   * The merchant's customer store, when the starter can read it: an unknown customer is then refused with
   * UnknownCustomerError before anything starts (the worker's authenticate step refuses it in any case).
   */
  readonly customers?:
    | {
        getCustomer(id: string): Promise<unknown>;
        /** Final outcomes kept when charges close: chargeStatus reads them once Temporal no longer has them. */
        getChargeOutcome?(
          flow: 'charge' | 'register',
          chargeId: string,
        ): Promise<{ readonly outcome: Readonly<Record<string, unknown>> } | undefined>;
      }
    | undefined;
}

export class PaymentsClient {
  constructor(
    readonly temporal: Client,
    readonly taskQueue: string,
    private readonly options: PaymentsClientOptions = {},
  ) {}

  private get context(): StartContext {
    return { temporal: this.temporal, taskQueue: this.taskQueue, ...this.options };
  }

  private readonly start: WorkflowStarter<unknown> = (workflowType, options) =>
    this.temporal.workflow.start<WorkflowContract[typeof workflowType]>(workflowType, options);

  /**
   * Starts (or attaches to) the charge named by chargeId. Throws InvalidRequestError before starting anything,
   * and IdempotencyConflictError when the chargeId already names a charge with other parameters (customer,
   * amount, currency, mode). A repeat with the same parameters attaches to the first charge.
   */
  async startCharge(request: ChargeRequest): Promise<ChargeHandle> {
    const { input, workflowId } = await startChargeOnce(this.context, request, this.start);
    return new ChargeHandle(input.chargeId, this.temporal.workflow.getHandle(workflowId));
  }

  async chargeAndWait(request: ChargeRequest): Promise<ChargeResult> {
    return (await this.startCharge(request)).result();
  }

  charge(chargeId: string): ChargeHandle {
    return new ChargeHandle(chargeId, this.temporal.workflow.getHandle(workflowIdFor('charge', chargeId)));
  }

  async chargeStatus(chargeId: string): Promise<ChargeStatusView> {
    const handle = this.charge(chargeId);
    const stored = (await this.options.customers?.getChargeOutcome?.('charge', chargeId))?.outcome as
      { readonly result?: ChargeResult } | undefined;
    let workflowStatus: string;
    try {
      workflowStatus = (await handle.workflow.describe()).status.name;
    } catch (err) {
      // Past Temporal's retention the store still has what the charge decided.
      if (!(err instanceof WorkflowNotFoundError) || !stored?.result) throw err;
      workflowStatus = 'COMPLETED';
    }
    const followUp = await this.followUp(chargeId);
    let view: ChargeStatusView;
    if (workflowStatus === 'RUNNING') {
      const state = await handle.state();
      view = { chargeId, workflowId: handle.workflowId, workflowStatus, state, result: state.result };
    } else {
      const result =
        stored?.result ?? (workflowStatus === 'COMPLETED' ? await handle.workflow.result() : undefined);
      view = { chargeId, workflowId: handle.workflowId, workflowStatus, result };
    }
    // Operations the charge left open and that settled after it closed are part of its result.
    const result = view.result && resultAfterClose(view.result, followUp);
    return { ...view, result, status: followUp?.status ?? view.result?.status, followUp };
  }

  /** The follow-up's state (events after the charge closed), or undefined when there were none. */
  async followUp(chargeId: string): Promise<ChargeFollowUpState | undefined> {
    const workflowId = followUpWorkflowId(chargeId);
    try {
      const description = await this.temporal.workflow.getHandle(workflowId).describe();
      // Pinned to the run described: a follow-up that closed may be followed by a new run (the next event),
      // which stays open for its idle time; the latest run's result would wait for it.
      const handle = this.temporal.workflow.getHandle(workflowId, description.runId);
      if (description.status.name === 'RUNNING') return await handle.query(followUpStateQuery);
      return (await handle.result()) as ChargeFollowUpState;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  async startRegistration(request: RegisterRequest): Promise<WorkflowHandle<RegisterWorkflow>> {
    const spec = registrationSpec(request);
    await startOnce(this.context, spec, this.start);
    return this.temporal.workflow.getHandle(spec.workflowId);
  }

  async registerCustomer(request: RegisterRequest): Promise<RegisterResult> {
    return (await this.startRegistration(request)).result();
  }

  registrationState(registrationId: string): Promise<{ phase: string; redirectUrl?: string | undefined }> {
    return this.temporal.workflow
      .getHandle(workflowIdFor('register', registrationId))
      .query(registerStateQuery);
  }

  async startBillingRun(request: BillingRunRequest): Promise<WorkflowHandle<BillingRunWorkflow>> {
    const spec = billingRunSpec(request);
    await startOnce(this.context, spec, this.start);
    return this.temporal.workflow.getHandle(spec.workflowId);
  }

  billingProgress(runId: string): Promise<BillingProgress> {
    return this.temporal.workflow.getHandle(billingRunWorkflowId(runId)).query(billingProgressQuery);
  }

  billingResult(runId: string): Promise<BillingRunResult> {
    return this.temporal.workflow.getHandle<BillingRunWorkflow>(billingRunWorkflowId(runId)).result();
  }
}
