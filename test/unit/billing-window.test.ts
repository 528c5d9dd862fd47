import { strict as assert } from 'node:assert';
import type { DueSubscription } from '../../src/contract/billing-activities.js';
import { BillingWindow, freshState, pendingOf } from '../../src/workflows/billing-window.js';

const sub = (n: number, amountMinor = 1000, currency: 'EUR' | 'USD' = 'EUR'): DueSubscription => ({
  subscriptionId: `sub-${n}`,
  customerId: `cus-${n}`,
  period: '2026-12-01',
  amountMinor,
  currency,
});

function windowWith(...subs: DueSubscription[]): BillingWindow {
  const w = new BillingWindow(freshState({ runId: 'run-1', billingDate: '2026-12-01' }));
  for (const s of subs) {
    w.open(`c-${s.subscriptionId}`, pendingOf(s));
    w.started(pendingOf(s));
  }
  return w;
}

describe('billing window (the run’s tally, without Temporal)', () => {
  it('counts each child once, whichever of report, result or look-up comes first', () => {
    const w = windowWith(sub(1), sub(2, 500, 'USD'), sub(3));
    assert.equal(w.settle('c-sub-1', { chargeId: 'c-sub-1', status: 'succeeded' } as never), 'succeeded');
    assert.equal(w.settle('c-sub-1', { chargeId: 'c-sub-1', status: 'failed' } as never), undefined);
    assert.equal(w.settle('c-sub-2', undefined, 'child terminated'), 'failed');
    assert.equal(w.settle('foreign', undefined), undefined);
    const p = w.snapshot();
    assert.deepEqual([p.scheduled, p.done, p.succeeded, p.failed, p.inFlight], [3, 2, 1, 1, 1]);
    assert.deepEqual(p.amountsScheduled, { EUR: 2000, USD: 500 });
    assert.deepEqual(p.amountsSucceeded, { EUR: 1000 });
    const outcomes = w.takeOutcomes(10);
    assert.deepEqual(
      outcomes.map((o) => [o.chargeId, o.status, o.pastDue, o.reason]),
      [
        ['c-sub-1', 'succeeded', false, undefined],
        ['c-sub-2', 'failed', true, 'child terminated'],
      ],
    );
    assert.equal(w.takeOutcomes(10).length, 0, 'taken outcomes are gone');
  });

  it('a child in dunning frees its slot, stays held, and settles from dunning', () => {
    const w = windowWith(sub(1), sub(2));
    assert.equal(w.toDunning('c-sub-1'), true);
    assert.equal(w.toDunning('c-sub-1'), false, 'already in dunning');
    assert.deepEqual([w.inFlight, w.inDunning, w.holds('c-sub-1'), w.empty], [1, 1, true, false]);
    w.settle('c-sub-1', { chargeId: 'c-sub-1', status: 'declined', reason: 'dunning exhausted' } as never);
    w.settle('c-sub-2', { chargeId: 'c-sub-2', status: 'needs-action' } as never);
    const p = w.snapshot();
    assert.deepEqual([p.declined, p.needsAction, p.inDunning, p.inFlight, w.empty], [1, 1, 0, 0, true]);
  });

  it('an already billed subscription frees its slot, counts its amount apart and is not past due', () => {
    const w = new BillingWindow(freshState({ runId: 'run-1', billingDate: '2026-12-01' }));
    w.open('c-sub-9', pendingOf(sub(9, 700)));
    w.alreadyBilled('c-sub-9');
    const p = w.snapshot();
    assert.deepEqual([p.alreadyBilled, p.scheduled, p.inFlight], [1, 0, 0]);
    assert.deepEqual(p.amountsAlreadyBilled, { EUR: 700 });
    assert.deepEqual(
      w.takeOutcomes(1).map((o) => [o.status, o.pastDue]),
      [['already-billed', false]],
    );
  });

  it('names the children carried over a continue-as-new: those this run did not start', () => {
    const w = windowWith(sub(1), sub(2), sub(3));
    w.toDunning('c-sub-3');
    const startedHere = new Set(['c-sub-2']);
    assert.deepEqual(w.carried(startedHere), ['c-sub-1', 'c-sub-3']);
    assert.equal(w.hasCarriedInFlight(startedHere), true);
    w.settle('c-sub-1', undefined);
    assert.equal(w.hasCarriedInFlight(startedHere), false, 'only the carried one in dunning is left');
  });

  it('the query gets a copy: changing it changes nothing in the run', () => {
    const w = windowWith(sub(1));
    const copy = w.snapshot() as { amountsScheduled: Record<string, number> };
    copy.amountsScheduled['EUR'] = 1;
    assert.equal(w.snapshot().amountsScheduled['EUR'], 1000);
    assert.match(w.line(), /\*\*paging\*\* · 0\/1 done .* 1 in flight, 0 in dunning/);
  });
});
