/**
 * The `ixopay-payments` Nexus service: what other namespaces (and other languages) call through a Nexus
 * endpoint. Inputs are the PaymentsClient's request shapes; docs/nexus.md describes each operation.
 */
import * as nexus from 'nexus-rpc';
import type { ChargeResult } from '../contract/domain.js';
import type { ChargeStatusView } from '../client/payments-client.js';
import type {
  BillingRunRequest,
  CaptureRequest,
  ChargeRef,
  ChargeRequest,
  RefundRequest,
  RegisterRequest,
} from '../contract/requests.js';
import type { RegisterResult } from '../contract/messages.js';

export const NEXUS_SERVICE_NAME = 'ixopay-payments';

export interface BillingRunStarted {
  readonly runId: string;
  readonly workflowId: string;
}

export const paymentsService = nexus.service(NEXUS_SERVICE_NAME, {
  /** Starts (or attaches to) the charge named by chargeId; completes with its result (workflow-run). */
  charge: nexus.operation<ChargeRequest, ChargeResult>(),
  chargeStatus: nexus.operation<ChargeRef, ChargeStatusView>(),
  capture: nexus.operation<CaptureRequest, ChargeResult>(),
  void: nexus.operation<ChargeRef, ChargeResult>(),
  refund: nexus.operation<RefundRequest, ChargeResult>(),
  /** Starts (or attaches to) a registration; completes with its result (workflow-run). */
  register: nexus.operation<RegisterRequest, RegisterResult>(),
  /** Starts a billing run (or finds it) and answers at once; progress through the billing-run workflow. */
  startBillingRun: nexus.operation<BillingRunRequest, BillingRunStarted>(),
});
