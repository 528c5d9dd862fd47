/**
 * Runs the `ixopay-temporal` command as a real process, configured for a test stack: the TypeScript sources
 * through tsx, so a dist/ built earlier never stands in for them (test/package/ runs the packed build).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestStack } from './stack.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `input` is written to the command's stdin (closed either way). */
export function runCli(stack: TestStack, args: readonly string[], input = ''): Promise<CliRun> {
  const env = {
    ...process.env,
    APP_MODE: 'development',
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    DATA_DIR: stack.dataDir,
    SESSION_PROOF_SECRETS: stack.sessionProofSecrets.join(','),
    IXOPAY_BASE_URL: stack.simulator.url,
  };
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { env },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}

/** Runs the command with only these variables (plus PATH, HOME and development mode): no test stack needed. */
export function runCliWithEnv(args: readonly string[], vars: Record<string, string>): Promise<CliRun> {
  const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], APP_MODE: 'development', ...vars };
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { env },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}
