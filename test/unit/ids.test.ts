import { strict as assert } from 'node:assert';
import {
  BUSINESS_ID,
  InvalidIdError,
  SCHEDULE_ID_MAX_LENGTH,
  scheduledRunId,
  billingChargeId,
  debitStep,
  merchantTransactionIdFor,
  parseMerchantTransactionId,
  workflowIdFor,
  billingRunWorkflowId,
  billingScheduleId,
  followUpWorkflowId,
  parseWorkflowId,
  scheduleIdFrom,
} from '../../src/ids.js';
import { businessIdsOf } from '../../src/observability/workflow-ids.js';

describe('id builders', () => {
  it('derive the same merchantTransactionId for every attempt of a step', () => {
    const first = merchantTransactionIdFor('charge', 'order-1', debitStep(1));
    const again = merchantTransactionIdFor('charge', 'order-1', debitStep(1));
    assert.equal(first, again);
    assert.equal(first, 'c.order-1.d1');
    assert.notEqual(merchantTransactionIdFor('charge', 'order-1', debitStep(2)), first);
  });

  it('map a merchantTransactionId back to its workflow id', () => {
    assert.deepEqual(parseMerchantTransactionId('c.order-1.d2'), {
      kind: 'charge',
      businessId: 'order-1',
      step: 'd2',
      workflowId: workflowIdFor('charge', 'order-1'),
    });
    assert.equal(parseMerchantTransactionId('r.reg-9.reg')?.workflowId, 'register-reg-9');
  });

  it('refuse ids this project did not make', () => {
    for (const id of [
      '',
      'x',
      'c.order-1',
      'z.order.d1',
      'c..d1',
      'c.order 1.d1',
      'c.order.D1',
      'bench.plain.1',
    ]) {
      assert.equal(parseMerchantTransactionId(id), undefined, id);
    }
  });

  it('keep merchantTransactionIds within the gateway limit of 50 characters', () => {
    const id = merchantTransactionIdFor('charge', 'a'.repeat(40), 'rf12345');
    assert.ok(id.length <= 50, `${id.length}`);
  });

  it('reject malformed business ids and steps with a typed error', () => {
    assert.throws(() => workflowIdFor('charge', 'has space'), InvalidIdError);
    assert.throws(() => workflowIdFor('charge', '-leading'), InvalidIdError);
    assert.throws(() => merchantTransactionIdFor('charge', 'ok', 'Bad'), InvalidIdError);
    assert.throws(() => billingChargeId('s'.repeat(30), '2026-11-25'), InvalidIdError);
    assert.throws(() => workflowIdFor('charge', 'a'.repeat(41)), InvalidIdError);
  });

  it('name a billing charge by subscription and period, so a re-run derives the same id', () => {
    assert.equal(billingChargeId('sub-1', '2026-11-25'), billingChargeId('sub-1', '2026-11-25'));
    assert.notEqual(billingChargeId('sub-1', '2026-11-25'), billingChargeId('sub-1', '2026-12-25'));
  });

  it('names scheduled runs after the day, and the time when it is not midnight UTC', () => {
    const at = (iso: string) => new Date(iso);
    assert.equal(scheduledRunId('nightly', at('2026-12-04T00:00:00Z'), '2026-12-04'), 'nightly-2026-12-04');
    assert.equal(scheduledRunId('twice', at('2026-12-04T12:00:00Z'), '2026-12-04'), 'twice-2026-12-04T1200');
    assert.equal(
      scheduledRunId('adhoc', at('2026-12-04T08:41:07Z'), '2026-12-04'),
      'adhoc-2026-12-04T084107',
    );
    const longest = 'x'.repeat(SCHEDULE_ID_MAX_LENGTH);
    assert.ok(BUSINESS_ID.test(scheduledRunId(longest, at('2026-12-04T08:41:07Z'), '2026-12-04')));
  });

  it('parse every workflow id they build, and nothing else', () => {
    assert.deepEqual(parseWorkflowId(workflowIdFor('charge', 'order-1')), {
      kind: 'charge',
      businessId: 'order-1',
      followUp: false,
    });
    assert.deepEqual(parseWorkflowId(followUpWorkflowId('order-1')), {
      kind: 'charge',
      businessId: 'order-1',
      followUp: true,
    });
    assert.deepEqual(parseWorkflowId(followUpWorkflowId('r1', 'register')), {
      kind: 'register',
      businessId: 'r1',
      followUp: true,
    });
    assert.deepEqual(parseWorkflowId(billingRunWorkflowId('run-7')), {
      kind: 'billing',
      businessId: 'run-7',
      followUp: false,
    });
    for (const foreign of ['', 'charge-', 'payment-x', 'charge-a.b', 'billing-x.events', 'charge-x y'])
      assert.equal(parseWorkflowId(foreign), undefined, foreign);
    assert.equal(scheduleIdFrom(billingScheduleId('monthly')), 'monthly');
    assert.equal(scheduleIdFrom('other-monthly'), undefined);
    assert.deepEqual(businessIdsOf(followUpWorkflowId('order-1')), { chargeId: 'order-1' });
    assert.deepEqual(businessIdsOf('billing-run-7'), { billingRunId: 'run-7' });
    assert.deepEqual(businessIdsOf(undefined), {});
  });
});
