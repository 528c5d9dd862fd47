import { strict as assert } from 'node:assert';
import type { GatewayErrorInfo } from '../../src/contract/domain.js';
import { gatewayErrorInfo } from '../../src/gateway/error-info.js';
import {
  chooseRetry,
  NO_RETRIES_USED,
  retryPolicyOf,
  type RetriesUsed,
  type RetryPolicy,
} from '../../src/workflows/charge-retry-choice.js';

/** The error info a reply with this gateway code carries (the real error-code table). */
const code = (n: number): GatewayErrorInfo => gatewayErrorInfo(n, undefined)!;
const softDecline = code(2003);
const hardDecline = code(2007);
const transient = code(1008);
/** 3003 TEMPORARY_UNAVAILABLE: transient and a soft decline at once. */
const unavailable = code(3003);
const unknownCode = code(123456);

const policy: RetryPolicy = { transientRetries: 2, dunningDelaysSeconds: [86_400, 259_200] };
const used = (transientUsed: number, dunningUsed: number): RetriesUsed => ({
  transient: transientUsed,
  dunning: dunningUsed,
});

describe('charge retry choice', () => {
  it('reads the table the way the choice relies on', () => {
    assert.equal(softDecline.decline, 'soft');
    assert.equal(hardDecline.decline, 'hard');
    assert.equal(transient.transient, true);
    assert.equal(unavailable.transient && unavailable.decline, 'soft');
    assert.equal(unknownCode.unknownCode, true);
  });

  it('gives up on a hard decline, with dunning and transient retries left', () => {
    assert.deepEqual(chooseRetry(hardDecline, NO_RETRIES_USED, policy), {
      kind: 'give-up',
      used: NO_RETRIES_USED,
    });
  });

  it('enters dunning on the first soft decline, after the first dunning delay', () => {
    assert.deepEqual(chooseRetry(softDecline, NO_RETRIES_USED, policy), {
      kind: 'dunning',
      delaySeconds: 86_400,
      first: true,
      used: used(0, 1),
    });
  });

  it('takes the next dunning delay on a later soft decline, not entering dunning again', () => {
    assert.deepEqual(chooseRetry(softDecline, used(1, 1), policy), {
      kind: 'dunning',
      delaySeconds: 259_200,
      first: false,
      used: used(1, 2),
    });
  });

  it('gives up on a soft decline once every dunning delay is used', () => {
    assert.deepEqual(chooseRetry(softDecline, used(0, 2), policy), { kind: 'give-up', used: used(0, 2) });
  });

  it('gives up on a soft decline when the charge has no dunning policy', () => {
    const none = retryPolicyOf({});
    assert.deepEqual(chooseRetry(softDecline, NO_RETRIES_USED, none), {
      kind: 'give-up',
      used: NO_RETRIES_USED,
    });
  });

  it('retries a transient failure after 5 s, then 10 s, then gives up (budget 2)', () => {
    const first = chooseRetry(transient, NO_RETRIES_USED, policy);
    assert.deepEqual(first, { kind: 'retry', delaySeconds: 5, used: used(1, 0) });
    const second = chooseRetry(transient, first.used, policy);
    assert.deepEqual(second, { kind: 'retry', delaySeconds: 10, used: used(2, 0) });
    assert.deepEqual(chooseRetry(transient, second.used, policy), { kind: 'give-up', used: used(2, 0) });
  });

  it('doubles the back-off with every transient retry used', () => {
    const wide = { ...policy, transientRetries: 5 };
    const delays = [0, 1, 2, 3, 4].map((n) => {
      const choice = chooseRetry(transient, used(n, 0), wide);
      return choice.kind === 'retry' ? choice.delaySeconds : undefined;
    });
    assert.deepEqual(delays, [5, 10, 20, 40, 80]);
  });

  it('gives up on a transient failure when the charge allows no transient retries', () => {
    const choice = chooseRetry(transient, NO_RETRIES_USED, { ...policy, transientRetries: 0 });
    assert.equal(choice.kind, 'give-up');
  });

  it('retries a transient soft decline as transient first, then as dunning once the budget is spent', () => {
    assert.deepEqual(chooseRetry(unavailable, used(1, 0), policy), {
      kind: 'retry',
      delaySeconds: 10,
      used: used(2, 0),
    });
    assert.deepEqual(chooseRetry(unavailable, used(2, 0), policy), {
      kind: 'dunning',
      delaySeconds: 86_400,
      first: true,
      used: used(2, 1),
    });
  });

  it('never retries an error code the table does not know (the outcome is ambiguous)', () => {
    const ambiguous: GatewayErrorInfo = { ...unknownCode, transient: true, decline: 'soft' };
    assert.deepEqual(chooseRetry(ambiguous, NO_RETRIES_USED, policy), {
      kind: 'give-up',
      used: NO_RETRIES_USED,
    });
  });

  it('gives up on a failure that carries no error information', () => {
    assert.deepEqual(chooseRetry(undefined, NO_RETRIES_USED, policy), {
      kind: 'give-up',
      used: NO_RETRIES_USED,
    });
  });

  it('leaves the retries used it was given unchanged', () => {
    const before = used(1, 1);
    chooseRetry(transient, before, policy);
    chooseRetry(softDecline, before, policy);
    assert.deepEqual(before, used(1, 1));
  });

  it('defaults to two transient retries and no dunning', () => {
    assert.deepEqual(retryPolicyOf({}), { transientRetries: 2, dunningDelaysSeconds: [] });
    assert.deepEqual(retryPolicyOf({ transientRetries: 0, dunning: { retryDelaysSeconds: [60] } }), {
      transientRetries: 0,
      dunningDelaysSeconds: [60],
    });
  });
});
