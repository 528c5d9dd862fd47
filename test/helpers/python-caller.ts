/**
 * Runs examples/python-caller against a test stack: the caller worker as a child process, the starter once per
 * charge. Its venv comes from scripts/setup-python-caller.sh (run here too: it does nothing when up to date).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEV_PAYLOAD_KEYS } from '../../src/codec/index.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PYTHON = join(ROOT, '.tools', 'python-caller-venv', 'bin', 'python');
export const CALLER_DIR = join(ROOT, 'examples', 'python-caller');

export async function setupPythonCaller(): Promise<void> {
  await run('bash', [join(ROOT, 'scripts', 'setup-python-caller.sh')], { timeout: 300_000 });
}

/** Runs a Python script of the example; its output is printed to the test log, line by line. */
export async function python(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout, stderr } = await run(PYTHON, [script, ...args], {
    cwd: CALLER_DIR,
    env: { ...process.env, PAYLOAD_KEYS: DEV_PAYLOAD_KEYS, PYTHONDONTWRITEBYTECODE: '1', ...env },
    timeout: 120_000,
  });
  for (const line of `${stderr}${stdout}`.trimEnd().split('\n'))
    console.log(`    [python ${script}] ${line}`);
  return stdout;
}

export interface CallerWorker {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts worker.py and waits for its "polling" line. */
export async function startCallerWorker(args: string[]): Promise<CallerWorker> {
  const child = spawn(PYTHON, ['worker.py', ...args], {
    cwd: CALLER_DIR,
    env: {
      ...process.env,
      PAYLOAD_KEYS: DEV_PAYLOAD_KEYS,
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`worker.py did not start:\n${output}`)), 60_000);
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('caller worker polling')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`worker.py exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
