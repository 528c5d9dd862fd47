import { strict as assert } from 'node:assert';
import {
  ActivityFailure,
  ApplicationFailure,
  RetryState,
  TimeoutFailure,
  TimeoutType,
} from '@temporalio/common';
import {
  activityFailureType,
  activityRefusal,
  failureCode,
  failureType,
  refusal,
} from '../../src/workflows/refusal.js';

const activityFailure = (cause: Error) =>
  new ActivityFailure('debit failed', 'debit', '7', RetryState.MAXIMUM_ATTEMPTS_REACHED, undefined, cause);

/**
 * A debit (or any gateway call) that times out or runs out of retries without an ApplicationFailure must be
 * looked up, not rethrown: rethrown, it failed the charge workflow with the outcome at the gateway unknown.
 */
describe('activity failures as charge outcomes (refusal.ts)', () => {
  it('an activity that timed out is ActivityTimeout, not a workflow failure', () => {
    const timedOut = activityFailure(
      new TimeoutFailure('start-to-close', undefined, TimeoutType.START_TO_CLOSE),
    );
    assert.equal(failureType(timedOut), undefined, 'the old mapping let it escape');
    assert.equal(activityFailureType(timedOut), 'ActivityTimeout');
    assert.equal(activityRefusal(timedOut), 'ActivityTimeout');
    assert.throws(() => refusal(timedOut));
  });

  it('an ApplicationFailure keeps its type and its gateway code', () => {
    const rejected = activityFailure(
      ApplicationFailure.create({
        type: 'GatewayRejected',
        message: 'duplicate transaction id',
        details: [{ code: 3004 }],
        nonRetryable: true,
      }),
    );
    assert.equal(activityFailureType(rejected), 'GatewayRejected');
    assert.equal(failureCode(rejected), 3004);
  });

  it('anything that is not an activity failure (a bug) is still rethrown', () => {
    assert.equal(activityFailureType(new TypeError('bug')), undefined);
    assert.throws(() => activityRefusal(new TypeError('bug')), TypeError);
  });
});
