/**
 * Optional JSON persistence: the whole state (transactions, profiles, payment.js tokens) written atomically
 * (temp file + rename), debounced, never per request. Undelivered callbacks are not persisted.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { CardInfo } from './cards.js';
import type { Profile, ProfileStore } from './profiles.js';
import type { StoredTransaction, TransactionStore } from './store.js';

const VERSION = 1;

interface StateFile {
  readonly version: number;
  readonly savedAt: string;
  readonly transactions: StoredTransaction[];
  readonly profiles: Profile[];
  readonly vault: [string, CardInfo][];
}

export interface PersistedState {
  readonly store: TransactionStore;
  readonly profiles: ProfileStore;
  /** Tokens created by /simulator/tokenize (the fixed test tokens are not saved). */
  readonly vault: Map<string, CardInfo>;
  readonly fixedTokens: ReadonlySet<string>;
}

/** Loads a state file into the (empty) stores; a missing file is a fresh start. */
export async function loadState(path: string, state: PersistedState): Promise<number> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const file = JSON.parse(text) as StateFile;
  if (file.version !== VERSION)
    throw new Error(`unsupported simulator state version ${String(file.version)} in ${path}`);
  for (const tx of file.transactions) state.store.insert(tx);
  state.profiles.restore(file.profiles);
  for (const [token, card] of file.vault) state.vault.set(token, card);
  return file.transactions.length;
}

export class StateWriter {
  readonly #path: string;
  readonly #state: PersistedState;
  readonly #debounceMs: number;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #dirty = false;

  constructor(path: string, state: PersistedState, debounceMs: number) {
    this.#path = path;
    this.#state = state;
    this.#debounceMs = debounceMs;
  }

  /** Something changed: write within debounceMs (one write for any number of changes). */
  markDirty(): void {
    this.#dirty = true;
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#debounceMs);
    this.#timer.unref();
  }

  /** Writes now if anything changed; waits for a write already running. */
  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const previous = this.#writing;
    this.#writing = previous.then(async () => {
      if (!this.#dirty) return;
      this.#dirty = false;
      await this.#write();
    });
    await this.#writing;
  }

  async #write(): Promise<void> {
    const file: StateFile = {
      version: VERSION,
      savedAt: new Date().toISOString(),
      transactions: [...this.#state.store.all()],
      profiles: this.#state.profiles.all(),
      vault: [...this.#state.vault].filter(([token]) => !this.#state.fixedTokens.has(token)),
    };
    const tmp = `${this.#path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(file));
    await rename(tmp, this.#path);
  }
}
