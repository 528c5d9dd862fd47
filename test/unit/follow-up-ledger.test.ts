import { strict as assert } from 'node:assert';
import {
  billingStatusFrom,
  emptyFacts,
  netChargedBack,
  statusFrom,
  type FollowUpFacts,
} from '../../src/workflows/follow-up-ledger.js';

const base = { original: 'succeeded' as const, lateSuccess: false, amountMinor: 1000 };

describe('follow-up facts: status by meaning, not arrival order', () => {
  it('a reversal recorded before its chargeback cancels it once the chargeback arrives', () => {
    const reversalFirst: FollowUpFacts = {
      ...emptyFacts(),
      reversals: { r1: { chargebackUuid: 'cb1', amountMinor: 1000 } },
    };
    assert.equal(statusFrom(reversalFirst, base), 'succeeded');
    const both: FollowUpFacts = { ...reversalFirst, chargebacks: { cb1: 1000 } };
    assert.equal(netChargedBack(both), 0);
    assert.equal(statusFrom(both, base), 'chargeback-reversed');
    assert.equal(billingStatusFrom(both, false), 'chargeback-reversed');
  });

  it('a chargeback outranks a late success of the same debit, in either order', () => {
    const facts: FollowUpFacts = { ...emptyFacts(), chargebacks: { cb1: 1000 } };
    const late = { ...base, original: 'failed' as const, lateSuccess: true };
    assert.equal(statusFrom(facts, late), 'charged-back');
    assert.equal(billingStatusFrom(facts, true), 'charged-back');
  });

  it('counts each chargeback once per uuid and nets partial reversals per chargeback', () => {
    const facts: FollowUpFacts = {
      ...emptyFacts(),
      chargebacks: { cb1: 600, cb2: 400 },
      reversals: {
        r1: { chargebackUuid: 'cb1', amountMinor: 600 },
        r2: { chargebackUuid: 'cb2', amountMinor: 100 },
      },
    };
    assert.equal(netChargedBack(facts), 300);
    assert.equal(statusFrom(facts, base), 'charged-back');
  });
});
