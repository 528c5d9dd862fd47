/**
 * billingRun: pages through due subscriptions and charges each (subscription, period) once through a child
 * chargeStoredProfile whose id derives from them, in a sliding window. Children report back by signal, so the
 * run can continue-as-new with bounded history; a re-run or a crash never charges twice because the child id
 * already exists. Paid subscriptions advance, failed ones become past due, and a JSON + CSV report is written.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { TemporalFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { DueSubscription } from '../contract/billing-activities.js';
import { billingChargeId } from '../ids.js';
import {
  recordBillingChargeFinished,
  recordBillingChargeStarted,
  recordBillingRunEnded,
  recordBillingWindow,
} from '../observability/workflow-metrics.js';
import { billing } from './activity-options.js';
import { chargeStoredProfile } from './charge.js';
import { ChargeStatusKey, BillingRunIdKey } from '../temporal/search-attributes.js';
import {
  billingProgressQuery,
  chargeReportSignal,
  type BillingRunInput,
  type BillingRunResult,
  type ChargeReport,
} from '../contract/messages.js';
import { billingChildInput, billingChildOptions, childEnd } from './billing-child.js';
import { childrenPerRun, resolveInput, type ResolvedBillingInput } from './billing-run-input.js';
import { BillingWindow, freshState, pendingOf, type CarriedState } from './billing-window.js';
import { windowWaiter, type Settle, type WaitFor } from './billing-wait.js';

export async function billingRun(
  rawInput: BillingRunInput,
  carried?: CarriedState,
): Promise<BillingRunResult> {
  const { runId } = resolveInput(rawInput);
  try {
    const result = await runBilling(rawInput, carried);
    recordBillingRunEnded(runId, 'completed');
    return result;
  } catch (err) {
    // A continue-as-new goes on; any other error that is no Temporal failure retries the workflow task.
    if (isCancellation(err)) recordBillingRunEnded(runId, 'cancelled');
    else if (err instanceof TemporalFailure) recordBillingRunEnded(runId, 'failed');
    throw err;
  }
}

/** What the steps of one run share. */
interface Run {
  readonly input: ResolvedBillingInput;
  readonly window: BillingWindow;
  /** Children this run started (the others were carried over a continue-as-new). */
  readonly startedHere: Set<string>;
  readonly show: () => void;
  readonly settle: Settle;
  readonly waitFor: WaitFor;
  readonly flush: () => Promise<void>;
}

async function runBilling(rawInput: BillingRunInput, carried?: CarriedState): Promise<BillingRunResult> {
  const input = resolveInput(rawInput);
  const window = new BillingWindow(carried ?? freshState(input));
  const p = window.progress;
  /** Temporal allows 2,000 pending children per execution: each run starts at most that many. */
  const capped = patched('billing-children-cap');
  const show = (): void => {
    recordBillingWindow(input.runId, p);
    setCurrentDetails(window.line());
  };
  const settle: Settle = (chargeId, result, why) => {
    const status = window.settle(chargeId, result, why);
    if (!status) return;
    recordBillingChargeFinished(chargeId, status);
    show();
  };
  setHandler(billingProgressQuery, () => window.snapshot());
  setHandler(chargeReportSignal, (report: ChargeReport) => {
    if (typeof report?.chargeId !== 'string') return; // not a report (e.g. a refused plaintext signal)
    if (!window.holds(report.chargeId)) return; // duplicate or foreign report
    if (report.kind !== 'in-dunning') return settle(report.chargeId, report.result);
    window.toDunning(report.chargeId);
    show();
  });
  const startedHere = new Set<string>();
  const waitFor = windowWaiter(window, startedHere, (input.childCheckSeconds ?? 600) * 1000, settle);
  upsertSearchAttributes([
    { key: BillingRunIdKey, value: input.runId },
    { key: ChargeStatusKey, value: 'billing' },
  ]);
  const flush = async (): Promise<void> => {
    for (let batch = window.takeOutcomes(500); batch.length > 0; batch = window.takeOutcomes(500)) {
      await billing.recordSubscriptionOutcomes({ runId: input.runId, outcomes: batch });
    }
  };
  const run: Run = { input, window, startedHere, show, settle, waitFor, flush };

  if ((await chargeDuePages(run, childrenPerRun(input, capped), capped)) === 'continue') {
    return continueAsNew<typeof billingRun>(input, window.state);
  }
  if ((await awaitDunning(run)) === 'continue') return continueAsNew<typeof billingRun>(input, window.state);
  p.phase = 'reporting';
  setCurrentDetails(window.line());
  await flush();
  const report = await billing.writeRunReport({ runId: input.runId, summary: { ...p, phase: 'done' } });
  p.phase = 'done';
  upsertSearchAttributes([{ key: ChargeStatusKey, value: 'billed' }]);
  setCurrentDetails(window.line());
  await condition(allHandlersFinished);
  return { ...p, report };
}

