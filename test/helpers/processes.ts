/**
 * Real OS processes for crash tests and the chaos soak: the worker and the webhook run as `ixopay-temporal
 * worker|webhook` children configured by environment, exactly as in production, and are killed with SIGKILL;
 * the Temporal dev server runs on a SQLite file and is killed and restarted on the same file and port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { SIMULATOR_DEFAULTS } from '../../src/simulator/index.js';
import { startDevServer, type DevServer } from '../../src/embedded/dev-server.js';
import { freePort } from '../../src/embedded/free-port.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'src', 'cli', 'main.ts');

export interface ServiceEnv {
  readonly temporalAddress: string;
  readonly taskQueue: string;
  readonly simulatorUrl: string;
  /** Base URL of the webhook receiver (the gateway posts to it + /ixopay/callback). */
  readonly webhookUrl: string;
  readonly webhookPort: number;
  readonly dataDir: string;
  readonly workflowBundle: string;
  readonly sessionProofSecret?: string;
  /** More variables, e.g. WORKER_VERSIONING and WORKER_BUILD_ID for a versioned worker. */
  readonly extraEnv?: Readonly<Record<string, string>>;
}

function envFor(s: ServiceEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    APP_MODE: 'development',
    TEMPORAL_ADDRESS: s.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: s.taskQueue,
    IXOPAY_BASE_URL: s.simulatorUrl,
    IXOPAY_API_KEY: SIMULATOR_DEFAULTS.apiKey,
    IXOPAY_USERNAME: SIMULATOR_DEFAULTS.username,
    IXOPAY_PASSWORD: SIMULATOR_DEFAULTS.password,
    IXOPAY_PASSWORD_MODE: 'hashed',
    IXOPAY_SHARED_SECRET: SIMULATOR_DEFAULTS.sharedSecret,
    IXOPAY_TIMEOUT_MS: '3000',
    WEBHOOK_HOST: '127.0.0.1',
    WEBHOOK_PORT: String(s.webhookPort),
    WEBHOOK_PUBLIC_URL: s.webhookUrl,
    DATA_DIR: s.dataDir,
    WORKFLOW_BUNDLE: s.workflowBundle,
    SESSION_PROOF_SECRETS: s.sessionProofSecret ?? 'dev-session-secret',
    ...s.extraEnv,
  };
}

/** One service process; `kill()` is SIGKILL (no shutdown hooks run), `start()` starts a fresh one. */
export class ServiceProcess {
  child: ChildProcess | undefined;
  output = '';
  starts = 0;
  kills = 0;

  constructor(
    readonly command: 'worker' | 'webhook',
    private readonly env: ServiceEnv,
    private readonly readyLine: RegExp,
  ) {}

  /** Starts the process and waits for its ready line; one that exits while starting (e.g. the Temporal server is
   * down at that moment) is started again until the deadline. */
  async start(timeoutMs = 180_000): Promise<void> {
    if (this.child) return;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const failure = await this.#startOnce(deadline);
      if (!failure) return;
      if (Date.now() > deadline) throw new Error(`${this.command} did not start:\n${failure.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /** undefined when started; the output of a process that exited while starting otherwise. */
  async #startOnce(deadline: number): Promise<string | undefined> {
    this.output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, this.command], {
      cwd: ROOT,
      env: envFor(this.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    while (!this.readyLine.test(this.output)) {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.child = undefined;
        return this.output || `${this.command} exited with ${child.exitCode ?? child.signalCode}`;
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        this.child = undefined;
        return this.output || `${this.command} did not print its ready line`;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    this.output = '';
    return undefined;
  }

  /** SIGKILL: the process dies mid-whatever, as in a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.kills++;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    this.child = undefined;
  }

  get running(): boolean {
    return this.child !== undefined;
  }
}

export function workerProcess(env: ServiceEnv): ServiceProcess {
  return new ServiceProcess('worker', env, /"worker started"/);
}

export function webhookProcess(env: ServiceEnv): ServiceProcess {
  return new ServiceProcess('webhook', env, /"webhook listening"/);
}

/** Writes the workflow bundle once to a file that worker processes load (no bundling at each start). */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: join(ROOT, 'src', 'workflows', 'index.ts'),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
  });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'workflow-bundle.js');
  writeFileSync(file, code);
  return file;
}

/** A Temporal server a crash test can SIGKILL and bring back on the same state. */
export interface KillableServer {
  readonly address: string;
  readonly kills: number;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real cluster of scripts/cluster (TEMPORAL_TEST_ADDRESS): a kill SIGKILLs its history and frontend services
 * (their state is in PostgreSQL); a restart runs scripts/cluster/start.sh, which starts what is missing.
 */
export class ClusterServer implements KillableServer {
  kills = 0;
  constructor(readonly address: string) {}

  async kill(): Promise<void> {
    this.kills++;
    for (const service of ['history', 'frontend']) {
      const file = join(ROOT, '.tools', 'cluster', `${service}.pid`);
      const pid = Number(readFileSync(file, 'utf8').trim());
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      while (alive(pid)) await new Promise((r) => setTimeout(r, 50));
    }
  }

  async restart(): Promise<void> {
    const port = this.address.split(':').pop()!;
    const child = spawn('bash', [join(ROOT, 'scripts', 'cluster', 'start.sh')], {
      cwd: ROOT,
      env: { ...process.env, CLUSTER_FRONTEND_PORT: port },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`scripts/cluster/start.sh exited with ${code}:\n${err}`);
  }

  async stop(): Promise<void> {
    // The cluster outlives the test; scripts/cluster/stop.sh stops it.
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The server crash tests use: the cluster when TEMPORAL_TEST_ADDRESS names one, else a dev server of their own. */
export async function killableServer(dataDir: string): Promise<KillableServer> {
  const address = process.env['TEMPORAL_TEST_ADDRESS'];
  return address ? new ClusterServer(address) : RestartableDevServer.start(dataDir);
}

/** A dev server of its own on a SQLite file, which can be SIGKILLed and restarted on the same file and port. */
export class RestartableDevServer implements KillableServer {
  server: DevServer | undefined;
  kills = 0;
  private constructor(
    readonly dbFile: string,
    readonly port: number,
  ) {}

  static async start(dataDir: string): Promise<RestartableDevServer> {
    const s = new RestartableDevServer(join(dataDir, 'temporal.sqlite'), await freePort());
    await s.restart();
    return s;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    if (this.server) return;
    this.server = await startDevServer({ dbFile: this.dbFile, port: this.port, uiPort: false });
  }

  async kill(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.kills++;
    const exited = new Promise((r) => server.process.once('exit', r));
    server.process.kill('SIGKILL');
    await exited;
    this.server = undefined;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }
}

export { freePort };
