/**
 * The documented exit codes for invalid input (docs/cli.md): 2, decided before anything connects (the Temporal
 * address is a blackhole, so a connection attempt would end in 1 after its deadline). And when a connection is
 * needed and fails: 1, naming the address it tried.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBare } from './run.js';

const charge = (id: string, amount = '12.34', currency = 'EUR', ...more: string[]): string[] => [
  'charge',
  '--charge-id',
  id,
  '--customer',
  'cust-1',
  '--amount',
  amount,
  '--currency',
  currency,
  ...more,
];

/** argv → the exit code docs/cli.md documents for it. */
const INVALID: readonly (readonly [string, readonly string[]])[] = [
  ['no command', []],
  ['unknown command', ['frobnicate']],
  ['group without a subcommand', ['customers']],
  ['unknown subcommand', ['billing', 'frob']],
  ['unknown option', ['status', 'abc', '--bogus']],
  ['customers add without --id', ['customers', 'add', '--email', 'a@b.c']],
  ['customers add with a malformed id', ['customers', 'add', '--id', 'a b', '--email', 'a@b.c']],
  ['customers list --limit x', ['customers', 'list', '--limit', 'x']],
  ['customers proof --ttl 0', ['customers', 'proof', '--id', 'c1', '--charge-id', 'o1', '--ttl', '0']],
  [
    'subscriptions add --every x',
    [
      'subscriptions',
      'add',
      '--id',
      's1',
      '--customer',
      'c1',
      '--amount',
      '9.99',
      '--currency',
      'EUR',
      '--every',
      'x',
    ],
  ],
  [
    'subscriptions add --interval fortnight',
    [
      'subscriptions',
      'add',
      '--id',
      's1',
      '--customer',
      'c1',
      '--amount',
      '9.99',
      '--currency',
      'EUR',
      '--interval',
      'fortnight',
    ],
  ],
  [
    'subscriptions add --next 2026-02-30',
    [
      'subscriptions',
      'add',
      '--id',
      's1',
      '--customer',
      'c1',
      '--amount',
      '9.99',
      '--currency',
      'EUR',
      '--next',
      '2026-02-30',
    ],
  ],
  ['charge with a malformed --charge-id', charge('ord/1')],
  ['charge with too many decimals', charge('ord-1', '12.345')],
  ['charge with an unknown currency', charge('ord-1', '1.00', 'XYZ')],
  ['charge --timeout 0', charge('ord-1', '1.00', 'EUR', '--timeout', '0')],
  ['charge --timeout with --no-wait', charge('ord-1', '1.00', 'EUR', '--timeout', '5', '--no-wait')],
  ['charge --initiator robot', charge('ord-1', '1.00', 'EUR', '--initiator', 'robot')],
  [
    'charge by the customer without a session proof',
    charge('ord-1', '1.00', 'EUR', '--initiator', 'customer'),
  ],
  ['charge refund of a malformed id', ['charge', 'refund', 'x/y']],
  ['charge refund --amount -1', ['charge', 'refund', 'ord-1', '--amount=-1']],
  ['charge void --amount', ['charge', 'void', 'ord-1', '--amount', '1']],
  ['charge capture without an id', ['charge', 'capture']],
  ['register --kind bogus', ['register', '--registration-id', 'r1', '--customer', 'c1', '--kind', 'bogus']],
  ['status without an id', ['status']],
  ['status of a malformed id', ['status', 'bad/id']],
  ['status of a malformed workflow id', ['status', 'charge-bad/id']],
  ['status with two ids', ['status', 'a', 'b']],
  ['profiles delete without --yes', ['profiles', 'delete', 'cust-1']],
  ['profiles show of a malformed id', ['profiles', 'show', 'a/b']],
  ['billing run without --run-id', ['billing', 'run']],
  ['billing run --date 2026-02-30', ['billing', 'run', '--run-id', 'r1', '--date', '2026-02-30']],
  ['billing run --concurrency 0', ['billing', 'run', '--run-id', 'r1', '--concurrency', '0']],
  ['billing run --gateway-calls remote', ['billing', 'run', '--run-id', 'r1', '--gateway-calls', 'remote']],
  ['billing status of a malformed id', ['billing', 'status', 'a/b']],
  ['billing schedule create --every x', ['billing', 'schedule', 'create', '--id', 's1', '--every', 'x']],
  [
    'billing schedule create with --cron and --every',
    ['billing', 'schedule', 'create', '--id', 's1', '--every', '1h', '--cron', '0 2 * * *'],
  ],
  ['billing schedule pause without an id', ['billing', 'schedule', 'pause']],
  [
    'billing schedule create with an id too long for its runs',
    ['billing', 'schedule', 'create', '--id', 'x'.repeat(23), '--every', '24h'],
  ],
  [
    'billing schedule backfill --from x',
    ['billing', 'schedule', 'backfill', 's1', '--from', 'x', '--to', 'y'],
  ],
  ['simulator --port x', ['simulator', '--port', 'x']],
  ['simulator event bogus', ['simulator', 'event', 'bogus']],
];

describe('ixopay-temporal exit codes with no Temporal server', function () {
  this.timeout(300_000);
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cli-exit-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('invalid input exits 2 everywhere, before connecting, with a message on stderr', async () => {
    const wrong: string[] = [];
    for (const [name, argv] of INVALID) {
      const run = await runBare(argv, { APP_MODE: 'development', DATA_DIR: dataDir });
      if (run.code !== 2 || run.stderr.trim() === '')
        wrong.push(`${name}: exit ${run.code} after ${Math.round(run.ms)} ms; ${run.stderr.split('\n')[0]}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('an invalid configuration exits 2 and names the variable', async () => {
    const run = await runBare(['status', 'abc']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /PAYLOAD_KEYS/);
  });

  it('an unreachable Temporal server exits 1 and names the address it tried', async () => {
    // A port that was free a moment ago: the connection is refused.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as { port: number };
        server.close(() => resolve(p));
      });
    });
    const run = await runBare(['status', 'abc'], {
      APP_MODE: 'development',
      DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
    });
    assert.equal(run.code, 1, run.stderr);
    assert.ok(run.stderr.includes(`127.0.0.1:${port}`), run.stderr);
  });
});