/** Starts a child for every due subscription, page by page, within the window; or hands over to the next run. */
async function chargeDuePages(run: Run, perRun: number, capped: boolean): Promise<'continue' | 'paged'> {
  const { input, window } = run;
  const p = window.progress;
  const concurrency = input.concurrency ?? 50;
  let startedThisRun = 0;
  while (!p.pagesExhausted) {
    p.phase = 'paging';
    setCurrentDetails(window.line());
    const page = await billing.listDueSubscriptions({
      billingDate: input.billingDate,
      afterId: window.state.cursor,
      limit: input.pageSize ?? 500,
      filters: input.filters,
    });
    p.phase = 'charging';
    // Child starts overlap: many StartChildWorkflow commands go out per workflow task, not one per round trip.
    const starting: Promise<void>[] = [];
    let full = false;
    for (const sub of page.items) {
      if (capped && startedThisRun >= perRun) {
        // The rest of this page goes to the next run, from the cursor (the last subscription started).
        full = true;
        break;
      }
      if (window.holds(billingChargeId(sub.subscriptionId, sub.period))) continue;
      await run.waitFor(() => window.inFlight < concurrency);
      starting.push(startBillingChild(run, sub));
      startedThisRun++;
      window.state.cursor = sub.subscriptionId;
    }
    await Promise.all(starting);
    if (full) {
      // state.cursor is the last subscription started; the next run lists from there.
    } else if (!page.nextCursor || page.items.length === 0) p.pagesExhausted = true;
    else window.state.cursor = page.nextCursor;
    await run.flush();
    if (startedThisRun >= perRun || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await run.flush();
      p.continuedAsNew++;
      return 'continue';
    }
  }
  return 'paged';
}

async function startBillingChild(run: Run, sub: DueSubscription): Promise<void> {
  const chargeId = billingChargeId(sub.subscriptionId, sub.period);
  const pending = pendingOf(sub);
  run.window.open(chargeId, pending);
  run.show();
  try {
    const args = billingChildInput(sub, chargeId, run.input, workflowInfo().workflowId);
    const child = await startChild(chargeStoredProfile, billingChildOptions(args));
    run.startedHere.add(chargeId);
    // The child's own end (completed, failed, terminated, timed out) settles it even if its report is lost.
    child.result().then(
      (result) => run.settle(chargeId, result),
      (err: unknown) => run.settle(chargeId, undefined, childEnd(err)),
    );
    run.window.started(pending);
    recordBillingChargeStarted(chargeId);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    // This (subscription, period) was already charged or is being charged by another run.
    run.window.alreadyBilled(chargeId);
    run.show();
  }
}

/** Waits until no child is in flight or in dunning, an hour at a time; a long wait continues-as-new. */
async function awaitDunning(run: Run): Promise<'continue' | 'settled'> {
  const { window } = run;
  window.progress.phase = 'awaiting-dunning';
  setCurrentDetails(window.line());
  for (;;) {
    const settled = await run.waitFor(() => window.empty, 3_600_000);
    await run.flush();
    if (settled) return 'settled';
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      window.progress.continuedAsNew++;
      return 'continue';
    }
  }
}
