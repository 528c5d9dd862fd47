/**
 * The V8 CPU profiler inside a bench worker process, switched on and off by the driver over the IPC channel
 * (bench/processes.ts) so that only the timed part of a scenario is profiled, not start-up or bundling.
 * The SDK runs workflow code in worker threads: each thread's isolate is profiled too, through the inspector's
 * NodeWorker domain, and written to its own file next to the main thread's.
 *
 * Messages: `{ profile: 'start' }` → `{ profile: 'started' }`; `{ profile: 'stop', file }` → profiles written
 * to `<file>.main.cpuprofile`, `<file>.thread-N.cpuprofile`, answered `{ profile: 'stopped', files }`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

interface ThreadSession {
  readonly sessionId: string;
  readonly title: string;
}

type Pending = Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>;

class ProcessProfiler {
  readonly #session = new Session();
  readonly #threads = new Map<string, ThreadSession>();
  readonly #pending: Pending = new Map();
  #nextId = 1;

  constructor() {
    this.#session.connect();
    this.#session.on('NodeWorker.attachedToWorker', (message) => {
      const params = message.params as unknown as { sessionId: string; workerInfo: { title: string } };
      this.#threads.set(params.sessionId, { sessionId: params.sessionId, title: params.workerInfo.title });
    });
    this.#session.on('NodeWorker.detachedFromWorker', (message) => {
      this.#threads.delete(message.params.sessionId);
    });
    this.#session.on('NodeWorker.receivedMessageFromWorker', (message) => {
      const params = message.params as { message: string };
      const reply = JSON.parse(params.message) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      const waiting = reply.id === undefined ? undefined : this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id!);
      if (reply.error) waiting.reject(new Error(reply.error.message));
      else waiting.resolve(reply.result);
    });
  }

  #post(method: string, params?: object): Promise<unknown> {
    return new Promise((resolve, reject) =>
      this.#session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))),
    );
  }

  #postToThread(sessionId: string, method: string, params?: object): Promise<unknown> {
    const id = this.#nextId++;
    const answer = new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    void this.#post('NodeWorker.sendMessageToWorker', {
      sessionId,
      message: JSON.stringify({ id, method, params: params ?? {} }),
    });
    return answer;
  }

  async start(): Promise<void> {
    await this.#post('NodeWorker.enable', { waitForDebuggerOnStart: false });
    // attachedToWorker arrives for the threads already running; give the events a moment
    await new Promise((r) => setTimeout(r, 200));
    await this.#post('Profiler.enable');
    await this.#post('Profiler.setSamplingInterval', { interval: 500 });
    await this.#post('Profiler.start');
    for (const t of this.#threads.values()) {
      await this.#postToThread(t.sessionId, 'Profiler.enable');
      await this.#postToThread(t.sessionId, 'Profiler.setSamplingInterval', { interval: 500 });
      await this.#postToThread(t.sessionId, 'Profiler.start');
    }
  }

  async stop(file: string): Promise<string[]> {
    const files: string[] = [];
    const main = (await this.#post('Profiler.stop')) as { profile: unknown };
    writeFileSync(`${file}.main.cpuprofile`, JSON.stringify(main.profile));
    files.push(`${file}.main.cpuprofile`);
    let i = 0;
    for (const t of this.#threads.values()) {
      const r = (await this.#postToThread(t.sessionId, 'Profiler.stop')) as { profile: unknown };
      const name = `${file}.thread-${++i}.cpuprofile`;
      writeFileSync(name, JSON.stringify(r.profile));
      files.push(name);
    }
    return files;
  }
}

/** Listens for the driver's profile messages; a no-op without an IPC channel. */
export function installProfilerAgent(): void {
  if (!process.send) return;
  let profiler: ProcessProfiler | undefined;
  process.on('message', (raw: unknown) => {
    const message = raw as { profile?: string; file?: string };
    if (message.profile === 'start') {
      profiler ??= new ProcessProfiler();
      profiler.start().then(
        () => process.send!({ profile: 'started' }),
        (err: Error) => process.send!({ profile: 'error', error: err.message }),
      );
    } else if (message.profile === 'stop' && profiler && message.file) {
      profiler.stop(message.file).then(
        (files) => process.send!({ profile: 'stopped', files }),
        (err: Error) => process.send!({ profile: 'error', error: err.message }),
      );
    }
  });
  // the IPC channel must not keep the process alive on its own
  process.channel?.unref();
}
