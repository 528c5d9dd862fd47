/**
 * Activities of the charge follow-up workflow: read a charge's result from Temporal, forward events to the
 * follow-up, and correct a billing run after the fact (its row, its subscription and its report files).
 */
import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { CustomerStore, RunItem } from '../customers/index.js';
import { CustomerStoreError } from '../customers/index.js';
import type { ChargeResult } from '../contract/domain.js';
import { billingRunWorkflowId, workflowIdFor } from '../ids.js';
import { sendChargeEvent } from '../temporal/follow-up.js';
import { chargeStateQuery, type ChargeMemo } from '../contract/messages.js';
import { readReportSummary, writeRunReport } from './billing-report.js';
import { heartbeat } from './heartbeat.js';
import type {
  BillingCorrection,
  ChargeEventActivities,
  ChargeOutcomeView,
  StoredFollowUp,
} from '../contract/charge-events-activities.js';

export interface ChargeEventDeps {
  readonly temporal?: Client | undefined;
  readonly taskQueue?: string | undefined;
  readonly store: CustomerStore;
  readonly reportDir: string;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw ApplicationFailure.nonRetryable(`the worker was started without ${what}`, 'WorkerMisconfigured');
  }
  return value;
}

async function findRunItem(
  store: CustomerStore,
  runId: string,
  chargeId: string,
): Promise<RunItem | undefined> {
  let afterId: string | undefined;
  for (;;) {
    const page = await store.listRunItems(runId, { limit: 5000, ...(afterId ? { afterId } : {}) });
    const hit = page.items.find((i) => i.chargeId === chargeId);
    if (hit) return hit;
    if (!page.nextAfterId) return undefined;
    afterId = page.nextAfterId;
  }
}

