import { strict as assert } from 'node:assert';
import { parseSimulatorArgs, runSimulatorCli } from '../../src/simulator/cli.js';
import type { Simulator } from '../../src/simulator/index.js';

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
});
