/**
 * billingRun: pages through due subscriptions and charges each (subscription, period) once through a child
 * chargeStoredProfile whose id derives from them, in a sliding window. Children report back by signal, so the
 * run can continue-as-new with bounded history; a re-run or a crash never charges twice because the child id
 * already exists. Paid subscriptions advance, failed ones become past due, and a JSON + CSV report is written.
 */
import { DAY_SECONDS } from './durations.js';
import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
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
import {
  CancelledFailure,
  TemporalFailure,
  TerminatedFailure,
  TimeoutFailure,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/common';
import type { DueSubscription, SubscriptionOutcome } from '../contract/billing-activities.js';
import { billingChargeId, scheduledRunId, workflowIdFor } from '../ids.js';
import type { ChargeResult } from '../contract/domain.js';
import {
  recordBillingChargeFinished,
  recordBillingChargeStarted,
  recordBillingRunEnded,
  recordBillingWindow,
} from '../observability/workflow-metrics.js';
import type { Currency } from '../money.js';
import { billing, events } from './activity-options.js';
import { chargeStoredProfile } from './charge.js';
import { ChargeStatusKey, BillingRunIdKey } from '../temporal/search-attributes.js';
import { toDecimalString } from '../money.js';
import { chargeMemo, chargeSearchAttributes, chargeSummary } from '../contract/visibility.js';
import {
  billingProgressQuery,
  chargeReportSignal,
  type BillingProgress,
  type BillingRunInput,
  type BillingRunResult,
  type ChargeInput,
  type ChargeReport,
} from '../contract/messages.js';

/** Default dunning: four retries at 1, 3, 5 and 7 days after the first decline (see README). */
export const DEFAULT_DUNNING_DAYS = [1, 3, 5, 7] as const;

interface Pending {
  readonly subscriptionId: string;
  readonly customerId: string;
  readonly period: string;
  readonly amountMinor: number;
  readonly currency: Currency;
}

/** Everything carried across continue-as-new. Bounded: in-flight ≤ concurrency, plus subscriptions in dunning. */
interface CarriedState {
  progress: ProgressDraft<BillingProgress>;
  cursor?: string | undefined;
  inFlight: Record<string, Pending>;
  dunning: Record<string, Pending>;
  /** Final outcomes not yet written to the store. */
  outcomes: SubscriptionOutcome[];
}

/** The run's progress while it counts: amounts by currency as plain records. */
type ProgressDraft<T> = { -readonly [K in keyof T]: T[K] extends object ? { [k: string]: number } : T[K] };

function freshProgress(input: { runId: string; billingDate: string }): ProgressDraft<BillingProgress> {
  return {
    runId: input.runId,
    billingDate: input.billingDate,
    phase: 'paging',
    scheduled: 0,
    done: 0,
    succeeded: 0,
    declined: 0,
    failed: 0,
    needsAction: 0,
    inDunning: 0,
    inFlight: 0,
    alreadyBilled: 0,
    continuedAsNew: 0,
    amountsScheduled: {},
    amountsSucceeded: {},
    amountsAlreadyBilled: {},
    pagesExhausted: false,
  };
}

/** Scheduled runs name themselves after the time of day too, when it is not midnight UTC. */
export const RUN_ID_PER_START_PATCH = 'billing-run-id-per-start';

/**
 * Scheduled runs carry no date: they bill the day the schedule meant to start them (a backfill bills the
 * backfilled day, not today), and name themselves after the schedule and that day.
 */
function resolveInput(input: BillingRunInput): BillingRunInput & { runId: string; billingDate: string } {
  const scheduled = workflowInfo().searchAttributes?.['TemporalScheduledStartTime']?.[0];
  const at = scheduled ? new Date(scheduled as string | Date) : new Date();
  const billingDate = input.billingDate ?? at.toISOString().slice(0, 10);
  const scheduleId = input.scheduleId ?? 'scheduled';
  if (input.runId) return { ...input, billingDate, runId: input.runId };
  // Two runs of one schedule the same day had one id, and one report overwrote the other.
  const runId = patched(RUN_ID_PER_START_PATCH)
    ? scheduledRunId(scheduleId, at, billingDate)
    : `${scheduleId}-${billingDate}`;
  return { ...input, billingDate, runId };
}

/**
 * Children that close right after deciding send no final report (charge.ts, BILLING_REPORT_BY_RESULT_PATCH):
 * a run looks up the in-flight children it carried over from the run before sooner, 5 s after the last look-up
 * and doubling up to childCheckSeconds, instead of only every childCheckSeconds without progress.
 */
export const BILLING_CARRIED_LOOKUP_PATCH = 'billing-carried-lookup';
const CARRIED_LOOKUP_FIRST_MS = 5_000;

/** The run's progress line in the Web UI (current details): phase, counts and amounts paid. */
function progressLine(p: BillingProgress): string {
  const paid = Object.entries(p.amountsSucceeded)
    .map(([currency, minor]) => `${toDecimalString(minor ?? 0, currency as Currency)} ${currency}`)
    .join(', ');
  return (
    `**${p.phase}** · ${p.done}/${p.scheduled} done · ${p.succeeded} paid, ${p.declined} declined, ` +
    `${p.failed} failed, ${p.needsAction} need action · ${p.inFlight} in flight, ${p.inDunning} in dunning` +
    (p.alreadyBilled ? ` · ${p.alreadyBilled} already billed` : '') +
    (paid ? ` · paid ${paid}` : '')
  );
}

/** Why a child ended without a result: terminated, timed out, cancelled, or the failure's message. */
function childEnd(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (cause instanceof TerminatedFailure) return 'child terminated';
  if (cause instanceof TimeoutFailure) return 'child timed out';
  if (cause instanceof CancelledFailure) return 'child cancelled';
  return `child failed: ${cause instanceof Error ? cause.message : String(cause)}`.slice(0, 300);
}

/** Temporal's limit of pending child workflows per execution. */
const MAX_CHILDREN_PER_RUN = 2000;

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

async function runBilling(rawInput: BillingRunInput, carried?: CarriedState): Promise<BillingRunResult> {
  const input = resolveInput(rawInput);
  const state: CarriedState = carried ?? {
    progress: freshProgress(input),
    inFlight: {},
    dunning: {},
    outcomes: [],
  };
  const p = state.progress;
  const concurrency = input.concurrency ?? 50;
  const pageSize = input.pageSize ?? 500;
  /** Temporal allows 2,000 pending children per execution: each run starts at most that many. */
  const capped = patched('billing-children-cap');
  const childrenPerRun = capped
    ? Math.min(input.childrenPerRun ?? MAX_CHILDREN_PER_RUN, MAX_CHILDREN_PER_RUN)
    : (input.childrenPerRun ?? 2000);
  const dunningDelays = input.dunningDelaysSeconds ?? DEFAULT_DUNNING_DAYS.map((d) => d * DAY_SECONDS);
  const outcomes = state.outcomes;
  let startedThisRun = 0;

  const count = (): void => {
    p.inFlight = Object.keys(state.inFlight).length;
    p.inDunning = Object.keys(state.dunning).length;
    recordBillingWindow(input.runId, p);
    setCurrentDetails(progressLine(p));
  };
  setHandler(billingProgressQuery, () => ({
    ...p,
    amountsScheduled: { ...p.amountsScheduled },
    amountsSucceeded: { ...p.amountsSucceeded },
    amountsAlreadyBilled: { ...p.amountsAlreadyBilled },
  }));
  /** A child's end, learned from its report signal, its result, or a look-up: whichever comes first counts. */
  const settle = (chargeId: string, result: ChargeResult | undefined, why?: string): void => {
    const pending = state.inFlight[chargeId] ?? state.dunning[chargeId];
    if (!pending) return; // already settled, or a foreign report
    delete state.inFlight[chargeId];
    delete state.dunning[chargeId];
    const status = result?.status ?? 'failed';
    recordBillingChargeFinished(chargeId, status);
    p.done++;
    if (status === 'succeeded') {
      p.succeeded++;
      p.amountsSucceeded[pending.currency] =
        (p.amountsSucceeded[pending.currency] ?? 0) + pending.amountMinor;
    } else if (status === 'declined') p.declined++;
    else if (status === 'needs-action') p.needsAction++;
    else p.failed++;
    outcomes.push({
      ...pending,
      chargeId,
      status,
      pastDue: status !== 'succeeded',
      reason: result?.error ? `${result.error.code} ${result.error.message}` : (result?.reason ?? why),
    });
    count();
  };
  setHandler(chargeReportSignal, (report: ChargeReport) => {
    if (typeof report?.chargeId !== 'string') return; // not a report (e.g. a refused plaintext signal)
    const pending = state.inFlight[report.chargeId] ?? state.dunning[report.chargeId];
    if (!pending) return; // duplicate or foreign report
    if (report.kind === 'in-dunning') {
      if (state.inFlight[report.chargeId]) {
        delete state.inFlight[report.chargeId];
        state.dunning[report.chargeId] = pending;
      }
      return count();
    }
    settle(report.chargeId, report.result);
  });

  /** Children started by an earlier run (before continue-as-new) are looked up: they may have ended unheard. */
  const startedHere = new Set<string>();
  const checkCarried = async (): Promise<void> => {
    const carriedIds = [...Object.keys(state.inFlight), ...Object.keys(state.dunning)].filter(
      (id) => !startedHere.has(id),
    );
    for (let i = 0; i < carriedIds.length; i += 200) {
      const closed = await events.closedChargeOutcomes({ chargeIds: carriedIds.slice(i, i + 200) });
      for (const [chargeId, view] of Object.entries(closed)) {
        settle(chargeId, view.result, `child ${view.workflowStatus.toLowerCase()}`);
      }
    }
  };
  const checkEveryMs = (input.childCheckSeconds ?? 600) * 1000;
  const carriedLookups = patched(BILLING_CARRIED_LOOKUP_PATCH);
  let carriedPauseMs = CARRIED_LOOKUP_FIRST_MS;
  /** checkEvery; shorter (growing) while in-flight children of an earlier run are not settled. */
  const nextCheckMs = (): number => {
    if (!carriedLookups || !Object.keys(state.inFlight).some((id) => !startedHere.has(id)))
      return checkEveryMs;
    const pause = Math.min(carriedPauseMs, checkEveryMs);
    carriedPauseMs = Math.min(carriedPauseMs * 2, checkEveryMs);
    return pause;
  };
  /** Waits for `done`; every checkEvery without progress, looks up carried children. */
  const waitFor = async (done: () => boolean, maxMs?: number): Promise<boolean> => {
    const until = maxMs === undefined ? undefined : Date.now() + maxMs;
    for (;;) {
      const every = nextCheckMs();
      const left = until === undefined ? every : Math.min(every, until - Date.now());
      if (left <= 0) return done();
      if (await condition(done, left)) return true;
      await checkCarried();
      if (done()) return true;
    }
  };
  upsertSearchAttributes([
    { key: BillingRunIdKey, value: input.runId },
    { key: ChargeStatusKey, value: 'billing' },
  ]);

  const flush = async (): Promise<void> => {
    while (outcomes.length > 0) {
      await billing.recordSubscriptionOutcomes({ runId: input.runId, outcomes: outcomes.splice(0, 500) });
    }
  };

  const startOne = async (sub: DueSubscription): Promise<void> => {
    const chargeId = billingChargeId(sub.subscriptionId, sub.period);
    const pending: Pending = {
      subscriptionId: sub.subscriptionId,
      customerId: sub.customerId,
      period: sub.period,
      amountMinor: sub.amountMinor,
      currency: sub.currency,
    };
    state.inFlight[chargeId] = pending;
    count();
    try {
      const args: ChargeInput = {
        chargeId,
        customerId: sub.customerId,
        amountMinor: sub.amountMinor,
        currency: sub.currency,
        initiator: 'merchant',
        recurring: true,
        description: `Subscription ${sub.subscriptionId} ${sub.period}`,
        dunning: { retryDelaysSeconds: dunningDelays },
        callbackWaitSeconds: input.callbackWaitSeconds,
        gatewayCalls: input.childGatewayCalls ?? 'local',
        reportTo: workflowInfo().workflowId,
        billing: { runId: input.runId, subscriptionId: sub.subscriptionId, period: sub.period },
      };
      const child = await startChild(chargeStoredProfile, {
        workflowId: workflowIdFor('charge', chargeId),
        parentClosePolicy: ParentClosePolicy.ABANDON,
        // A closed child with this id was billed before: never run it again.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [args],
        typedSearchAttributes: chargeSearchAttributes(args),
        ...chargeSummary(args),
        memo: chargeMemo(args),
      });
      startedHere.add(chargeId);
      // The child's own end (completed, failed, terminated, timed out) settles it even if its report is lost.
      child.result().then(
        (result) => settle(chargeId, result),
        (err: unknown) => settle(chargeId, undefined, childEnd(err)),
      );
      p.scheduled++;
      recordBillingChargeStarted(chargeId);
      p.amountsScheduled[sub.currency] = (p.amountsScheduled[sub.currency] ?? 0) + sub.amountMinor;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // This (subscription, period) was already charged or is being charged by another run.
      delete state.inFlight[chargeId];
      p.alreadyBilled++;
      p.amountsAlreadyBilled[sub.currency] = (p.amountsAlreadyBilled[sub.currency] ?? 0) + sub.amountMinor;
      outcomes.push({
        ...pending,
        chargeId,
        status: 'already-billed',
        pastDue: false,
        reason: 'charged by an earlier run',
      });
      count();
    }
  };

  while (!p.pagesExhausted) {
    p.phase = 'paging';
    setCurrentDetails(progressLine(p));
    const page = await billing.listDueSubscriptions({
      billingDate: input.billingDate,
      afterId: state.cursor,
      limit: pageSize,
      filters: input.filters,
    });
    p.phase = 'charging';
    // Child starts overlap: many StartChildWorkflow commands go out per workflow task, not one per round trip.
    const starting: Promise<void>[] = [];
    let full = false;
    for (const sub of page.items) {
      if (capped && startedThisRun >= childrenPerRun) {
        // The rest of this page goes to the next run, from the cursor (the last subscription started).
        full = true;
        break;
      }
      const chargeId = billingChargeId(sub.subscriptionId, sub.period);
      if (state.inFlight[chargeId] || state.dunning[chargeId]) continue;
      await waitFor(() => Object.keys(state.inFlight).length < concurrency);
      starting.push(startOne(sub));
      startedThisRun++;
      state.cursor = sub.subscriptionId;
    }
    await Promise.all(starting);
    if (full) {
      // state.cursor is the last subscription started; the next run lists from there.
    } else if (!page.nextCursor || page.items.length === 0) p.pagesExhausted = true;
    else state.cursor = page.nextCursor;
    await flush();
    if (startedThisRun >= childrenPerRun || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await flush();
      p.continuedAsNew++;
      return continueAsNew<typeof billingRun>(input, state);
    }
  }

  p.phase = 'awaiting-dunning';
  setCurrentDetails(progressLine(p));
  for (;;) {
    const settled = await waitFor(
      () => Object.keys(state.inFlight).length === 0 && Object.keys(state.dunning).length === 0,
      3_600_000,
    );
    await flush();
    if (settled) break;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      p.continuedAsNew++;
      return continueAsNew<typeof billingRun>(input, state);
    }
  }
  p.phase = 'reporting';
  setCurrentDetails(progressLine(p));
  await flush();
  const report = await billing.writeRunReport({ runId: input.runId, summary: { ...p, phase: 'done' } });
  p.phase = 'done';
  upsertSearchAttributes([{ key: ChargeStatusKey, value: 'billed' }]);
  setCurrentDetails(progressLine(p));
  await condition(allHandlersFinished);
  return { ...p, report };
}
