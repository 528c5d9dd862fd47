/**
 * The paths recorded since release 0.2.0 (scripts/record-histories.ts records them with the older ones): local
 * gateway reads, late settles, an extra debit reversed by the charge and by its follow-up, a follow-up with a
 * chargeback, a back-office refund and a reversal, idempotency conflicts (a conflicting start; an ambiguous
 * reply looked up before any re-send), and a billing run that continues-as-new with children in flight.
 */
import type proto from '@temporalio/proto';
import { IdempotencyConflictError } from '../src/contract/requests.js';
import { billingChargeId, billingRunWorkflowId, followUpWorkflowId, workflowIdFor } from '../src/ids.js';
import { seedSubscriptions } from '../src/embedded/seed-subscriptions.js';
import { AMOUNT_PENDING } from '../src/simulator/triggers.js';
import { waitFor } from '../src/embedded/wait-for.js';
import { chargeEventSignal, type ChargeFollowUpState } from '../src/contract/messages.js';
import type { BillingRunRequest } from '../src/contract/requests.js';
import type { TestStack } from '../test/helpers/stack.js';

export type Recorded = Record<string, { workflowId: string; runId?: string | undefined }>;

export interface Scenario {
  /** The fixtures this scenario writes. */
  readonly names: readonly string[];
  run(stack: TestStack): Promise<Recorded>;
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

export function expect(condition: boolean, message: string): void {
  if (!condition) throw new ScenarioError(message);
}

/** Every run of a workflow id, first to last, followed back through continue-as-new. */
export async function runChain(stack: TestStack, workflowId: string): Promise<string[]> {
  const runs: string[] = [];
  let runId: string | undefined = (await stack.temporal.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    runs.unshift(runId);
    const history: proto.temporal.api.history.v1.IHistory = await stack.temporal.workflow
      .getHandle(workflowId, runId)
      .fetchHistory();
    runId =
      history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs;
}

export const BILLING_DATE = '2026-11-25';

/**
 * Seeds `count` subscriptions, runs a billing run over them to its end and returns the subscriptions, the
 * run's result and its chain of runs (first to last).
 */
export async function billingScenario(
  stack: TestStack,
  seed: { prefix: string; count: number; amountFor?: (i: number) => number },
  run: Omit<BillingRunRequest, 'runId' | 'billingDate' | 'filters'>,
) {
  const subs = await seedSubscriptions({
    store: stack.store,
    gateway: stack.gateway,
    prefix: stack.uid(seed.prefix).slice(-6),
    count: seed.count,
    billingDate: BILLING_DATE,
    ...(seed.amountFor ? { amountFor: seed.amountFor } : {}),
  });
  const runId = stack.uid('run');
  const handle = await stack.client.startBillingRun({
    runId,
    billingDate: BILLING_DATE,
    filters: { customerIds: subs.map((s) => s.customerId) },
    ...run,
  });
  const result = await handle.result();
  const runs = await runChain(stack, billingRunWorkflowId(runId));
  return { subs, handle, result, runs };
}

const charge = (
  stack: TestStack,
  chargeId: string,
  customerId: string,
  extra: Record<string, unknown> = {},
) =>
  stack.client.startCharge({
    chargeId,
    customerId,
    amountMinor: 1500,
    currency: 'EUR',
    initiator: 'merchant',
    ...extra,
  });

export const SCENARIOS_SINCE_0_2_0: readonly Scenario[] = [
  {
    // Since the gateway-reads-local patch: a charge calling the gateway through activities reads (profile,
    // status look-ups) through local activities; its debit stays an activity. PENDING, completed by callback.
    names: ['charge-reads-local'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      const handle = await stack.startPendingCharge(customerId, stack.uid('rl'));
      const result = await handle.workflow.result();
      expect(result.status === 'succeeded', `charge-reads-local: ${result.status}`);
      return { 'charge-reads-local': { workflowId: handle.workflowId } };
    },
  },
  {
    // d1 answers 3003 and settles during the retry wait (activities): d1 adopted, no d2 sent.
    names: ['charge-late-settle-adopted'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      stack.simulator.faults.script([
        { fault: 'late-settle', operation: 'debit', reply: 'error', errorCode: 3003, settleAfterMs: 1500 },
      ]);
      const handle = await charge(stack, stack.uid('ls'), customerId);
      const result = await handle.workflow.result();
      expect(
        result.status === 'succeeded' && result.merchantTransactionId?.endsWith('.d1') === true,
        `charge-late-settle-adopted: ${JSON.stringify(result)}`,
      );
      return { 'charge-late-settle-adopted': { workflowId: handle.workflowId } };
    },
  },
  {
    // d1 answers 3001 and settles after d2 succeeded, while the charge is still open: it reverses d1 itself.
    names: ['charge-extra-debit-reversed'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      stack.simulator.faults.script([
        { fault: 'late-settle', operation: 'debit', reply: 'error', errorCode: 3001, settleAfterMs: 8000 },
      ]);
      const handle = await charge(stack, stack.uid('xo'), customerId, { refundWindowSeconds: 12 });
      const result = await handle.workflow.result();
      expect(
        result.status === 'succeeded' && result.extraDebits?.[0]?.reversalMerchantTransactionId !== undefined,
        `charge-extra-debit-reversed: ${JSON.stringify(result)}`,
      );
      return { 'charge-extra-debit-reversed': { workflowId: handle.workflowId } };
    },
  },
  {
    // d1 settles after the charge closed on d2: its follow-up reverses the extra debit.
    names: ['follow-up-extra-debit-reversal'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      const chargeId = stack.uid('xf');
      stack.simulator.faults.script([
        { fault: 'late-settle', operation: 'debit', reply: 'error', errorCode: 3003, settleAfterMs: 8000 },
      ]);
      const result = await (await charge(stack, chargeId, customerId)).workflow.result();
      expect(result.status === 'succeeded', `follow-up-extra-debit-reversal: charge ${result.status}`);
      await waitFor(async () => {
        const f = await stack.client.followUp(chargeId);
        return f?.extraDebits[0]?.reversed ? f : undefined;
      }, 60_000);
      return { 'follow-up-extra-debit-reversal': { workflowId: followUpWorkflowId(chargeId) } };
    },
  },
  {
    // A partial chargeback (its callback lost, handed over as the webhook does), a back-office refund and the
    // chargeback's reversal through the webhook; the follow-up closes 5 s after its last event and keeps its state.
    names: ['follow-up-chargeback-refund'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      const chargeId = stack.uid('fcr');
      const result = await (await charge(stack, chargeId, customerId)).workflow.result();
      expect(result.status === 'succeeded', `follow-up-chargeback-refund: charge ${result.status}`);
      const workflowId = followUpWorkflowId(chargeId);
      // A late copy of the debit's own callback may start (and at once close) a follow-up: let it pass first.
      await new Promise((r) => setTimeout(r, 2000));
      await waitFor(async () => {
        const d = await stack.temporal.workflow
          .getHandle(workflowId)
          .describe()
          .catch(() => undefined);
        return d?.status.name === 'RUNNING' ? undefined : true;
      }, 30_000);
      stack.simulator.faults.script([{ fault: 'callback-lose', operation: 'CHARGEBACK' }]);
      const mtid = `c.${chargeId}.d1`;
      const cb = stack.simulator.events.chargeback({ merchantTransactionId: mtid, amountMinor: 1000 });
      const handle = await stack.temporal.workflow.signalWithStart('chargeFollowUp', {
        workflowId,
        taskQueue: stack.taskQueue,
        args: [{ chargeId, idleCloseSeconds: 5 }],
        signal: chargeEventSignal,
        signalArgs: [
          {
            merchantTransactionId: mtid,
            uuid: cb.uuid,
            result: 'OK',
            transactionType: 'CHARGEBACK',
            chargeback: { originalMerchantTransactionId: mtid, amountMinor: 1000 },
          },
        ],
      });
      stack.simulator.events.refund({ merchantTransactionId: mtid, amountMinor: 500 });
      stack.simulator.events.chargebackReversal({ merchantTransactionId: mtid });
      const closed = (await handle.result()) as ChargeFollowUpState;
      expect(
        closed.events.length === 3 && closed.refundedMinor === 500,
        `follow-up-chargeback-refund: ${JSON.stringify(closed.events.map((e) => e.kind))} refunded ${closed.refundedMinor}`,
      );
      return { 'follow-up-chargeback-refund': { workflowId } };
    },
  },
  {
    // A start with other parameters under the same charge id is refused; the same start attaches.
    names: ['charge-idempotency-conflict'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      const chargeId = stack.uid('idc');
      const handle = await stack.startPendingCharge(customerId, chargeId, { callbackWaitSeconds: 60 });
      const conflict = await stack
        .startPendingCharge(customerId, chargeId, { amountMinor: 7776 })
        .then(() => undefined)
        .catch((err: unknown) => err);
      expect(
        conflict instanceof IdempotencyConflictError,
        `charge-idempotency-conflict: ${String(conflict)}`,
      );
      const same = await stack.startPendingCharge(customerId, chargeId, { callbackWaitSeconds: 60 });
      expect(same.workflowId === handle.workflowId, 'charge-idempotency-conflict: a second execution');
      const result = await handle.workflow.result();
      expect(result.status === 'succeeded', `charge-idempotency-conflict: ${result.status}`);
      return { 'charge-idempotency-conflict': { workflowId: handle.workflowId } };
    },
  },
  {
    // The gateway commits the debit and holds its reply past the client's timeout: the attempt's outcome is
    // unknown, the status API is asked under the same id before anything is sent again.
    names: ['charge-ambiguous-reply-looked-up'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      const chargeId = stack.uid('amb');
      stack.simulator.faults.script([{ fault: 'reply-delay', operation: 'debit', delayMs: 4000 }]);
      const handle = await charge(stack, chargeId, customerId);
      const result = await handle.workflow.result();
      const debits = stack.simulator.ledger.entriesFor(`c.${chargeId}.`).filter((e) => e.type === 'DEBIT');
      expect(
        result.status === 'succeeded' && debits.length === 1,
        `charge-ambiguous-reply-looked-up: ${result.status}, ${debits.length} debit(s)`,
      );
      return { 'charge-ambiguous-reply-looked-up': { workflowId: handle.workflowId } };
    },
  },
  {
    // 5 PENDING subscriptions, 3 in flight, continue-as-new after every 2 started: children carried across runs.
    names: ['billing-run-carried-first', 'billing-run-carried-last'],
    async run(stack) {
      const { handle, result, runs } = await billingScenario(
        stack,
        { prefix: 'rc', count: 5, amountFor: () => AMOUNT_PENDING },
        { pageSize: 2, childrenPerRun: 2, concurrency: 3 },
      );
      expect(
        result.succeeded === 5 && result.continuedAsNew >= 2,
        `billing-run-carried: ${JSON.stringify(result)}`,
      );
      const first = await stack.temporal.workflow.getHandle(handle.workflowId, runs[0]).fetchHistory();
      const started = (first.events ?? []).filter(
        (e) => e.childWorkflowExecutionStartedEventAttributes,
      ).length;
      const ended = (first.events ?? []).filter(
        (e) => e.childWorkflowExecutionCompletedEventAttributes,
      ).length;
      expect(started > ended, `billing-run-carried: the first run carried no child (${started}/${ended})`);
      return {
        'billing-run-carried-first': { workflowId: handle.workflowId, runId: runs[0] },
        'billing-run-carried-last': { workflowId: handle.workflowId, runId: runs[runs.length - 1] },
      };
    },
  },
  {
    // Since billing-carried-lookup-paced: children slowed by gateway latency, a window of 4, continue-as-new
    // after every 6 started. Later runs start their own children while the carried ones close unheard, and look
    // those up when due rather than only when a wait times out.
    names: ['billing-carried-paced-middle', 'billing-carried-paced-last'],
    async run(stack) {
      stack.simulator.faults.script([{ fault: 'latency', operation: 'debit', delayMs: 1500, times: 100 }]);
      const { handle, result, runs } = await billingScenario(
        stack,
        { prefix: 'cp', count: 14 },
        { pageSize: 20, childrenPerRun: 6, concurrency: 4 },
      );
      stack.simulator.faults.reset();
      expect(
        result.succeeded === 14 && runs.length >= 3,
        `billing-carried-paced: ${runs.length} runs, ${JSON.stringify(result)}`,
      );
      const middle = await stack.temporal.workflow.getHandle(handle.workflowId, runs[1]).fetchHistory();
      const patches = (middle.events ?? []).flatMap((e) =>
        Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((p) =>
          (p.payloads ?? []).map((x) => Buffer.from(x.data ?? []).toString('utf8')),
        ),
      );
      // The run looked its carried children up before it started its last own child: their slots were freed
      // while it charged (paced waits end when a look-up is due, not after a growing pause).
      const events = middle.events ?? [];
      const lastStart = events.findLastIndex((e) => e.startChildWorkflowExecutionInitiatedEventAttributes);
      const lookups = events
        .slice(0, lastStart)
        .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'closedChargeOutcomes');
      expect(
        patches.some((p) => p.includes('billing-carried-lookup-paced')) && lookups.length > 0,
        'billing-carried-paced: the second run did not look up its carried children while it charged',
      );
      return {
        'billing-carried-paced-middle': { workflowId: handle.workflowId, runId: runs[1] },
        'billing-carried-paced-last': { workflowId: handle.workflowId, runId: runs[runs.length - 1] },
      };
    },
  },
  {
    // A back-office refund while the charge is open uses up its refund limit; a refund left open when the charge
    // closes (its answer lost, the status API down) settles later and its follow-up applies it once.
    names: ['charge-back-office-and-open-refund', 'follow-up-late-refund'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      const chargeId = stack.uid('lor');
      const handle = await charge(stack, chargeId, customerId, { refundWindowSeconds: 8 });
      expect((await handle.result()).status === 'succeeded', 'charge-back-office-and-open-refund: charge');
      const mtid = `c.${chargeId}.d1`;
      stack.simulator.events.refund({ merchantTransactionId: mtid, amountMinor: 600 });
      await waitFor(
        async () => ((await stack.client.followUp(chargeId))?.refundedMinor ?? 0) > 0 || undefined,
        30_000,
      );
      stack.simulator.faults.script([
        { fault: 'ambiguous-destroy', operation: 'refund', times: 10 },
        { fault: '5xx', status: 400, operation: 'status', times: 1000 },
        { fault: 'callback-lose', operation: 'REFUND' },
      ]);
      const open = await handle.refund(300);
      expect(open.reason === 'refund-open', `charge-back-office-and-open-refund: ${JSON.stringify(open)}`);
      const closed = await handle.workflow.result();
      stack.simulator.faults.reset();
      expect(
        closed.openOperation?.merchantTransactionId === `c.${chargeId}.rf1` &&
          closed.refundedInBackOfficeMinor === 600,
        `charge-back-office-and-open-refund: ${JSON.stringify(closed)}`,
      );
      const rf1 = stack.simulator.ledger
        .entriesFor(`c.${chargeId}.rf1`)
        .find((e) => e.type === 'REFUND' && e.status === 'SUCCESS');
      expect(rf1 !== undefined, 'follow-up-late-refund: rf1 committed at the gateway');
      const workflowId = followUpWorkflowId(chargeId);
      // The back-office refund's follow-up closes a day after its event: it is replaced by a short one here.
      await stack.temporal.workflow.getHandle(workflowId).terminate('recording');
      const followUp = await stack.temporal.workflow.signalWithStart('chargeFollowUp', {
        workflowId,
        taskQueue: stack.taskQueue,
        args: [{ chargeId, idleCloseSeconds: 3 }],
        signal: chargeEventSignal,
        signalArgs: [
          {
            merchantTransactionId: `c.${chargeId}.rf1`,
            uuid: rf1!.uuid,
            result: 'OK',
            transactionType: 'REFUND',
            amountMinor: 300,
            currency: 'EUR',
          },
        ],
      });
      const state = (await followUp.result()) as ChargeFollowUpState;
      expect(state.refundedAfterCloseMinor === 300, `follow-up-late-refund: ${JSON.stringify(state)}`);
      return {
        'charge-back-office-and-open-refund': { workflowId: handle.workflowId },
        'follow-up-late-refund': { workflowId },
      };
    },
  },
  {
    // Since billing-report-after-dunning: a child that went through dunning sends its final report (the run
    // that started it has continued-as-new), and the last run of the chain settles it from that report.
    names: ['billing-after-dunning-child', 'billing-after-dunning-run-last'],
    async run(stack) {
      const { subs, handle, result, runs } = await billingScenario(
        stack,
        { prefix: 'ad', count: 2, amountFor: (i) => (i === 0 ? 2006 : 1200 + i) },
        { pageSize: 1, childrenPerRun: 1, dunningDelaysSeconds: [8], childCheckSeconds: 3600 },
      );
      expect(
        result.done === 2 && result.declined === 1 && result.continuedAsNew >= 1,
        `billing-after-dunning: ${JSON.stringify(result)}`,
      );
      return {
        'billing-after-dunning-child': {
          workflowId: workflowIdFor('charge', billingChargeId(subs[0]!.subscriptionId, BILLING_DATE)),
        },
        'billing-after-dunning-run-last': { workflowId: handle.workflowId, runId: runs[runs.length - 1] },
      };
    },
  },
];
