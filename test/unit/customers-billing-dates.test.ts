import { strict as assert } from 'node:assert';
import {
  addDays,
  addMonths,
  advanceByInterval,
  billingPeriodOf,
  fromEpochDay,
  isIsoDate,
  toEpochDay,
} from '../../src/customers/billing-dates.js';
import { billingChargeId } from '../../src/ids.js';

describe('billing dates', () => {
  it('clamps a month step to the last day of a shorter month', () => {
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addMonths('2026-03-31', 1), '2026-04-30');
    assert.equal(addMonths('2026-12-31', 2), '2027-02-28');
  });

  it('returns to the anchor day after a clamped month instead of drifting', () => {
    let date = '2026-01-31';
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      date = advanceByInterval(date, 'month', 1, 31);
      seen.push(date);
    }
    assert.deepEqual(seen, ['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
  });

  it('keeps a leap-day yearly schedule on Feb 28 in common years and Feb 29 in leap years', () => {
    assert.equal(advanceByInterval('2028-02-29', 'year', 1, 29), '2029-02-28');
    assert.equal(advanceByInterval('2031-02-28', 'year', 1, 29), '2032-02-29');
  });

  it('adds days and weeks across month, year and leap boundaries', () => {
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(advanceByInterval('2026-11-25', 'week', 2), '2026-12-09');
    assert.equal(advanceByInterval('2026-11-25', 'day', 7), '2026-12-02');
  });

  it('converts epoch days both ways exactly for every day of four centuries', () => {
    assert.equal(toEpochDay({ year: 1970, month: 1, day: 1 }), 0);
    const start = toEpochDay({ year: 1900, month: 1, day: 1 });
    for (let day = start; day < start + 146097; day += 1) {
      assert.equal(toEpochDay(fromEpochDay(day)), day);
    }
  });

  it('rejects dates that do not exist', () => {
    for (const bad of [
      '2026-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '26-1-1',
      '2026-01-01T00:00',
    ]) {
      assert.equal(isIsoDate(bad), false, bad);
    }
    assert.throws(() => addMonths('2026-02-30', 1), RangeError);
  });

  it('uses the due date as a period key that fits a billing charge id', () => {
    const period = billingPeriodOf('2026-11-25');
    assert.equal(period, '2026-11-25');
    assert.equal(billingChargeId('s'.repeat(29), period).length, 40);
  });
});
