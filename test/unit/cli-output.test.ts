/** The CLI's pure pieces: ids an operator types, result output with and without tokens, the phase display. */
import { strict as assert } from 'node:assert';
import { businessIdFrom } from '../../src/ids.js';
import { fieldRows, maskedJson } from '../../src/cli/output.js';
import { followPhases, phaseLine, type PhaseView } from '../../src/cli/progress.js';

describe('CLI output and ids', () => {
  it('names a charge by its chargeId or its workflow id charge-<id>', () => {
    assert.equal(businessIdFrom('charge', 'order-1'), 'order-1');
    assert.equal(businessIdFrom('charge', 'charge-order-1'), 'order-1');
    assert.equal(businessIdFrom('charge', 'charge-charge-1'), 'charge-1');
    assert.equal(businessIdFrom('charge', 'bad/id'), undefined);
    assert.equal(businessIdFrom('charge', 'charge-'), undefined);
    assert.equal(businessIdFrom('charge', 'charge-bad/id'), undefined);
    assert.equal(businessIdFrom('register', 'register-r1'), 'r1');
  });

  it('masks payment tokens unless they are asked for', () => {
    const value = { paymentToken: 'pt::abcdefgh1234', nested: { token: 'pt::zzzzyyyy9876' } };
    assert.doesNotMatch(maskedJson(value), /abcdefgh|zzzzyyyy/);
    assert.match(maskedJson(value), /pt::…1234/);
    assert.match(maskedJson(value, true), /pt::abcdefgh1234/);
  });

  it('flattens a result into field rows', () => {
    assert.deepEqual(
      fieldRows({ status: 'succeeded', amountMinor: 1234, error: { code: 2003 }, flags: ['a'] }),
      [
        ['status', 'succeeded'],
        ['amountMinor', '1234'],
        ['error.code', '2003'],
        ['flags', '["a"]'],
      ],
    );
  });

  it('shows each phase change once on a terminal, nothing elsewhere', async () => {
    const phases: PhaseView[] = [
      { phase: 'charging', attempt: 1 },
      { phase: 'charging', attempt: 1 },
      { phase: 'awaiting-callback', attempt: 1 },
      { phase: 'in-dunning', attempt: 1, nextAttemptAt: '2026-12-05T00:00:00Z' },
    ];
    const run = async (isTTY: boolean): Promise<string> => {
      let i = 0;
      let written = '';
      let finish: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (finish = resolve));
      const query = (): Promise<PhaseView> => {
        const p = phases[Math.min(i++, phases.length - 1)]!;
        if (i >= phases.length) setTimeout(finish, 5);
        return Promise.resolve(p);
      };
      await followPhases(query, done, { isTTY, write: (t: string) => ((written += t), true) }, 1);
      return written;
    };
    assert.equal(
      await run(true),
      [
        phaseLine(phases[0]!),
        phaseLine(phases[2]!),
        'phase: in-dunning (attempt 1, next attempt at 2026-12-05T00:00:00Z)',
        '',
      ].join('\n'),
    );
    assert.equal(await run(false), '');
  });
});
