import { strict as assert } from 'node:assert';
import type { InstrumentSummary } from '../../src/contract/domain.js';
import { isExpired, selectToken } from '../../src/workflows/select-token.js';

const now = new Date('2026-11-25T12:00:00Z');
const card = (token: string, extra: Partial<InstrumentSummary> = {}): InstrumentSummary => ({
  paymentToken: token,
  isPreferred: false,
  expiryMonth: 12,
  expiryYear: 2030,
  ...extra,
});

describe('selectToken', () => {
  it('chooses the preferred instrument', () => {
    const choice = selectToken([card('pt::a'), card('pt::b', { isPreferred: true })], now);
    assert.deepEqual(choice.ok && choice.instrument.paymentToken, 'pt::b');
  });

  it('falls back to the first usable instrument when none is preferred', () => {
    const choice = selectToken([card('pt::a', { expiryYear: 2025 }), card('pt::b'), card('pt::c')], now);
    assert.equal(choice.ok && choice.instrument.paymentToken, 'pt::b');
  });

  it('skips an expired preferred card', () => {
    const choice = selectToken(
      [card('pt::old', { isPreferred: true, expiryMonth: 10, expiryYear: 2026 }), card('pt::new')],
      now,
    );
    assert.equal(choice.ok && choice.instrument.paymentToken, 'pt::new');
  });

  it('keeps a card usable through the last day of its expiry month', () => {
    assert.equal(isExpired(card('x', { expiryMonth: 11, expiryYear: 2026 }), now), false);
    assert.equal(isExpired(card('x', { expiryMonth: 10, expiryYear: 2026 }), now), true);
  });

  it('honours a pinned token and refuses an unknown or expired one', () => {
    const list = [card('pt::a', { isPreferred: true }), card('pt::b'), card('pt::x', { expiryYear: 2020 })];
    assert.equal(selectToken(list, now, 'pt::b').ok, true);
    assert.deepEqual(selectToken(list, now, 'pt::zzz'), { ok: false, reason: 'pinned-token-not-found' });
    assert.deepEqual(selectToken(list, now, 'pt::x'), { ok: false, reason: 'pinned-token-expired' });
  });

  it('says why nothing can be charged', () => {
    assert.deepEqual(selectToken([], now), { ok: false, reason: 'no-instruments' });
    assert.deepEqual(selectToken([card('pt::a', { expiryYear: 2020 })], now), {
      ok: false,
      reason: 'no-usable-instrument',
    });
  });

  it('is deterministic: same input, same choice', () => {
    const list = [card('pt::a'), card('pt::b', { isPreferred: true })];
    assert.deepEqual(selectToken(list, now), selectToken([...list], new Date(now)));
  });
});
