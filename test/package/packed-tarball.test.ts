/**
 * The package as a backend team gets it: `npm pack` (which builds dist/), the tarball installed into a fresh
 * project under the OS temp dir, a strict TypeScript backend there type-checked against the package's types and
 * run against the dev server and the simulator: it runs the payments worker in-process and charges a customer.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { DEV_PAYLOAD_KEYS } from '../../src/codec/index.js';
import { openCustomerStore } from '../../src/customers/index.js';
import { SIMULATOR_DEFAULTS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { devServer } from '../helpers/temporal.js';
import { writeBackendProject } from './backend-project.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** `timeoutMs`: the process is killed then (it never outlives its test). */
function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env = process.env,
  timeoutMs = 600_000,
): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const options = { cwd, env, maxBuffer: 64 << 20, timeout: timeoutMs, killSignal: 'SIGKILL' as const };
    execFile(command, args, options, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed:\n${stdout}\n${stderr}`.slice(-6000)));
      else resolve({ stdout, stderr, ms: Date.now() - started });
    });
  });
}

interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly { readonly path: string }[];
}

describe('the packed package in a fresh project', function () {
  this.timeout(120_000);
  let work: string;
  let project: string;
  let packed: PackResult;

  before(async function () {
    this.timeout(900_000);
    work = mkdtempSync(join(tmpdir(), 'ixopay-package-'));
    project = join(work, 'backend');
    mkdirSync(project);
    // prepack runs npm run build: dist/ from scratch, the workflow bundle included.
    const pack = await run(NPM, ['pack', '--json', '--pack-destination', work], ROOT);
    packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as PackResult[])[0]!;
    writeBackendProject(project, join(ROOT, 'node_modules', '@types'));
    // --ignore-scripts: better-sqlite3 would compile its addon from source (no prebuilt download offline),
    // minutes on a small machine; the repository's build of the same version for the same Node is copied instead.
    const install = await run(
      NPM,
      [
        'install',
        join(work, packed.filename),
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--ignore-scripts',
      ],
      project,
    );
    const addon = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    const version = (dir: string): unknown =>
      (
        JSON.parse(readFileSync(join(dir, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as {
          version: unknown;
        }
      ).version;
    assert.equal(version(project), version(ROOT), 'better-sqlite3 differs from the repository');
    mkdirSync(join(project, 'node_modules', 'better-sqlite3', 'build', 'Release'), { recursive: true });
    copyFileSync(join(ROOT, addon), join(project, addon));
    console.log(
      `      npm pack (with build) ${(pack.ms / 1000).toFixed(1)} s: ${(packed.size / 1024).toFixed(0)} KiB ` +
        `packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${packed.files.length} files; ` +
        `npm install of the tarball ${(install.ms / 1000).toFixed(1)} s`,
    );
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the build and the command only: no sources, tests, fixtures, scripts, bench or data', () => {
    const paths = packed.files.map((f) => f.path);
    for (const required of [
      'bin/ixopay-temporal.js',
      'dist/workflow-bundle.js',
      'dist/codec/failure-converter.cjs',
      'dist/package/index.js',
      'dist/package/index.d.ts',
      'dist/package/worker.d.ts',
      'dist/package/codec.d.ts',
      'dist/cli/main.js',
    ])
      assert.ok(paths.includes(required), `${required} is missing from the tarball`);
    const stray = paths.filter((p) =>
      /^(src|test|scripts|bench|deploy|docs|\.data|\.tools|node_modules)\//.test(p),
    );
    assert.deepEqual(stray, []);
  });

  it('installs without the TypeScript runner and without setting up a Temporal server', () => {
    assert.ok(existsSync(join(project, 'node_modules', 'ixopay-temporal', 'dist', 'workflow-bundle.js')));
    assert.ok(!existsSync(join(project, 'node_modules', 'tsx')), 'tsx was installed for a consumer');
    assert.ok(!existsSync(join(project, 'node_modules', 'ixopay-temporal', '.tools')));
  });

  it('type-checks a strict TypeScript backend against the package types', async () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--strict'], project);
    assert.ok(existsSync(join(project, 'out', 'backend.js')));
  });

  it('runs the command from the compiled build', async () => {
    const bin = join(project, 'node_modules', 'ixopay-temporal', 'bin', 'ixopay-temporal.js');
    const { stdout } = await run(process.execPath, [bin, '--help'], project);
    assert.match(stdout, /Usage: ixopay-temporal <command>/);
  });

  describe('on the dev server and the simulator', () => {
    let simulator: Simulator;
    before(async () => {
      simulator = await startSimulator({ ...SIMULATOR_DEFAULTS, port: 0 });
    });
    after(async () => {
      await simulator?.stop();
    });

    it('runs the worker in-process, charges a seeded customer and reads the status', async () => {
      const server = await devServer();
      const customerId = `cust-${randomBytes(5).toString('hex')}`;
      const customerDb = join(project, 'customers.sqlite');
      const store = await openCustomerStore({ file: customerDb });
      try {
        await store.addCustomer({ id: customerId, email: `${customerId}@example.org`, status: 'active' });
        await store.grantMandate(customerId, { reference: `m-${customerId}` });
      } finally {
        await store.close();
      }
      const { stdout } = await run(
        process.execPath,
        [join('out', 'backend.js')],
        project,
        {
          PATH: process.env['PATH'],
          HOME: process.env['HOME'],
          TEMPORAL_ADDRESS: server.address,
          TASK_QUEUE: `package-${randomBytes(4).toString('hex')}`,
          PAYLOAD_KEYS: DEV_PAYLOAD_KEYS,
          CUSTOMER_ID: customerId,
          CUSTOMER_DB: customerDb,
          REPORT_DIR: join(project, 'reports'),
          IXOPAY_BASE_URL: simulator.url,
          IXOPAY_API_KEY: SIMULATOR_DEFAULTS.apiKey,
          IXOPAY_USERNAME: SIMULATOR_DEFAULTS.username,
          IXOPAY_PASSWORD: SIMULATOR_DEFAULTS.password,
          IXOPAY_SHARED_SECRET: SIMULATOR_DEFAULTS.sharedSecret,
          WEBHOOK_PUBLIC_URL: 'http://127.0.0.1:9',
        },
        90_000,
      );
      const seen = JSON.parse(stdout.trim().split('\n').pop()!) as {
        registration: string;
        result: { status: string; uuid?: string; amountMinor: number; currency: string };
        status: string;
        workflowStatus: string;
        refused?: string;
        encoding?: string;
      };
      assert.equal(seen.registration, 'succeeded');
      assert.equal(seen.result.status, 'succeeded');
      assert.equal(seen.result.amountMinor, 1999);
      assert.equal(seen.result.currency, 'EUR');
      assert.equal(seen.status, 'succeeded');
      assert.equal(seen.refused, 'amountMinor');
      assert.equal(seen.encoding, 'binary/encrypted');
      const debits = simulator.ledger.entriesFor(`c.order-${customerId}.`);
      assert.equal(debits.length, 1);
      assert.equal(debits[0]!.uuid, seen.result.uuid);
    });
  });
});
