import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { billingChargeId, followUpWorkflowId, workflowIdFor } from '../../src/ids.js';
import { seedSubscriptions } from '../../src/embedded/seed-subscriptions.js';
import { waitFor } from '../../src/embedded/wait-for.js';
import {
  chargeEventSignal,
  followUpStateQuery,
  type ChargeFollowUpState,
} from '../../src/contract/messages.js';
import { useTestStack } from '../helpers/stack.js';

const DATE = '2026-11-25';

describe('money events after a charge answered: late settles, chargebacks, back-office refunds', function () {
  this.timeout(120_000);
  const stack = useTestStack();
  afterEach(() => stack.simulator.faults.reset());

  const summary = (chargeId: string) => stack.simulator.ledger.summary(`c.${chargeId}.`).charges[0];
  const debits = (chargeId: string) =>
    stack.simulator.ledger.entriesFor(`c.${chargeId}.`).filter((e) => e.type === 'DEBIT');
  const charge = (chargeId: string, customerId: string, extra: Record<string, unknown> = {}) =>
    stack.client.chargeAndWait({
      chargeId,
      customerId,
      amountMinor: 1500,
      currency: 'EUR',
      initiator: 'merchant',
      ...extra,
    });
  const followUpWhen = (chargeId: string, ok: (f: ChargeFollowUpState) => boolean) =>
    waitFor(async () => {
      const f = await stack.client.followUp(chargeId);
      return f && ok(f) ? f : undefined;
    }, 60_000);
  const byStatus = async (status: string, workflowId: string) =>
    waitFor(async () => {
      for await (const wf of stack.temporal.workflow.list({
        query: `ChargeStatus = "${status}" AND WorkflowId = "${workflowId}"`,
      }))
        return wf.workflowId;
      return undefined;
    }, 30_000);

  it('adopts an attempt that settles during the wait before a new attempt, and sends no second debit', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('adopt');
    stack.simulator.faults.script([
      { fault: 'late-settle', operation: 'debit', reply: 'error', errorCode: 3003, settleAfterMs: 1500 },
    ]);
    const result = await charge(chargeId, customerId);
    assert.equal(result.status, 'succeeded');
    assert.equal(result.merchantTransactionId, `c.${chargeId}.d1`);
    assert.equal(debits(chargeId).length, 1, 'd2 was never sent');
    assert.equal(summary(chargeId)?.debits, 1);
  });

  it('never retries an unknown error code under a new id; a late success then shows as succeeded-late', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('unk');
    stack.simulator.faults.script([
      { fault: 'late-settle', operation: 'debit', reply: 'error', errorCode: 9999, settleAfterMs: 3000 },
    ]);
    const result = await charge(chargeId, customerId);
    assert.equal(result.status, 'failed');
    assert.equal(result.reason, 'outcome-unknown');
    assert.equal(result.attempts, 1);
    const followUp = await followUpWhen(chargeId, (f) => f.status === 'succeeded-late');
    assert.deepEqual(followUp.lateSuccess?.merchantTransactionId, `c.${chargeId}.d1`);
    assert.ok(followUp.flags.includes('succeeded-late'));
    assert.equal(debits(chargeId).length, 1);
    const view = await stack.client.chargeStatus(chargeId);
    assert.equal(view.result?.status, 'failed');
    assert.equal(view.status, 'succeeded-late');
    await byStatus('succeeded-late', followUpWorkflowId(chargeId));
  });

  it('records a late success after failed: no-final-outcome', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('nfo');
    stack.simulator.faults.script([
      { fault: 'late-settle', operation: 'debit', reply: 'pending', settleAfterMs: 4000 },
    ]);
    // The simulator's status API keeps answering PENDING until the settle: the charge gives up first.
    const result = await charge(chargeId, customerId, { callbackWaitSeconds: 1, maxWaitSeconds: 2 });
    assert.equal(result.status, 'failed');
    assert.equal(result.reason, 'no-final-outcome');
    const followUp = await followUpWhen(chargeId, (f) => f.status === 'succeeded-late');
    assert.equal(followUp.originalStatus, 'failed');
    assert.equal(summary(chargeId)?.debits, 1);
  });

  it('refunds a second debit when an attempt settles after it was looked up, flagging the charge', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('dbl');
    // d1 answers 3003 and is still ERROR when looked up 5 s later; d2 succeeds; d1 settles at 8 s.
    stack.simulator.faults.script([
      { fault: 'late-settle', operation: 'debit', reply: 'error', errorCode: 3003, settleAfterMs: 8000 },
    ]);
    const result = await charge(chargeId, customerId);
    assert.equal(result.status, 'succeeded');
    assert.equal(result.merchantTransactionId, `c.${chargeId}.d2`);
    const followUp = await followUpWhen(chargeId, (f) => f.extraDebits.length > 0);
    assert.equal(followUp.extraDebits[0]?.merchantTransactionId, `c.${chargeId}.d1`);
    assert.equal(followUp.extraDebits[0]?.reversed, true);
    assert.ok(followUp.flags.includes('double-debit-reversed'));
    const s = summary(chargeId)!;
    assert.equal(s.debits, 2);
    assert.equal(s.refundedMinor, 1500, 'the extra debit was refunded in full');
    assert.equal(s.netMinor, 1500, 'the customer paid once');
    await byStatus('succeeded', followUpWorkflowId(chargeId));
  });

  it('reverses the extra debit itself when the charge is still open, and says so in its result', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('dblo');
    stack.simulator.faults.script([
      { fault: 'late-settle', operation: 'debit', reply: 'error', errorCode: 3001, settleAfterMs: 8000 },
    ]);
    const handle = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 1500,
      currency: 'EUR',
      initiator: 'merchant',
      refundWindowSeconds: 12,
    });
    const final = await handle.workflow.result();
    assert.equal(final.status, 'succeeded');
    assert.deepEqual(final.flags, ['double-debit-reversed']);
    assert.equal(final.extraDebits?.[0]?.merchantTransactionId, `c.${chargeId}.d1`);
    assert.equal(final.extraDebits?.[0]?.reversalMerchantTransactionId, `c.${chargeId}.xr1`);
    assert.equal(summary(chargeId)?.netMinor, 1500);
    const description = await handle.workflow.describe();
    assert.deepEqual(description.searchAttributes['ChargeFlags'], ['double-debit-reversed']);
  });

  it('records a chargeback and its reversal, visible through the client API and a search attribute', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('cb');
    assert.equal((await charge(chargeId, customerId)).status, 'succeeded');
    stack.simulator.events.chargeback({ merchantTransactionId: `c.${chargeId}.d1`, reason: 'fraud' });
    const charged = await followUpWhen(chargeId, (f) => f.status === 'charged-back');
    assert.equal(charged.chargedBackMinor, 1500);
    assert.equal(charged.events[0]?.kind, 'chargeback');
    assert.equal((await stack.client.chargeStatus(chargeId)).status, 'charged-back');
    await byStatus('charged-back', followUpWorkflowId(chargeId));

    stack.simulator.events.chargebackReversal({ merchantTransactionId: `c.${chargeId}.d1` });
    const reversed = await followUpWhen(chargeId, (f) => f.status === 'chargeback-reversed');
    assert.equal(reversed.chargedBackMinor, 0);
    assert.deepEqual(
      reversed.events.map((e) => e.kind),
      ['chargeback', 'chargeback-reversal'],
    );
  });

  it('applies a chargeback reversal that arrives before its chargeback: the charge ends chargeback-reversed', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('cbr');
    assert.equal((await charge(chargeId, customerId)).status, 'succeeded');
    stack.simulator.faults.script([{ fault: 'callback-delay', operation: 'CHARGEBACK', delayMs: 4000 }]);
    stack.simulator.events.chargeback({ merchantTransactionId: `c.${chargeId}.d1` });
    stack.simulator.events.chargebackReversal({ merchantTransactionId: `c.${chargeId}.d1` });
    const f = await followUpWhen(chargeId, (x) => x.events.length === 2);
    assert.deepEqual(
      f.events.map((e) => e.kind),
      ['chargeback-reversal', 'chargeback'],
    );
    assert.equal(f.chargedBackMinor, 0);
    assert.equal(f.status, 'chargeback-reversed');
  });

  it('keeps charged-back when the late success of the charged-back debit arrives after the chargeback', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('cbl');
    stack.simulator.faults.script([
      { fault: 'late-settle', operation: 'debit', reply: 'error', errorCode: 9999, settleAfterMs: 1000 },
      { fault: 'callback-delay', operation: 'DEBIT', delayMs: 6000, times: 2 },
    ]);
    assert.equal((await charge(chargeId, customerId)).status, 'failed');
    await waitFor(
      () => Promise.resolve(debits(chargeId)[0]?.status === 'SUCCESS' ? true : undefined),
      30_000,
    );
    stack.simulator.events.chargeback({ merchantTransactionId: `c.${chargeId}.d1` });
    const f = await followUpWhen(chargeId, (x) => x.events.length === 2);
    assert.deepEqual(
      f.events.map((e) => e.kind),
      ['chargeback', 'late-success'],
    );
    assert.equal(f.status, 'charged-back');
    assert.equal(f.chargedBackMinor, 1500);
  });

  it("records a chargeback of a first purchase (the registration's debit) in the registration's follow-up", async () => {
    const customerId = stack.uid('first');
    await stack.store.addCustomer({ id: customerId, email: `${customerId}@example.org`, status: 'active' });
    const registrationId = stack.uid('reg');
    const registered = await stack.client.registerCustomer({
      registrationId,
      customerId,
      kind: 'debit',
      amountMinor: 2500,
      currency: 'EUR',
      transactionToken: 'ix::test-visa',
    });
    assert.equal(registered.status, 'succeeded');
    stack.simulator.events.chargeback({ merchantTransactionId: `r.${registrationId}.reg`, reason: 'fraud' });
    const handle = stack.temporal.workflow.getHandle(followUpWorkflowId(registrationId, 'register'));
    const state = await waitFor(async () => {
      const f = await handle.query(followUpStateQuery);
      return f.status === 'charged-back' ? f : undefined;
    }, 60_000);
    assert.equal(state.chargedBackMinor, 2500);
    assert.equal(state.events[0]?.kind, 'chargeback');
  });

  it('records a refund made in the gateway back office', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('bo');
    assert.equal((await charge(chargeId, customerId)).status, 'succeeded');
    stack.simulator.events.refund({ merchantTransactionId: `c.${chargeId}.d1`, amountMinor: 500 });
    const f = await followUpWhen(chargeId, (x) => x.refundedMinor > 0);
    assert.equal(f.refundedMinor, 500);
    assert.equal(f.status, 'partially-refunded');
    assert.ok(f.flags.includes('refunded-in-back-office'));
  });

  it('applies a refund that settles after its charge closed: counted once, shown in chargeStatus', async function () {
    this.timeout(180_000);
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('lr');
    const handle = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 1500,
      currency: 'EUR',
      initiator: 'merchant',
      refundWindowSeconds: 8,
    });
    assert.equal((await handle.result()).status, 'succeeded');
    // rf1 commits but its answer is lost, the status API cannot be asked, and its callback comes 25 s later.
    stack.simulator.faults.script([
      { fault: 'ambiguous-destroy', operation: 'refund', times: 10 },
      { fault: '5xx', status: 400, operation: 'status', times: 1000 },
      { fault: 'callback-delay', operation: 'REFUND', delayMs: 25_000 },
    ]);
    const open = await handle.refund(600);
    assert.equal(open.reason, 'refund-open', JSON.stringify(open));
    const closed = await handle.workflow.result();
    assert.equal(closed.openOperation?.merchantTransactionId, `c.${chargeId}.rf1`);
    assert.equal(closed.refundedMinor ?? 0, 0, 'the charge closed before rf1 settled');
    stack.simulator.faults.reset();
    const f = await followUpWhen(chargeId, (x) => (x.refundedAfterCloseMinor ?? 0) > 0);
    assert.equal(f.refundedAfterCloseMinor, 600);
    const view = await stack.client.chargeStatus(chargeId);
    assert.equal(view.result?.refundedMinor, 600, 'chargeStatus counts the late refund');
    assert.equal(view.result?.openOperation, undefined, 'no operation is open any more');
    assert.equal(view.status, 'succeeded');
    assert.equal(summary(chargeId)?.netMinor, 900);
  });

  it("records a chargeback in another currency without counting it; the charge's own currency counts", async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('cur');
    assert.equal((await charge(chargeId, customerId)).status, 'succeeded');
    const workflowId = followUpWorkflowId(chargeId);
    const chargeback = (uuid: string, currency: string) => ({
      merchantTransactionId: `${uuid}-mtid`,
      uuid,
      result: 'OK',
      transactionType: 'CHARGEBACK',
      currency,
      amountMinor: 1500,
      chargeback: {
        originalMerchantTransactionId: `c.${chargeId}.d1`,
        amountMinor: 1500,
        currency,
      },
    });
    const send = (event: ReturnType<typeof chargeback>) =>
      stack.temporal.workflow.signalWithStart('chargeFollowUp', {
        workflowId,
        taskQueue: stack.taskQueue,
        args: [{ chargeId }],
        signal: chargeEventSignal,
        signalArgs: [event],
      });
    await send(chargeback(stack.uid('cbu'), 'USD'));
    const mismatch = await followUpWhen(chargeId, (x) => x.flags.includes('currency-mismatch'));
    assert.equal(mismatch.chargedBackMinor, 0, 'USD is not summed with a EUR charge');
    assert.equal(mismatch.status, 'succeeded');
    assert.match(mismatch.events[0]?.reason ?? '', /^currency-mismatch: USD/);
    await send(chargeback(stack.uid('cbe'), 'EUR'));
    const counted = await followUpWhen(chargeId, (x) => x.status === 'charged-back');
    assert.equal(counted.chargedBackMinor, 1500);
  });

  it('corrects the billing report and the subscription after a chargeback and after a late success', async () => {
    const subs = await seedSubscriptions({
      store: stack.store,
      gateway: stack.gateway,
      prefix: stack.uid('f').slice(0, 10),
      count: 2,
      billingDate: DATE,
    });
    const [paid, late] = subs as [(typeof subs)[0], (typeof subs)[0]];
    // The second subscription's debit answers 9999 (never retried) and settles after the run reported it.
    stack.simulator.faults.script([
      { fault: 'late-settle', operation: 'debit', reply: 'error', errorCode: 9999, settleAfterMs: 4000 },
    ]);
    const runId = stack.uid('corr');
    const handle = await stack.client.startBillingRun({
      runId,
      billingDate: DATE,
      filters: { customerIds: [late.customerId] },
    });
    const first = await handle.result();
    assert.equal(first.failed, 1);
    assert.equal((await stack.store.requireSubscription(late.subscriptionId)).status, 'past_due');
    const lateCharge = billingChargeId(late.subscriptionId, DATE);
    await followUpWhen(lateCharge, (f) => f.billingCorrected > 0);
    const subLate = await stack.store.requireSubscription(late.subscriptionId);
    assert.equal(subLate.status, 'active');
    assert.equal(subLate.nextBillingDate, '2026-12-25');
    const rows = JSON.parse(readFileSync(first.report!.json, 'utf8')) as {
      summary: { corrections?: number };
      items: { chargeId: string; status: string; pastDue: boolean }[];
    };
    assert.equal(rows.items.find((r) => r.chargeId === lateCharge)?.status, 'succeeded-late');
    assert.equal(rows.summary.corrections, 1);

    const second = await (
      await stack.client.startBillingRun({
        runId: stack.uid('corr2'),
        billingDate: DATE,
        filters: { customerIds: [paid.customerId] },
      })
    ).result();
    assert.equal(second.succeeded, 1);
    const paidCharge = billingChargeId(paid.subscriptionId, DATE);
    stack.simulator.events.chargeback({ merchantTransactionId: `c.${paidCharge}.d1` });
    await followUpWhen(paidCharge, (f) => f.billingCorrected > 0);
    assert.equal((await stack.store.requireSubscription(paid.subscriptionId)).status, 'past_due');
    const report = JSON.parse(readFileSync(second.report!.json, 'utf8')) as {
      items: { chargeId: string; status: string; pastDue: boolean }[];
    };
    const row = report.items.find((r) => r.chargeId === paidCharge);
    assert.equal(row?.status, 'charged-back');
    assert.equal(row?.pastDue, true);
  });

  it('records a chargeback past Temporal retention: the outcome kept in the store marks the subscription past due', async () => {
    const [sub] = await seedSubscriptions({
      store: stack.store,
      gateway: stack.gateway,
      prefix: stack.uid('ret').slice(0, 10),
      count: 1,
      billingDate: DATE,
    });
    const summary = await (
      await stack.client.startBillingRun({
        runId: stack.uid('ret'),
        billingDate: DATE,
        filters: { customerIds: [sub!.customerId] },
      })
    ).result();
    assert.equal(summary.succeeded, 1);
    const chargeId = billingChargeId(sub!.subscriptionId, DATE);
    // Retention ran out: the charge's history is gone from Temporal.
    await stack.temporal.workflowService.deleteWorkflowExecution({
      namespace: stack.temporal.options.namespace,
      workflowExecution: { workflowId: workflowIdFor('charge', chargeId) },
    });
    await waitFor(async () => {
      try {
        await stack.temporal.workflow.getHandle(workflowIdFor('charge', chargeId)).describe();
        return undefined;
      } catch {
        return true;
      }
    }, 60_000);
    stack.simulator.events.chargeback({ merchantTransactionId: `c.${chargeId}.d1` });
    const f = await followUpWhen(chargeId, (x) => x.status === 'charged-back');
    assert.equal(f.originalStatus, 'succeeded');
    assert.equal((await stack.store.requireSubscription(sub!.subscriptionId)).status, 'past_due');
    const status = await stack.client.chargeStatus(chargeId);
    assert.equal(status.result?.status, 'succeeded');
    assert.equal(status.status, 'charged-back');
  });

  it('a follow-up that closed forgets nothing: a reversal months later starts a new run from the kept state', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('idle');
    // The debit's own callback is lost: arriving late on a slow machine, it would start a follow-up with the
    // default idle time that the test's signal below would then join (and wait a day for).
    stack.simulator.faults.script([
      { fault: 'callback-lose', operation: 'DEBIT', merchantTransactionId: `c.${chargeId}.d1` },
    ]);
    const charged = await charge(chargeId, customerId);
    assert.equal(charged.status, 'succeeded');
    assert.equal(stack.simulator.faults.pendingScript().length, 0, 'the debit callback was lost');
    const workflowId = followUpWorkflowId(chargeId);
    // The first follow-up records the chargeback and closes after 1 s idle (as one would after its idle day).
    stack.simulator.faults.script([{ fault: 'callback-lose', operation: 'CHARGEBACK' }]);
    const cb = stack.simulator.events.chargeback({ merchantTransactionId: `c.${chargeId}.d1` });
    await stack.temporal.workflow.signalWithStart('chargeFollowUp', {
      workflowId,
      taskQueue: stack.taskQueue,
      args: [{ chargeId, idleCloseSeconds: 1 }],
      signal: chargeEventSignal,
      signalArgs: [
        {
          merchantTransactionId: `c.${chargeId}.d1`,
          uuid: cb.uuid,
          result: 'OK',
          transactionType: 'CHARGEBACK',
          chargeback: { originalMerchantTransactionId: `c.${chargeId}.d1`, amountMinor: 1500 },
        },
      ],
    });
    const first = (await stack.temporal.workflow.getHandle(workflowId).result()) as ChargeFollowUpState;
    assert.equal(first.status, 'charged-back');
    // Months later its reversal comes (through the webhook): a new run, which knows the chargeback.
    stack.simulator.events.chargebackReversal({ merchantTransactionId: `c.${chargeId}.d1` });
    const f = await followUpWhen(chargeId, (x) => x.events.some((e) => e.kind === 'chargeback-reversal'));
    assert.deepEqual(
      f.events.map((e) => e.kind),
      ['chargeback', 'chargeback-reversal'],
    );
    assert.equal(f.status, 'chargeback-reversed');
    assert.equal(f.chargedBackMinor, 0);
  });

  it('a callback that repeats what the closed charge knew closes its follow-up at once', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('dup');
    const charged = await charge(chargeId, customerId);
    const workflowId = followUpWorkflowId(chargeId);
    await stack.temporal.workflow.signalWithStart('chargeFollowUp', {
      workflowId,
      taskQueue: stack.taskQueue,
      args: [{ chargeId }],
      signal: chargeEventSignal,
      signalArgs: [
        {
          merchantTransactionId: `c.${chargeId}.d1`,
          uuid: charged.uuid ?? '',
          result: 'OK',
          transactionType: 'DEBIT',
        },
      ],
    });
    const done = (await stack.temporal.workflow.getHandle(workflowId).result()) as ChargeFollowUpState;
    assert.equal(done.events.length, 0);
    assert.equal(done.status, 'succeeded');
  });
});
