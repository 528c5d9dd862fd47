import { strict as assert } from 'node:assert';
import { BenchUsageError, parseBenchArgs } from '../../bench/options.js';

describe('bench command line (checked before anything starts)', () => {
  it('--help is usage, not a run', () => {
    assert.equal(parseBenchArgs(['--help']), undefined);
  });

  it('an unknown scenario is an error naming the known ones, not silently dropped', () => {
    assert.throws(
      () => parseBenchArgs(['--scenarios', 'direct,dierct']),
      (err: unknown) =>
        err instanceof BenchUsageError && /dierct/.test(err.message) && /billing/.test(err.message),
    );
  });

  it('unknown options and malformed numbers are usage errors', () => {
    for (const args of [['--bogus'], ['--n', 'x'], ['--workers', '1,0'], ['--target', 'cloud']])
      assert.throws(() => parseBenchArgs(args), BenchUsageError, args.join(' '));
  });

  it('keeps the scenarios in their run order', () => {
    assert.deepEqual(parseBenchArgs(['--scenarios', 'billing,plain'])?.scenarios, ['plain', 'billing']);
  });
});

describe('bench --without and --profile', () => {
  it('one more run per concern, and one with all of them for "all"', () => {
    const options = parseBenchArgs(['--without', 'otel,codec,all', '--profile']);
    assert.deepEqual(options?.without, [['otel'], ['codec'], ['otel', 'codec', 'log', 'sinks']]);
    assert.equal(options?.profile, true);
    assert.deepEqual(parseBenchArgs([])?.without, []);
  });

  it('an unknown concern is a usage error, not a concern left on', () => {
    assert.throws(() => parseBenchArgs(['--without', 'otel,tracing']), BenchUsageError);
  });
});
