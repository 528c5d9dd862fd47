/**
 * Callback delivery: POSTs the signed JSON body to the transaction's callbackUrl and delivers again with
 * exponential backoff until the receiver answers HTTP 200 with the body "OK" (trimmed), as IXOPAY does.
 * Callback faults (drop, lose, duplicate, delay, out-of-order) are applied here.
 */
import { type BodyHashAlgorithm, CONTENT_TYPE_JSON, signedHeaders } from '../gateway/signature.js';
import type { Faults } from './faults.js';
import { callbackBody } from './responses.js';
import type { StoredTransaction } from './store.js';

export interface CallbackRetry {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly maxAttempts: number;
}

export interface CallbackStats {
  readonly enqueued: number;
  readonly delivered: number;
  readonly attempts: number;
  readonly failedAttempts: number;
  /** Gave up after maxAttempts. */
  readonly exhausted: number;
  /** Never delivered because of the "lose" fault. */
  readonly lost: number;
  readonly duplicated: number;
  readonly outstanding: number;
}

export interface CallbackDispatcherOptions {
  readonly sharedSecret: string;
  readonly retry: CallbackRetry;
  readonly faults: Faults;
  readonly timeoutMs: number;
  readonly algorithm: BodyHashAlgorithm;
  readonly log: (line: string) => void;
}

interface Job {
  readonly uuid: string;
  readonly url: URL;
  readonly body: string;
  readonly dropFirst: boolean;
  readonly duplicate: boolean;
  attempts: number;
  state: 'waiting' | 'held' | 'inflight';
  timer?: NodeJS.Timeout;
  inflight?: Promise<void>;
}

export class CallbackDispatcher {
  readonly #o: CallbackDispatcherOptions;
  readonly #jobs = new Set<Job>();
  readonly #held = new Map<string, { jobs: Job[]; timer: NodeJS.Timeout }>();
  readonly #abort = new AbortController();
  readonly #extra = new Set<Promise<void>>();
  #stopped = false;
  #stats = {
    enqueued: 0,
    delivered: 0,
    attempts: 0,
    failedAttempts: 0,
    exhausted: 0,
    lost: 0,
    duplicated: 0,
  };

  constructor(options: CallbackDispatcherOptions) {
    this.#o = options;
  }

  /** Queues the callback for the transaction's current state (no-op without callbackUrl or for REDIRECT). */
  enqueue(tx: StoredTransaction): void {
    if (this.#stopped || tx.callbackUrl === undefined) return;
    const body = callbackBody(tx);
    if (!body) return;
    this.#stats.enqueued++;
    const plan = this.#o.faults.planCallback(tx.type, tx.merchantTransactionId);
    if (plan.lose) {
      this.#stats.lost++;
      this.#o.log(`callback ${tx.uuid} lost (fault)`);
      return;
    }
    const job: Job = {
      uuid: tx.uuid,
      url: new URL(tx.callbackUrl),
      body: JSON.stringify(body),
      dropFirst: plan.dropFirst,
      duplicate: plan.duplicate,
      attempts: 0,
      state: 'waiting',
    };
    this.#jobs.add(job);
    if (plan.outOfOrder) this.#hold(job);
    else this.#schedule(job, plan.delayMs);
  }

  stats(): CallbackStats {
    return { ...this.#stats, outstanding: this.#jobs.size };
  }

  /** Delivers everything outstanding now (no backoff waits, held callbacks last) and resolves when idle. */
  async flush(): Promise<void> {
    while (this.#jobs.size > 0 && !this.#stopped) {
      for (const job of this.#jobs) {
        if (job.state !== 'waiting') continue;
        clearTimeout(job.timer);
        this.#run(job);
      }
      const inflight = [...this.#jobs].flatMap((j) =>
        j.state === 'inflight' && j.inflight ? [j.inflight] : [],
      );
      if (inflight.length === 0) {
        for (const uuid of [...this.#held.keys()]) this.#release(uuid);
        continue;
      }
      await Promise.all(inflight);
    }
    await Promise.all(this.#extra);
  }

  /** Stops timers and aborts deliveries in flight. */
  stop(): void {
    this.#stopped = true;
    this.#abort.abort();
    for (const job of this.#jobs) clearTimeout(job.timer);
    for (const h of this.#held.values()) clearTimeout(h.timer);
    this.#jobs.clear();
    this.#held.clear();
  }

  #hold(job: Job): void {
    job.state = 'held';
    let entry = this.#held.get(job.uuid);
    if (!entry) {
      const timer = setTimeout(() => this.#release(job.uuid), this.#o.faults.get().callbackHoldMs);
      timer.unref();
      entry = { jobs: [], timer };
      this.#held.set(job.uuid, entry);
    }
    entry.jobs.push(job);
  }

  #release(uuid: string): void {
    const entry = this.#held.get(uuid);
    if (!entry) return;
    this.#held.delete(uuid);
    clearTimeout(entry.timer);
    for (const job of entry.jobs) this.#schedule(job, 0);
  }

  #schedule(job: Job, delayMs: number): void {
    if (this.#stopped) return;
    job.state = 'waiting';
    job.timer = setTimeout(() => this.#run(job), delayMs);
    job.timer.unref();
  }

  #run(job: Job): void {
    job.state = 'inflight';
    job.inflight = this.#attempt(job);
  }

  async #attempt(job: Job): Promise<void> {
    job.attempts++;
    this.#stats.attempts++;
    const dropped = job.dropFirst && job.attempts === 1;
    const ok = dropped ? false : await this.#send(job);
    if (job.attempts === 1) this.#release(job.uuid);
    if (this.#stopped) return;
    if (ok) {
      this.#stats.delivered++;
      this.#jobs.delete(job);
      if (job.duplicate) {
        this.#stats.duplicated++;
        const extra = this.#send(job).then(() => undefined);
        this.#extra.add(extra);
        void extra.finally(() => this.#extra.delete(extra));
      }
      return;
    }
    this.#stats.failedAttempts++;
    this.#o.log(`callback ${job.uuid} attempt ${job.attempts} ${dropped ? 'dropped (fault)' : 'failed'}`);
    const { initialMs, maxMs, maxAttempts } = this.#o.retry;
    if (job.attempts >= maxAttempts) {
      this.#stats.exhausted++;
      this.#jobs.delete(job);
      return;
    }
    this.#schedule(job, Math.min(maxMs, initialMs * 2 ** (job.attempts - 1)));
  }

  /** One POST, signed afresh (a new Date per attempt, as a redelivery is a new request). */
  async #send(job: Job): Promise<boolean> {
    const headers = signedHeaders(
      this.#o.sharedSecret,
      {
        method: 'POST',
        body: job.body,
        contentType: CONTENT_TYPE_JSON,
        requestUri: job.url.pathname + job.url.search,
      },
      { algorithm: this.#o.algorithm },
    );
    try {
      const res = await fetch(job.url, {
        method: 'POST',
        headers: { 'Content-Type': CONTENT_TYPE_JSON, ...headers },
        body: job.body,
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.#o.timeoutMs)]),
      });
      const text = await res.text();
      return res.status === 200 && text.trim() === 'OK';
    } catch {
      return false;
    }
  }
}
