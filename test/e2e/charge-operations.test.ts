import { strict as assert } from 'node:assert';
import { IdempotencyConflictError } from '../../src/contract/requests.js';
import { waitFor } from '../../src/embedded/wait-for.js';
import { useTestStack } from '../helpers/stack.js';

describe('charge operations re-check state and ids stay with their parameters', function () {
  this.timeout(90_000);
  const stack = useTestStack();
  afterEach(() => stack.simulator.faults.reset());

  const ledgerFor = (chargeId: string) => stack.simulator.ledger.entriesFor(`c.${chargeId}.`);

  const preauth = async (chargeId: string, customerId: string) => {
    const handle = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 2500,
      currency: 'EUR',
      initiator: 'merchant',
      mode: 'preauthorize',
      refundWindowSeconds: 60,
    });
    assert.equal((await handle.result()).status, 'succeeded');
    return handle;
  };

  it('does not void a captured authorization when the void was queued behind the capture', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('q');
    const handle = await preauth(chargeId, customerId);
    // Both updates are accepted while the authorization is open; they run one after the other.
    stack.simulator.faults.script([{ fault: 'latency', operation: 'capture', delayMs: 1000 }]);
    const capturing = handle.capture(2000);
    await new Promise((r) => setTimeout(r, 300));
    const [captured, voided] = await Promise.all([capturing, handle.void()]);
    assert.equal(captured.captured, true);
    assert.notEqual(voided.voided, true);
    assert.match(voided.reason ?? '', /^void-skipped/);
    const types = ledgerFor(chargeId).map((e) => e.type);
    assert.ok(!types.includes('VOID'), `no void at the gateway: ${types.join(',')}`);
    // The charge is still open and refundable: the skipped void changed nothing.
    assert.equal((await handle.refund(500)).refundedMinor, 500);
  });

  it('runs queued refunds one at a time, each re-checked when it starts: 40, 60, 60 of 100 sends 40 and 60', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('fifo');
    const handle = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 100,
      currency: 'EUR',
      initiator: 'merchant',
      refundWindowSeconds: 60,
    });
    assert.equal((await handle.result()).status, 'succeeded');
    stack.simulator.faults.script([{ fault: 'latency', operation: 'refund', delayMs: 1500 }]);
    const first = handle.refund(40);
    await new Promise((r) => setTimeout(r, 300));
    const [a, b, c] = await Promise.all([first, handle.refund(60), handle.refund(60)]);
    const refunds = ledgerFor(chargeId).filter((e) => e.type === 'REFUND');
    const sent = refunds.reduce((sum, e) => sum + (e.amountMinor ?? 0), 0);
    assert.equal(sent, 100, `refunded at the gateway: ${refunds.map((e) => e.amountMinor).join(',')}`);
    assert.equal(a.refundedMinor, 40);
    const [done, skipped] = b.reason?.startsWith('refund-skipped') ? [c, b] : [b, c];
    assert.equal(done.refundedMinor, 100);
    assert.match(skipped.reason ?? '', /^refund-skipped/);
  });

  it('keeps a refund whose outcome could not be looked up open: no new refund id until it is known', async function () {
    this.timeout(240_000);
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('open');
    const handle = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 100,
      currency: 'EUR',
      initiator: 'merchant',
      refundWindowSeconds: 120,
    });
    assert.equal((await handle.result()).status, 'succeeded');
    // rf1 is refused with a page that says nothing, and the status API cannot be asked: rf1 is open, not failed.
    stack.simulator.faults.script([
      { fault: '5xx', status: 400, operation: 'refund' },
      { fault: '5xx', status: 400, operation: 'status', times: 100 },
    ]);
    const first = await handle.refund(60);
    assert.equal(first.reason, 'refund-open', JSON.stringify(first));
    const second = await handle.refund(30);
    assert.match(second.reason ?? '', /^refund-skipped: rf1 is still open/, JSON.stringify(second));
    // Once the status API answers (rf1 never committed), the next refund goes out under the next id.
    stack.simulator.faults.reset();
    const third = await handle.refund(30);
    assert.equal(third.refundedMinor, 30);
    const ids = ledgerFor(chargeId)
      .filter((e) => e.type === 'REFUND')
      .map((e) => e.merchantTransactionId);
    assert.deepEqual(ids, [`c.${chargeId}.rf2`]);
  });

  it("counts a back-office refund against the open charge's refund limit: 60 refunded there, 50 more refused", async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('bo');
    const handle = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 100,
      currency: 'EUR',
      initiator: 'merchant',
      refundWindowSeconds: 60,
    });
    assert.equal((await handle.result()).status, 'succeeded');
    stack.simulator.events.refund({ merchantTransactionId: `c.${chargeId}.d1`, amountMinor: 60 });
    // The webhook hands the refund to the open charge first, then to its follow-up.
    await waitFor(
      async () => ((await stack.client.followUp(chargeId))?.refundedMinor ?? 0) > 0 || undefined,
      30_000,
    );
    await assert.rejects(handle.refund(50), (err: Error) =>
      /at most 40 minor units/.test(String((err.cause as Error | undefined)?.message)),
    );
    assert.equal((await handle.refund(40)).refundedMinor, 40);
    const refunds = ledgerFor(chargeId).filter((e) => e.type === 'REFUND');
    assert.deepEqual(
      refunds.map((e) => e.amountMinor),
      [40],
      'only the 40 left was refunded through the API',
    );
    // Nothing is left to refund: the charge closes before its window ends, saying what the back office did.
    const final = await handle.workflow.result();
    assert.equal(final.refundedInBackOfficeMinor, 60);
  });

  it('refunds once for a caller that repeats a refund with the same idempotency key', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('ikey');
    const handle = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 100,
      currency: 'EUR',
      initiator: 'merchant',
      refundWindowSeconds: 60,
    });
    assert.equal((await handle.result()).status, 'succeeded');
    const first = await handle.refund(30, { idempotencyKey: 'ret-7' });
    const again = await handle.refund(30, { idempotencyKey: 'ret-7' });
    assert.equal(first.refundedMinor, 30);
    assert.equal(again.refundedMinor, 30);
    assert.equal(ledgerFor(chargeId).filter((e) => e.type === 'REFUND').length, 1);
    assert.throws(() => handle.refund(1, { idempotencyKey: 'bad key!' }), TypeError);
  });

  it('turns a gateway rejection of a capture into a result and captures with a new id next time', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('rej');
    const handle = await preauth(chargeId, customerId);
    stack.simulator.faults.script([{ fault: '5xx', status: 400, operation: 'capture' }]);
    const rejected = await handle.capture(1000);
    assert.equal(rejected.reason, 'capture-failed');
    assert.notEqual(rejected.captured, true);
    const state = await handle.state();
    assert.equal(state.phase, 'authorized', 'the workflow is still open and waiting');
    const captured = await handle.capture(1000);
    assert.equal(captured.captured, true);
    const captures = ledgerFor(chargeId).filter((e) => e.type === 'CAPTURE');
    assert.deepEqual(
      captures.map((e) => e.merchantTransactionId),
      [`c.${chargeId}.cap2`],
    );
  });

  it('refuses a chargeId reused with other parameters and attaches a repeat with the same ones', async () => {
    const customerId = await stack.seedCustomer();
    const other = await stack.seedCustomer();
    const chargeId = stack.uid('idem');
    const request = {
      chargeId,
      customerId,
      amountMinor: 1234,
      currency: 'EUR',
      initiator: 'merchant',
    } as const;
    const first = await stack.client.chargeAndWait(request);
    assert.equal(first.status, 'succeeded');
    for (const [change, field] of [
      [{ amountMinor: 1235 }, 'amountMinor'],
      [{ currency: 'USD' }, 'currency'],
      [{ customerId: other }, 'customerId'],
      [{ mode: 'preauthorize' }, 'mode'],
    ] as const) {
      await assert.rejects(
        stack.client.startCharge({ ...request, ...change }),
        (err: unknown) => err instanceof IdempotencyConflictError && err.differences.includes(field),
      );
    }
    const again = await stack.client.chargeAndWait(request);
    assert.deepEqual(again, first);
    assert.equal(ledgerFor(chargeId).length, 1, 'one transaction at the gateway');
  });

  it('refuses a conflicting start while the first charge is still running', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('idr');
    const handle = await stack.startPendingCharge(customerId, chargeId, { callbackWaitSeconds: 60 });
    await assert.rejects(
      stack.startPendingCharge(customerId, chargeId, { amountMinor: 7776 }),
      IdempotencyConflictError,
    );
    const same = await stack.startPendingCharge(customerId, chargeId, { callbackWaitSeconds: 60 });
    assert.equal(same.workflowId, handle.workflowId);
    assert.equal((await handle.result()).status, 'succeeded');
    assert.equal(ledgerFor(chargeId).length, 1);
  });
});