/** Whether the billing run can still record its rows itself (unknown without a client: assume so). */
async function runStillOpen(client: Client | undefined, runId: string): Promise<boolean> {
  if (!client) return true;
  try {
    const d = await client.workflow.getHandle(billingRunWorkflowId(runId)).describe();
    return d.status.name === 'RUNNING' || d.status.name === 'CONTINUED_AS_NEW';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

export function createChargeEventActivities(deps: ChargeEventDeps): ChargeEventActivities {
  return {
    async storeChargeOutcome({ chargeId, result, memo }): Promise<void> {
      // The payment token is not needed after the close; ids, amounts and gateway codes are.
      const { paymentToken: _token, redirectUrl: _url, ...kept } = result;
      await deps.store.recordChargeOutcome({
        flow: 'charge',
        chargeId,
        outcome: { workflowStatus: 'COMPLETED', result: kept, memo },
      });
    },

    async storeFollowUpState({ chargeId, flow, followUp }): Promise<void> {
      const stored = await deps.store.getChargeOutcome(flow ?? 'charge', chargeId);
      await deps.store.recordChargeOutcome({
        flow: flow ?? 'charge',
        chargeId,
        outcome: { ...(stored?.outcome ?? {}), followUp },
      });
    },

    async loadChargeOutcome({ chargeId, flow }): Promise<ChargeOutcomeView> {
      const stored = await deps.store.getChargeOutcome(flow ?? 'charge', chargeId);
      const kept = stored?.outcome as
        { result?: ChargeResult; memo?: ChargeMemo; followUp?: StoredFollowUp } | undefined;
      if (kept?.result) {
        return { workflowStatus: 'COMPLETED', ...kept, source: 'store' };
      }
      const followUp = kept?.followUp;
      const client = need(deps.temporal, 'a Temporal client');
      const handle = client.workflow.getHandle(workflowIdFor(flow ?? 'charge', chargeId));
      let description;
      try {
        description = await handle.describe();
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return { workflowStatus: 'NOT_FOUND', followUp };
        throw err;
      }
      const memo = description.memo?.['charge'] as ChargeMemo | undefined;
      const workflowStatus = description.status.name;
      let result: ChargeResult | undefined;
      if (workflowStatus === 'RUNNING' && flow === 'register') {
        // A registration closes once it has its outcome: wait for it.
        result = (await handle.result()) as ChargeResult;
      } else if (workflowStatus === 'RUNNING') {
        // Asks (a query: nothing is added to the charge's history) whether the charge has decided; a charge in
        // dunning has not, and is asked again on the next retry.
        result = (await handle.query(chargeStateQuery)).result;
        if (!result) {
          throw ApplicationFailure.retryable(`charge ${chargeId} has not decided yet`, 'ChargeUndecided');
        }
      } else if (workflowStatus === 'COMPLETED') {
        result = (await handle.result()) as ChargeResult;
      }
      return { workflowStatus, result, memo, followUp, source: 'temporal' };
    },

    async closedChargeOutcomes({ chargeIds }): Promise<Record<string, ChargeOutcomeView>> {
      const client = need(deps.temporal, 'a Temporal client');
      const out: Record<string, ChargeOutcomeView> = {};
      for (const chargeId of chargeIds) {
        const handle = client.workflow.getHandle(workflowIdFor('charge', chargeId));
        let status: string;
        try {
          status = (await handle.describe()).status.name;
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) continue;
          throw err;
        }
        if (status === 'RUNNING') continue;
        const result = status === 'COMPLETED' ? ((await handle.result()) as ChargeResult) : undefined;
        out[chargeId] = { workflowStatus: status, result };
        heartbeat(chargeId);
      }
      return out;
    },

    async forwardChargeEvent({ chargeId, event }): Promise<void> {
      await sendChargeEvent(
        need(deps.temporal, 'a Temporal client'),
        need(deps.taskQueue, 'a task queue'),
        chargeId,
        event,
      );
    },

    async correctBillingOutcome(input: BillingCorrection): Promise<{ reportRewritten: boolean }> {
      const { store } = deps;
      let row = await findRunItem(store, input.runId, input.chargeId);
      if (!row && !(await runStillOpen(deps.temporal, input.runId))) {
        // The run died (failed, terminated, timed out) before it recorded this charge: the correction writes
        // the row itself instead of waiting for a run that will never write it.
        row = {
          chargeId: input.chargeId,
          subscriptionId: input.subscriptionId,
          customerId: input.customerId,
          period: input.period,
          status: input.status,
          amountMinor: input.amountMinor,
          currency: input.currency,
          pastDue: false,
        };
      }
      if (!row) {
        // The run has not recorded this charge's row yet; retried until it has, so ours is the last word.
        throw ApplicationFailure.retryable(
          `run ${input.runId} has no row for ${input.chargeId} yet`,
          'RunItemMissing',
        );
      }
      const pastDue = input.status === 'charged-back';
      let note: string | undefined;
      try {
        if (input.status === 'succeeded-late')
          await store.advanceSubscription(input.subscriptionId, input.period);
        else if (input.status === 'charged-back') await store.markPastDue(input.subscriptionId, input.reason);
        else {
          const sub = await store.getSubscription(input.subscriptionId);
          if (sub?.status === 'past_due') await store.setSubscriptionStatus(input.subscriptionId, 'active');
        }
      } catch (err) {
        if (!(err instanceof CustomerStoreError)) throw err;
        note = `subscription not updated: ${err.name}`;
      }
      await store.recordRunItems(input.runId, [
        {
          ...row,
          status: input.status,
          pastDue,
          reason: [input.reason, note].filter(Boolean).join('; ').slice(0, 500),
        },
      ]);
      const summary = await readReportSummary(deps.reportDir, input.runId);
      if (!summary) return { reportRewritten: false }; // the run writes its report later, with this row in it
      const corrections = (typeof summary['corrections'] === 'number' ? summary['corrections'] : 0) + 1;
      await writeRunReport(store, deps.reportDir, input.runId, { ...summary, corrections });
      return { reportRewritten: true };
    },
  };
}
