import { strict as assert } from 'node:assert';
import type { LedgerEntry } from '../../src/simulator/index.js';
import { chargeMoney, entriesByCharge } from './ledger-invariants.js';

const AT = '2026-11-25T00:00:00.000Z';

function entry(
  merchantTransactionId: string,
  type: LedgerEntry['type'],
  status: LedgerEntry['status'],
  extra: Partial<LedgerEntry> = {},
): LedgerEntry {
  return {
    uuid: `u-${merchantTransactionId}`,
    merchantTransactionId,
    type,
    status,
    amountMinor: 1000,
    currency: 'EUR',
    charged: (type === 'DEBIT' || type === 'CAPTURE') && status === 'SUCCESS',
    origin: 'merchant',
    createdAt: AT,
    updatedAt: AT,
    ...extra,
  };
}

function withoutAmount(e: LedgerEntry): LedgerEntry {
  const { amountMinor: _amount, ...rest } = e;
  return rest;
}

const ids = (list: readonly LedgerEntry[]) => list.map((e) => e.merchantTransactionId);

describe('net debits of a charge, after its own reversals (soak invariant)', () => {
  it('one debit: net one, nothing reversed', () => {
    const m = chargeMoney([entry('c.a.d1', 'DEBIT', 'SUCCESS')]);
    assert.deepEqual(ids(m.net), ['c.a.d1']);
    assert.equal(m.reversals.length, 0);
  });

  it('a second debit refunded by the charge (xr2) is not a double debit', () => {
    const m = chargeMoney([
      entry('c.a.d1', 'DEBIT', 'SUCCESS'),
      entry('c.a.d2', 'DEBIT', 'SUCCESS'),
      entry('c.a.xr2', 'REFUND', 'SUCCESS', { referenceUuid: 'u-c.a.d2' }),
    ]);
    assert.deepEqual(ids(m.net), ['c.a.d1']);
    assert.deepEqual(ids(m.reversals), ['c.a.xr2']);
  });

  it('an unreversed second debit is a double debit', () => {
    const m = chargeMoney([entry('c.a.d1', 'DEBIT', 'SUCCESS'), entry('c.a.d2', 'DEBIT', 'SUCCESS')]);
    assert.deepEqual(ids(m.net), ['c.a.d1', 'c.a.d2']);
  });

  it('counts per debit, not by subtraction: a reversal of another charge, a failed or partial refund, a refund that is not the charge own reversal', () => {
    const m = chargeMoney([
      entry('c.a.d1', 'DEBIT', 'SUCCESS'),
      entry('c.a.d2', 'DEBIT', 'SUCCESS'),
      entry('c.a.d3', 'DEBIT', 'SUCCESS'),
      entry('c.a.d4', 'DEBIT', 'SUCCESS'),
      entry('c.a.xr2', 'REFUND', 'ERROR', { referenceUuid: 'u-c.a.d2' }),
      entry('c.a.xr3', 'REFUND', 'SUCCESS', { referenceUuid: 'u-c.a.d3', amountMinor: 400 }),
      entry('c.a.rf1', 'REFUND', 'SUCCESS', { referenceUuid: 'u-c.a.d4' }),
      entry('c.a.xr9', 'REFUND', 'SUCCESS', { referenceUuid: 'u-c.b.d2' }),
    ]);
    assert.deepEqual(ids(m.net), ['c.a.d1', 'c.a.d2', 'c.a.d3', 'c.a.d4']);
    assert.equal(m.reversals.length, 0);
  });

  it('late-settled, failed and pending debits: only money taken counts', () => {
    const m = chargeMoney([
      entry('c.a.d1', 'DEBIT', 'SUCCESS', { lateSettle: { reply: 'ERROR', errorCode: 3003, settleAt: AT } }),
      entry('c.a.d2', 'DEBIT', 'ERROR'),
      entry('c.a.d3', 'DEBIT', 'PENDING'),
    ]);
    assert.deepEqual(ids(m.debits), ['c.a.d1']);
    assert.deepEqual(ids(m.net), ['c.a.d1']);
  });

  it('preauthorizations: a held one counts, one voided by the charge (xr) does not, a capture is not a second debit', () => {
    const m = chargeMoney([
      entry('c.p.d1', 'PREAUTHORIZE', 'SUCCESS'),
      entry('c.p.d2', 'PREAUTHORIZE', 'SUCCESS'),
      withoutAmount(entry('c.p.xr1', 'VOID', 'SUCCESS', { referenceUuid: 'u-c.p.d1' })),
      entry('c.p.cap1', 'CAPTURE', 'SUCCESS', { referenceUuid: 'u-c.p.d2' }),
    ]);
    assert.deepEqual(ids(m.net), ['c.p.d2']);
    assert.deepEqual(ids(m.reversals), ['c.p.xr1']);
  });

  it('groups entries by charge id', () => {
    const byCharge = entriesByCharge([
      entry('c.a.d1', 'DEBIT', 'SUCCESS'),
      entry('r.reg1.reg', 'REGISTER', 'SUCCESS'),
      entry('c.b.d1', 'DEBIT', 'SUCCESS'),
      entry('c.a.xr1', 'REFUND', 'SUCCESS'),
    ]);
    assert.deepEqual([...byCharge.keys()], ['a', 'b']);
    assert.deepEqual(ids(byCharge.get('a')!), ['c.a.d1', 'c.a.xr1']);
  });
});
