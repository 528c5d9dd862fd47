import { strict as assert } from 'node:assert';
import { useTestStack } from '../helpers/stack.js';
import { waitFor } from '../../src/embedded/wait-for.js';

describe('charges under gateway and callback faults', function () {
  this.timeout(90_000);
  const stack = useTestStack();
  afterEach(() => stack.simulator.faults.reset());

  const debitsFor = (chargeId: string) => stack.simulator.ledger.entriesFor(`c.${chargeId}.`);
  const charge = (
    chargeId: string,
    customerId: string,
    amountMinor = 1000,
    extra: Record<string, unknown> = {},
  ) =>
    stack.client.chargeAndWait({
      chargeId,
      customerId,
      amountMinor,
      currency: 'EUR',
      initiator: 'merchant',
      ...extra,
    });

  it('retries transient 5xx answers and charges once', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('5xx');
    stack.simulator.faults.script([{ fault: '5xx', times: 2, operation: 'debit' }]);
    const result = await charge(chargeId, customerId);
    assert.equal(result.status, 'succeeded');
    assert.equal(debitsFor(chargeId).length, 1);
  });

  it('waits out a 429 and charges once', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('429');
    stack.simulator.faults.script([{ fault: '429', times: 1, operation: 'debit', retryAfterSeconds: 1 }]);
    const result = await charge(chargeId, customerId);
    assert.equal(result.status, 'succeeded');
    assert.equal(debitsFor(chargeId).length, 1);
  });

  for (const fault of ['ambiguous-destroy', 'ambiguous-504', 'ambiguous-hang'] as const) {
    it(`adopts the committed transaction after an ambiguous outcome (${fault}) instead of charging again`, async () => {
      const customerId = await stack.seedCustomer();
      const chargeId = stack.uid('amb');
      stack.simulator.faults.script([{ fault, times: 1, operation: 'debit' }]);
      const result = await charge(chargeId, customerId);
      assert.equal(result.status, 'succeeded');
      const entries = debitsFor(chargeId);
      assert.equal(entries.length, 1, 'exactly one transaction at the gateway');
      assert.equal(result.uuid, entries[0]!.uuid);
    });
  }

  it('reconciles through the status API when the callback is lost', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('lost');
    stack.simulator.faults.set({ callbackLoseRate: 1 });
    const result = await charge(chargeId, customerId, 7777, { callbackWaitSeconds: 2 });
    assert.equal(result.status, 'succeeded');
    assert.equal(debitsFor(chargeId).length, 1);
  });

  it('ignores duplicated and out-of-order callbacks', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('dupcb');
    stack.simulator.faults.set({ callbackDuplicateRate: 1, callbackOutOfOrderRate: 1, callbackHoldMs: 300 });
    const handle = await stack.startPendingCharge(customerId, chargeId);
    const result = await handle.result();
    assert.equal(result.status, 'succeeded');
    await stack.simulator.flushCallbacks();
    const state = await handle.state();
    assert.equal(state.result?.status, 'succeeded');
    assert.equal(debitsFor(chargeId).length, 1);
  });

  it('uses a callback that arrived while the debit was still in flight', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('early');
    // The reply is lost after commit; the PENDING transaction completes and calls back before the retry.
    stack.simulator.faults.script([{ fault: 'ambiguous-hang', times: 1, operation: 'debit' }]);
    const handle = await stack.startPendingCharge(customerId, chargeId, {
      callbackWaitSeconds: 600,
    });
    const result = await handle.result();
    assert.equal(result.status, 'succeeded');
    assert.equal(debitsFor(chargeId).length, 1);
  });

  it('uses a final callback that arrived before the PENDING debit reply', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('before');
    // Commit, complete the PENDING transaction and send its callbacks, then hold the PENDING reply.
    stack.simulator.faults.script([{ fault: 'reply-delay', delayMs: 1500, operation: 'debit' }]);
    const handle = await stack.startPendingCharge(customerId, chargeId, {
      callbackWaitSeconds: 600, // a reconcile would take ten minutes: only the early callback can finish it
    });
    const result = await handle.result();
    assert.equal(result.status, 'succeeded');
    assert.ok((await handle.state()).callbacksSeen >= 1);
    assert.equal(debitsFor(chargeId).length, 1);
  });

  it('retries a transient gateway-side failure (3003) with a new transaction id, bounded', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('t3003');
    const result = await charge(chargeId, customerId, 3003, { transientRetries: 1 });
    assert.equal(result.status, 'failed');
    assert.equal(result.error?.code, 3003);
    assert.equal(result.attempts, 2);
    assert.deepEqual(
      debitsFor(chargeId).map((e) => e.merchantTransactionId),
      [`c.${chargeId}.d1`, `c.${chargeId}.d2`],
    );
  });
});

describe('a charge whose worker dies while it waits for its callback', function () {
  this.timeout(90_000);
  // PENDING debits settle only when the test says so: the bank settles exactly while no worker runs.
  const stack = useTestStack({ pendingCompleteAfterMs: 'manual' });

  it('finishes with one debit when a new worker takes over', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('crash');
    const handle = await stack.startPendingCharge(customerId, chargeId, { callbackWaitSeconds: 600 });
    const state = await waitFor(async () => {
      const s = await handle.state();
      return s.phase === 'awaiting-callback' && s.uuid ? s : undefined;
    });
    await stack.stopWorker();
    // The customer's bank settles while no worker runs; the webhook still signals the workflow.
    assert.equal(stack.simulator.ledger.get(state.uuid!)?.status, 'PENDING');
    stack.simulator.completePending(state.uuid!);
    await stack.simulator.flushCallbacks();
    await stack.startWorker();
    const result = await handle.result();
    assert.equal(result.status, 'succeeded');
    assert.equal(stack.simulator.ledger.entriesFor(`c.${chargeId}.`).length, 1);
  });
});
