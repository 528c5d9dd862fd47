import { strict as assert } from 'node:assert';
import type { ChargeResult, ExtraDebit, GatewayCallbackEvent } from '../../src/contract/domain.js';
import { lateOperationEffect, ownOperationOf, resultAfterClose } from '../../src/contract/late-operations.js';
import type { ChargeFollowUpState } from '../../src/contract/messages.js';
import { initialFollowUpState } from '../../src/workflows/follow-up-book.js';

const event = (mtid: string, result: string, uuid = `u-${mtid}-${result}`): GatewayCallbackEvent => ({
  merchantTransactionId: mtid,
  uuid,
  result,
});
const state = (extra: Partial<ChargeFollowUpState> = {}): ChargeFollowUpState => ({
  ...initialFollowUpState('k'),
  status: 'succeeded',
  ...extra,
});
const extra = (attempt: number, reversed: boolean): ExtraDebit => ({
  merchantTransactionId: `c.k.d${attempt}`,
  amountMinor: 1500,
  reversal: 'refund',
  reversalMerchantTransactionId: `c.k.xr${attempt}`,
  reversed,
});
const charge = (extraResult: Partial<ChargeResult> = {}): ChargeResult => ({
  chargeId: 'k',
  status: 'succeeded',
  amountMinor: 1500,
  currency: 'EUR',
  attempts: 1,
  ...extraResult,
});

describe('late operations: what the charge left open, applied once after it closed', () => {
  it("names the charge's own operations by their step", () => {
    assert.equal(ownOperationOf('rf2'), 'refund');
    assert.equal(ownOperationOf('cap1'), 'capture');
    assert.equal(ownOperationOf('void1'), 'void');
    assert.equal(ownOperationOf('xr3'), 'reversal');
    assert.equal(ownOperationOf('d1'), undefined);
    assert.equal(ownOperationOf('rfx'), undefined);
  });

  it('applies the open refund once, and nothing for a refund the charge did not leave open', () => {
    const result = charge({
      refundedMinor: 200,
      openOperation: { kind: 'refund', merchantTransactionId: 'c.k.rf2', amountMinor: 600 },
    });
    assert.equal(lateOperationEffect(event('c.k.rf1', 'OK'), 'refund', result, state()), undefined);
    const effect = lateOperationEffect(event('c.k.rf2', 'OK'), 'refund', result, state());
    assert.deepEqual(effect?.changes, { openOperationSettled: 'succeeded', refundedAfterCloseMinor: 600 });
    const after = state(effect?.changes);
    assert.equal(
      lateOperationEffect(event('c.k.rf2', 'OK', 'other-uuid'), 'refund', result, after),
      undefined,
    );
    const view = resultAfterClose(result, after);
    assert.equal(view.refundedMinor, 800);
    assert.equal(view.openOperation, undefined);
  });

  it('records an open capture that failed late, and still applies its later success', () => {
    const result = charge({
      openOperation: { kind: 'capture', merchantTransactionId: 'c.k.cap1', amountMinor: 1000 },
    });
    const failed = lateOperationEffect(event('c.k.cap1', 'ERROR'), 'capture', result, state());
    assert.deepEqual(failed?.changes, { openOperationSettled: 'failed' });
    const ok = lateOperationEffect(event('c.k.cap1', 'OK'), 'capture', result, state(failed?.changes));
    assert.deepEqual(ok?.changes, { openOperationSettled: 'succeeded', capturedAfterCloseMinor: 1000 });
    assert.equal(resultAfterClose(result, state({ ...failed?.changes })).captured, undefined);
    assert.equal(resultAfterClose(result, state({ ...ok?.changes })).captured, true);
    assert.equal(lateOperationEffect(event('c.k.cap1', 'PENDING'), 'capture', result, state()), undefined);
  });

  it('clears double-debit-unreversed once the last open reversal settles late', () => {
    const result = charge({
      extraDebits: [extra(1, false), extra(2, false)],
      flags: ['double-debit-unreversed'],
    });
    const first = lateOperationEffect(
      event('c.k.xr1', 'OK'),
      'reversal',
      result,
      state({ flags: ['double-debit-unreversed'] }),
    );
    assert.deepEqual(first?.changes.flags, ['double-debit-unreversed'], 'xr2 is still open');
    const s1 = state({ ...first?.changes });
    assert.equal(resultAfterClose(result, s1).flags?.includes('double-debit-unreversed'), true);
    const second = lateOperationEffect(event('c.k.xr2', 'OK'), 'reversal', result, s1);
    const s2 = state({ ...second?.changes });
    assert.deepEqual(s2.flags, ['double-debit-reversed']);
    const view = resultAfterClose(result, s2);
    assert.deepEqual(view.flags, ['double-debit-reversed']);
    assert.ok(view.extraDebits?.every((e) => e.reversed));
    assert.equal(lateOperationEffect(event('c.k.xr2', 'OK', 'again'), 'reversal', result, s2), undefined);
  });

  it("settles the follow-up's own reversal left open", () => {
    const s = state({ extraDebits: [extra(3, false)], flags: ['double-debit-unreversed'] });
    const effect = lateOperationEffect(event('c.k.xr3', 'OK'), 'reversal', charge(), s);
    assert.equal(effect?.changes.extraDebits?.[0]?.reversed, true);
    assert.deepEqual(effect?.changes.flags, ['double-debit-reversed']);
    assert.equal(lateOperationEffect(event('c.k.xr4', 'OK'), 'reversal', charge(), s), undefined);
  });
});
