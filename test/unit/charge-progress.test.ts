import { strict as assert } from 'node:assert';
import type { ChargeResult, TransactionOutcome } from '../../src/contract/domain.js';
import { CallbackInbox } from '../../src/workflows/callback-inbox.js';
import { ChargeProgress } from '../../src/workflows/charge-progress.js';
import type { ChargePhase } from '../../src/contract/messages.js';

const redirect: TransactionOutcome = {
  merchantTransactionId: 'c.ch1.d2',
  status: 'redirect',
  uuid: 'u-2',
  redirectUrl: 'https://gateway.test/3ds/u-2',
  source: 'reply',
};
const decided = { chargeId: 'ch1', status: 'succeeded', attempts: 1 } as ChargeResult;

/** A settlement that has not started (pure: no workflow handlers). */
function settlementAt(): { phase: ChargePhase | undefined; result: ChargeResult | undefined } {
  return { phase: undefined, result: undefined };
}

describe('charge progress (the state query)', () => {
  it('answers with the attempt under way, its redirect URL and the callbacks seen', () => {
    const inbox = new CallbackInbox();
    inbox.record({ merchantTransactionId: 'c.ch1.d1', uuid: 'u-1', result: 'ERROR' });
    const progress = new ChargeProgress('ch1', inbox, settlementAt());
    progress.phase = 'needs-action';
    progress.attempt = 2;
    progress.current = redirect;
    progress.paymentToken = 'pt::a';
    progress.nextAttemptAt = '2026-12-05T00:00:00.000Z';
    assert.deepEqual(progress.state(), {
      chargeId: 'ch1',
      phase: 'needs-action',
      attempt: 2,
      merchantTransactionId: 'c.ch1.d2',
      uuid: 'u-2',
      redirectUrl: 'https://gateway.test/3ds/u-2',
      paymentToken: 'pt::a',
      nextAttemptAt: '2026-12-05T00:00:00.000Z',
      result: undefined,
      callbacksSeen: 1,
    });
  });

  it('names no redirect URL once the attempt is past its redirect', () => {
    const progress = new ChargeProgress('ch1', new CallbackInbox(), settlementAt());
    progress.current = { ...redirect, status: 'succeeded' };
    assert.equal(progress.state().redirectUrl, undefined);
    assert.equal(progress.state().uuid, 'u-2');
  });

  it('answers with the decided result, and with the settlement phase and result once it runs', () => {
    const settlement = settlementAt();
    const progress = new ChargeProgress('ch1', new CallbackInbox(), settlement);
    progress.phase = 'done';
    progress.result = decided;
    assert.equal(progress.state().phase, 'done');
    assert.equal(progress.latest(), decided);
    const refunded = { ...decided, refundedMinor: 100 } as ChargeResult;
    settlement.phase = 'settled';
    settlement.result = refunded;
    assert.equal(progress.state().phase, 'settled');
    assert.equal(progress.state().result, refunded);
    assert.equal(progress.latest(), refunded);
  });
});
