/**
 * The benchmark's worker processes: the payment worker (bench/payments-worker.ts: `ixopay-temporal worker`
 * configured by environment as in production, plus the profiler agent and BENCH_WITHOUT) and the floor worker
 * (bench/floor-worker.ts). Separate processes so their CPU time can be read from /proc; an IPC channel each
 * for the CPU profiler (bench/profiler-agent.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIMULATOR_DEFAULTS } from '../src/simulator/index.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface WorkerEnv {
  readonly temporalAddress: string;
  readonly taskQueue: string;
  readonly simulatorUrl: string;
  readonly webhookUrl: string;
  readonly dataDir: string;
  readonly workflowBundle: string;
  readonly logLevel?: string;
  /** Concerns switched off in the bench's worker entry (bench/payments-worker.ts); none by default. */
  readonly without?: readonly string[];
}

export class BenchProcess {
  private output = '';
  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {}

  static async start(
    name: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    ready: RegExp,
    timeoutMs = 120_000,
  ): Promise<BenchProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
      // ipc: the driver switches the worker's CPU profiler on and off (bench/profiler-agent.ts)
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const p = new BenchProcess(name, child);
    const keep = (chunk: Buffer): void => {
      p.output = (p.output + chunk.toString()).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    while (!ready.test(p.output)) {
      if (child.exitCode !== null)
        throw new Error(`${name} exited while starting:\n${p.output.slice(-3000)}`);
      if (Date.now() > deadline) {
        await p.stop();
        throw new Error(`${name} did not start:\n${p.output.slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return p;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Asks the process to do something over IPC and waits for the answer (`profile: started | stopped`). */
  #ask(message: object, answer: string): Promise<{ files?: string[] }> {
    return new Promise((resolve, reject) => {
      const onMessage = (raw: unknown): void => {
        const reply = raw as { profile?: string; files?: string[]; error?: string };
        if (reply.profile !== answer && reply.profile !== 'error') return;
        this.child.off('message', onMessage);
        if (reply.profile === 'error') reject(new Error(`${this.name}: ${reply.error}`));
        else resolve(reply);
      };
      this.child.on('message', onMessage);
      this.child.send(message);
    });
  }

  /** Starts the V8 CPU profiler in the process (main thread and workflow threads). */
  async startProfile(): Promise<void> {
    await this.#ask({ profile: 'start' }, 'started');
  }

  /** Stops it; the .cpuprofile files written, named from `file`. */
  async stopProfile(file: string): Promise<string[]> {
    return (await this.#ask({ profile: 'stop', file }, 'stopped')).files ?? [];
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

export function startPaymentsWorker(name: string, e: WorkerEnv): Promise<BenchProcess> {
  return BenchProcess.start(
    name,
    [join('bench', 'payments-worker.ts')],
    {
      APP_MODE: 'development',
      TEMPORAL_ADDRESS: e.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: e.taskQueue,
      IXOPAY_BASE_URL: e.simulatorUrl,
      IXOPAY_API_KEY: SIMULATOR_DEFAULTS.apiKey,
      IXOPAY_USERNAME: SIMULATOR_DEFAULTS.username,
      IXOPAY_PASSWORD: SIMULATOR_DEFAULTS.password,
      IXOPAY_PASSWORD_MODE: 'hashed',
      IXOPAY_SHARED_SECRET: SIMULATOR_DEFAULTS.sharedSecret,
      IXOPAY_TIMEOUT_MS: '5000',
      WEBHOOK_PUBLIC_URL: e.webhookUrl,
      DATA_DIR: e.dataDir,
      WORKFLOW_BUNDLE: e.workflowBundle,
      SESSION_PROOF_SECRETS: 'dev-session-secret',
      LOG_LEVEL: e.logLevel ?? 'INFO',
      BENCH_WITHOUT: (e.without ?? []).join(','),
    },
    /"worker started"/,
  );
}

export function startFloorWorker(name: string, address: string, concurrency: number): Promise<BenchProcess> {
  return BenchProcess.start(
    name,
    [join('bench', 'floor-worker.ts')],
    { TEMPORAL_ADDRESS: address, FLOOR_CONCURRENCY: String(concurrency) },
    /floor worker started/,
  );
}
