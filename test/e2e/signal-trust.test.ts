import { strict as assert } from 'node:assert';
import { temporal } from '@temporalio/proto';
import { workflowIdFor } from '../../src/ids.js';
import { waitFor } from '../../src/embedded/wait-for.js';
import { chargeStateQuery, gatewayCallbackSignal } from '../../src/contract/messages.js';
import { useTestStack } from '../helpers/stack.js';

/**
 * Anyone allowed to signal in the namespace could send a charge a `gatewayCallback`, and merchantTransactionIds
 * are predictable: a success that only a signal reports is confirmed with the status API before it counts.
 */
const EventType = temporal.api.enums.v1.EventType;

describe('gateway callback signals are not trusted blindly', function () {
  this.timeout(120_000);
  const stack = useTestStack({ pendingCompleteAfterMs: 'manual' });

  const pendingDebit = (chargeId: string) =>
    waitFor(() =>
      Promise.resolve(
        stack.simulator.ledger.entriesFor(`c.${chargeId}.`).find((e) => e.status === 'PENDING'),
      ),
    );

  it('a forged OK signal does not make a pending charge succeed; the gateway decides', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('forged');
    const handle = await stack.startPendingCharge(customerId, chargeId, { callbackWaitSeconds: 3600 });
    const pending = await pendingDebit(chargeId);
    await handle.workflow.signal(gatewayCallbackSignal, {
      merchantTransactionId: `c.${chargeId}.d1`,
      uuid: pending.uuid,
      result: 'OK',
      transactionType: 'DEBIT',
    });
    // The charge asks the gateway (a look-up after the signal), which still says PENDING: it keeps waiting.
    await waitFor(async () => {
      const { events } = await handle.workflow.fetchHistory();
      const types = (events ?? []).map((e) => EventType[e.eventType ?? 0] ?? '');
      const signalled = types.indexOf('EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED');
      const after = signalled >= 0 ? types.slice(signalled) : [];
      const looked = after.includes('EVENT_TYPE_MARKER_RECORDED');
      return looked || after.includes('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED') ? true : undefined;
    });
    const state = await handle.workflow.query(chargeStateQuery);
    assert.notEqual(state.result?.status, 'succeeded', 'a forged signal made the charge succeed');
    assert.equal(state.phase, 'awaiting-callback');
    stack.simulator.completePending(pending.uuid, 2003);
    const result = await handle.result();
    assert.equal(result.status, 'declined');
    assert.equal(result.error?.code, 2003);
  });

  it('a genuine callback success still completes the charge (confirmed by one look-up)', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('genuine');
    const handle = await stack.startPendingCharge(customerId, chargeId, { callbackWaitSeconds: 3600 });
    const pending = await pendingDebit(chargeId);
    stack.simulator.completePending(pending.uuid, 'success');
    const result = await handle.result();
    assert.equal(result.status, 'succeeded');
    assert.equal(result.uuid, pending.uuid);
    assert.equal(workflowIdFor('charge', chargeId), handle.workflowId);
  });
});
