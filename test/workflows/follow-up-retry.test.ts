/**
 * The follow-up's event application with stubbed activities on the real dev server: a correction of the billing
 * run that fails is tried again without recording its event twice.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { ChargeOutcomeView } from '../../src/contract/charge-events-activities.js';
import { followUpWorkflowId } from '../../src/ids.js';
import { chargeEventSignal, type ChargeFollowUpState } from '../../src/contract/messages.js';
import { useStubWorkers } from '../helpers/stub-worker.js';

describe('follow-up workflow with stubbed activities', function () {
  this.timeout(60_000);
  const stubs = useStubWorkers();

  it('retries a failed billing correction without recording the chargeback twice', async () => {
    const chargeId = `fu-${randomUUID().slice(0, 8)}`;
    let corrections = 0;
    const outcome: ChargeOutcomeView = {
      workflowStatus: 'COMPLETED',
      result: { chargeId, status: 'succeeded', amountMinor: 1500, currency: 'EUR', attempts: 1 },
      memo: {
        customerId: 'cus-1',
        amountMinor: 1500,
        currency: 'EUR',
        mode: 'debit',
        initiator: 'merchant',
        billing: { runId: 'run-1', subscriptionId: 'sub-1', period: '2026-12-01' },
      },
    };
    const activities = {
      loadChargeOutcome: () => Promise.resolve(outcome),
      correctBillingOutcome: () => {
        corrections++;
        if (corrections === 1) throw ApplicationFailure.nonRetryable('store down', 'StoreDown');
        return Promise.resolve({ reportRewritten: true });
      },
      storeFollowUpState: () => Promise.resolve(undefined),
    };
    const state = await stubs.run({ activities, queue: 'fu' }, async (taskQueue) => {
      const handle = await stubs.client.workflow.signalWithStart('chargeFollowUp', {
        workflowId: followUpWorkflowId(chargeId),
        taskQueue,
        args: [{ chargeId, idleCloseSeconds: 1, retryAfterErrorSeconds: 1 }],
        signal: chargeEventSignal,
        signalArgs: [
          {
            merchantTransactionId: `cb-${chargeId}`,
            uuid: `cb-uuid-${chargeId}`,
            result: 'OK',
            transactionType: 'CHARGEBACK',
            chargeback: { originalMerchantTransactionId: `c.${chargeId}.d1`, amountMinor: 1500 },
          },
        ],
      });
      return (await handle.result()) as ChargeFollowUpState;
    });
    assert.equal(corrections, 2, 'the failed correction ran again');
    assert.deepEqual(
      state.events.map((e) => e.kind),
      ['chargeback'],
      'the chargeback is recorded once',
    );
    assert.equal(state.chargedBackMinor, 1500);
    assert.equal(state.status, 'charged-back');
    assert.equal(state.billingStatus, 'charged-back');
    assert.equal(state.billingCorrected, 1);
  });
});
