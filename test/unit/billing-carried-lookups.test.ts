import { strict as assert } from 'node:assert';
import { CarriedLookupPacer } from '../../src/workflows/billing-carried-lookups.js';

const EVERY = 600_000;

describe('carried-children look-ups (when a billing run looks up the children it carried)', () => {
  it('paced: due 5 s after the start even while the run’s own children keep ending its waits early', () => {
    const pacer = new CarriedLookupPacer('paced', EVERY, 0);
    // Waits for a free slot end after 1 s each (the run's own children): never a timeout.
    const lookups: number[] = [];
    for (let now = 0; now <= 60_000; now += 1_000) {
      if (pacer.due(now, true)) {
        lookups.push(now);
        pacer.lookedUp(now);
      }
    }
    assert.deepEqual(lookups, [5_000, 15_000, 35_000]);
  });

  it('paced: a wait lasts until the next look-up is due, never longer than checkEvery', () => {
    const pacer = new CarriedLookupPacer('paced', EVERY, 0);
    assert.equal(pacer.waitMs(2_000, true), 3_000);
    assert.equal(pacer.waitMs(2_000, false), EVERY, 'nothing carried in flight: the plain check');
    assert.equal(pacer.due(9_000, false), false, 'nothing carried in flight: nothing due');
    pacer.lookedUp(9_000);
    assert.equal(pacer.waitMs(9_000, true), 10_000);
    for (let i = 0; i < 12; i++) pacer.lookedUp(0);
    assert.equal(pacer.waitMs(0, true), EVERY, 'the pause stops growing at checkEvery');
  });

  it('on-timeout (the first patch): only waits that time out look up, 5 s doubling; none are ever due', () => {
    const pacer = new CarriedLookupPacer('on-timeout', 20_000, 0);
    assert.deepEqual(
      [1, 2, 3, 4].map(() => pacer.waitMs(0, true)),
      [5_000, 10_000, 20_000, 20_000],
    );
    assert.equal(pacer.due(1e9, true), false);
    assert.equal(pacer.waitMs(0, false), 20_000);
  });

  it('every-check (no patch): checkEvery whatever is carried', () => {
    const pacer = new CarriedLookupPacer('every-check', EVERY, 0);
    assert.equal(pacer.waitMs(0, true), EVERY);
    assert.equal(pacer.due(1e9, true), false);
  });
});
