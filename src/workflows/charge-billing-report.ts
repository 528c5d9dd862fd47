/**
 * A billing child's reports to the billing run that started it: "in-dunning" when it enters dunning, "final"
 * with its result. A parent that cannot be signalled never fails the charge (it watches its children).
 */
import { getExternalWorkflowHandle, log, patched } from '@temporalio/workflow';
import type { ChargeResult } from '../contract/domain.js';
import { chargeReportSignal, type ChargeInput } from '../contract/messages.js';

/**
 * A billing child that closes right after deciding (a debit without a refund window) sends no final report:
 * the run that started it settles it from the child's result, a later run (after continue-as-new) by looking
 * its carried children up (billing-carried-lookups.ts). One signal, one action and a
 * workflow task of the run fewer per child. The in-dunning report stays.
 */
export const BILLING_REPORT_BY_RESULT_PATCH = 'billing-report-by-result';

/**
 * A billing child that went through dunning sends its final report after all: it lived days, so the run that
 * started it has most likely continued-as-new since, and the run it reports to would otherwise learn its end
 * only from a look-up every childCheckSeconds.
 */
export const BILLING_REPORT_AFTER_DUNNING_PATCH = 'billing-report-after-dunning';

const closesAtOnce = (input: ChargeInput): boolean =>
  (input.mode ?? 'debit') === 'debit' && (input.refundWindowSeconds ?? 0) <= 0;

export class BillingReport {
  private reportedInDunning = false;

  constructor(private readonly input: ChargeInput) {}

  /** Signals the billing run, if the charge has one; `result` goes with the final report. */
  async send(kind: 'in-dunning' | 'final', result?: ChargeResult): Promise<void> {
    const { input } = this;
    if (!input.reportTo || !input.billing) return;
    if (
      kind === 'final' &&
      closesAtOnce(input) &&
      patched(BILLING_REPORT_BY_RESULT_PATCH) &&
      !(this.reportedInDunning && patched(BILLING_REPORT_AFTER_DUNNING_PATCH))
    )
      return;
    if (kind === 'in-dunning') this.reportedInDunning = true;
    try {
      await getExternalWorkflowHandle(input.reportTo).signal(chargeReportSignal, {
        chargeId: input.chargeId,
        subscriptionId: input.billing.subscriptionId,
        kind,
        result: kind === 'final' ? result : undefined,
      });
    } catch (err) {
      log.warn('billing run could not be signalled; it learns the outcome from the child result', {
        reportTo: input.reportTo,
        error: String(err),
      });
    }
  }
}
