import { strict as assert } from 'node:assert';
import { parseSimulatorArgs, runSimulatorCli } from '../../../src/simulator/cli.js';
import { parseEventArgs } from '../../../src/simulator/event-cli.js';
import type { Simulator } from '../../../src/simulator/index.js';
import { debitBody, sim, transaction } from './support.js';

describe('simulator CLI', () => {
  it('parses flags into simulator options', () => {
    const { options, help } = parseSimulatorArgs([
      '--port=0',
      '--api-key',
      'k',
      '--require-signature',
      '--rate-5xx',
      '0.1',
      '--callback-drop-rate=0.5',
      '--ambiguous-mode',
      'hang',
      '--seed',
      '9',
      '--state-file',
      '/tmp/x.json',
    ]);
    assert.equal(help, false);
    assert.equal(options.port, 0);
    assert.equal(options.apiKey, 'k');
    assert.equal(options.requireSignature, true);
    assert.equal(options.seed, 9);
    assert.equal(options.stateFile, '/tmp/x.json');
    assert.deepEqual(options.faults, { rate5xx: 0.1, ambiguousMode: 'hang', callbackDropRate: 0.5 });
  });

  it('prints usage on --help and rejects bad values with exit code 2', async () => {
    let out = '';
    assert.equal(await runSimulatorCli(['--help'], { out: (t) => (out += t) }), 0);
    assert.match(out, /--callback-duplicate-rate/);
    assert.equal(await runSimulatorCli(['--rate-429', '2'], { out: () => undefined }), 2);
  });

  it('serves until aborted, then stops', async () => {
    const controller = new AbortController();
    let started: Simulator | undefined;
    const run = runSimulatorCli(['--port', '0', '--quiet'], {
      out: () => undefined,
      signal: controller.signal,
      onStarted: (sim) => {
        started = sim;
      },
    });
    while (!started) await new Promise((done) => setTimeout(done, 10));
    const health = await fetch(`${started.url}/simulator/health`);
    assert.equal(health.status, 200);
    controller.abort();
    assert.equal(await run, 0);
    await assert.rejects(fetch(`${started.url}/simulator/health`));
  });

  it('parses the late-settle flags', () => {
    const { options } = parseSimulatorArgs([
      '--late-settle-rate',
      '0.2',
      '--late-settle-after-ms=500',
      '--late-settle-reply',
      'pending',
    ]);
    assert.deepEqual(options.faults, {
      lateSettleRate: 0.2,
      lateSettleAfterMs: 500,
      lateSettleReply: 'pending',
    });
    assert.throws(() => parseSimulatorArgs(['--late-settle-reply', 'later']), { name: 'SimulatorCliError' });
  });

  describe('event', () => {
    const run = async (argv: string[]): Promise<{ code: number; out: string }> => {
      let out = '';
      const code = await runSimulatorCli(['event', ...argv], { out: (t) => (out += t) });
      return { code, out };
    };

    it('validates its input: usage errors exit 2, --help exits 0', async () => {
      assert.equal((await run(['--help'])).code, 0);
      assert.match((await run(['--help'])).out, /chargeback-reversal/);
      for (const argv of [
        [],
        ['dispute', '--merchant-transaction-id', 'x'],
        ['chargeback'],
        ['chargeback', '--merchant-transaction-id', 'x', '--uuid', 'y'],
        ['chargeback', '--merchant-transaction-id', 'x', '--amount', '12,34'],
        ['chargeback', '--merchant-transaction-id', 'x', '--simulator-url', 'ftp://h'],
        ['chargeback', '--merchant-transaction-id', 'x', '--chargeback-uuid', 'c'],
        ['chargeback-reversal', '--uuid', 'y'],
        ['late-settle', '--uuid', 'y', '--amount', '1'],
        ['refund', '--merchant-transaction-id', 'x', '--bogus'],
      ]) {
        assert.equal((await run(argv)).code, 2, argv.join(' '));
      }
      assert.deepEqual(
        parseEventArgs([
          'chargeback',
          '--simulator-url',
          'http://h:1/base',
          '--merchant-transaction-id',
          'c.o.d1',
          '--amount',
          '1.50',
          '--reason',
          'Fraud',
        ]),
        {
          kind: 'chargeback',
          url: 'http://h:1/base/simulator/events/chargeback',
          body: { merchantTransactionId: 'c.o.d1', amount: '1.50', reason: 'Fraud' },
        },
      );
    });

    it('sends a chargeback to a running simulator (exit 0), a refused one exits 1, an unreachable one exits 1', async () => {
      const s = await sim();
      try {
        const body = debitBody({ merchantTransactionId: 'c.cli-order.d1', amount: '12.34' });
        await transaction(s, 'debit', body);
        const url = ['--simulator-url', s.url];
        const ok = await run([
          'chargeback',
          ...url,
          '--merchant-transaction-id',
          'c.cli-order.d1',
          '--amount',
          '2.34',
        ]);
        assert.equal(ok.code, 0);
        const printed = JSON.parse(ok.out) as { transactionType: string; uuid: string; amount: string };
        assert.deepEqual([printed.transactionType, printed.amount], ['CHARGEBACK', '2.34']);
        assert.equal(s.ledger.get(printed.uuid)?.type, 'CHARGEBACK');
        const refused = await run(['chargeback', ...url, '--merchant-transaction-id', 'c.unknown.d1']);
        assert.equal(refused.code, 1);
        assert.match(refused.out, /unknown-transaction/);
      } finally {
        await s.stop();
      }
      const down = await run(['refund', '--simulator-url', 'http://127.0.0.1:9', '--uuid', 'x']);
      assert.equal(down.code, 1);
    });
  });
});
