/** Spawns `ixopay-temporal` the way test/helpers/cli.ts does, with no Temporal server, and times it. */
import { execFile } from 'node:child_process';
import { pathToFileURL, fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('./source-entry.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROBE = pathToFileURL(fileURLToPath(new URL('./startup-probe.ts', import.meta.url))).href;

/** An address in a blackhole range: a connection attempt would hang until its deadline, never answer. */
export const NO_TEMPORAL = '10.255.255.1:7233';

export interface TimedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function spawnTimed(args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<TimedRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [...args], { env, cwd }, (error, stdout, stderr) => {
      resolve({
        code: error ? ((error as { code?: number }).code ?? 1) : 0,
        stdout,
        stderr,
        ms: performance.now() - started,
      });
    });
    child.stdin?.end();
  });
}

/** Production mode (no APP_MODE) and no secrets: anything that loads the configuration fails. */
export function runBare(args: readonly string[], vars: Record<string, string> = {}): Promise<TimedRun> {
  return spawnTimed([BIN, ...args], {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    TEMPORAL_ADDRESS: NO_TEMPORAL,
    ...vars,
  });
}

/** The start-up alone (best of `tries`): node with tsx registered, as bin/ixopay-temporal.js does, importing an empty module. */
export async function startupMs(tries = 3): Promise<number> {
  const script =
    `const { register } = await import('tsx/esm/api'); register(); ` +
    `await import(${JSON.stringify(PROBE)});`;
  const runs: number[] = [];
  for (let i = 0; i < tries; i++) {
    const run = await spawnTimed(['--input-type=module', '-e', script], { PATH: process.env['PATH'] }, ROOT);
    if (run.code !== 0) throw new Error(run.stderr);
    runs.push(run.ms);
  }
  return Math.min(...runs);
}
