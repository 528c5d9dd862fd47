/**
 * IXOPAY gateway simulator: same routes, field names, error shapes and signatures as the real gateway, plus
 * test triggers, fault injection, a ledger of everything committed and optional persistence.
 * See README.md in this folder for the trigger table and the decisions taken where IXOPAY's docs are silent.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { BodyHashAlgorithm } from '../gateway/signature.js';
import { Authenticator } from './auth.js';
import { SIMULATOR_DEFAULTS } from './defaults.js';
import { CallbackDispatcher, type CallbackRetry, type CallbackStats } from './callbacks.js';
import { cardFromRaw, fixedTestTokens, type RawCard } from './cards.js';
import { Completion, type CompletionOutcome, SimulatorStateError } from './completion.js';
import type { EngineContext } from './context.js';
import {
  type BackOfficeRefundInput,
  type ChargebackInput,
  type ChargebackReversalInput,
  GatewayEvents,
  type OriginalSelector,
} from './events.js';
import { type FaultSettings, Faults } from './faults.js';
import { Ledger, type LedgerEntry, toLedgerEntry } from './ledger.js';
import { loadState, StateWriter } from './persistence.js';
import { createPrng } from './prng.js';
import { ProfileStore } from './profiles.js';
import { createSimulatorServer } from './server.js';
import { TransactionStore } from './store.js';

export type { CallbackRetry, CallbackStats } from './callbacks.js';
export { TEST_CARDS, type CardBehavior, type RawCard, type TestCard } from './cards.js';
export { type CompletionOutcome, SimulatorStateError } from './completion.js';
export {
  type BackOfficeRefundInput,
  type ChargebackInput,
  type ChargebackReversalInput,
  EVENT_REFUSALS,
  type EventAmount,
  type EventRefusal,
  type OriginalSelector,
  SimulatorEventError,
} from './events.js';
export type {
  AmbiguousMode,
  FaultSettings,
  Faults,
  HeldReply,
  LateSettlePlan,
  LateSettleReply,
  ScriptedFault,
} from './faults.js';
export type { Ledger, LedgerEntry } from './ledger.js';
export { chargeKeyOf, type ChargeSummary, type LedgerSummary } from './ledger-summary.js';
export { AMOUNT_PENDING, AMOUNT_REDIRECT, AMOUNT_TRIGGER_CODES, ERROR_MESSAGES } from './triggers.js';
export type { TransactionStatus, TransactionType } from './store.js';

export { SIMULATOR_DEFAULTS };

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  readonly apiKey?: string;
  readonly username?: string;
  readonly password?: string;
  /** Verifies request signatures when requireSignature is true; always signs callbacks. */
  readonly sharedSecret?: string;
  readonly requireSignature?: boolean;
  /** Base of redirect URLs (hosted payment page, 3-D Secure); default the listening URL. */
  readonly publicUrl?: string;
  /** Shorthand for faults.latencyMs. */
  readonly latencyMs?: number;
  /** PENDING transactions complete (successfully) after this; 0 or 'manual': only via completePending. Default 1500. */
  readonly pendingCompleteAfterMs?: number | 'manual';
  readonly callbackRetry?: Partial<CallbackRetry>;
  /** Per delivery attempt; default 5000. */
  readonly callbackTimeoutMs?: number;
  /** Body hash of callback signatures; default sha512. */
  readonly callbackSignatureAlgorithm?: BodyHashAlgorithm;
  /** JSON file keeping transactions, profiles and tokens across restarts. */
  readonly stateFile?: string;
  /** Default 250 ms. */
  readonly persistDebounceMs?: number;
  readonly faults?: Partial<FaultSettings>;
  /** PRNG seed for random faults; default 1. */
  readonly seed?: number;
  /** true: log to stderr; a function: log lines to it. Bodies are never logged. */
  readonly log?: boolean | ((line: string) => void);
}

export interface Simulator {
  /** e.g. "http://127.0.0.1:43121" (no trailing slash); the gateway base URL for clients. */
  readonly url: string;
  readonly port: number;
  readonly credentials: {
    readonly apiKey: string;
    readonly username: string;
    readonly password: string;
    readonly sharedSecret: string;
  };
  readonly ledger: Ledger;
  readonly faults: Faults;
  /** After-the-fact events (chargebacks, reversals, back-office refunds, late settles), as from the gateway. */
  readonly events: SimulatorEvents;
  /** Ends a PENDING transaction (default success) and sends its callback. */
  completePending(uuid: string, outcome?: CompletionOutcome): LedgerEntry;
  /** Ends a REDIRECT (3-D Secure or hosted payment page) as the customer would, and sends its callback. */
  completeRedirect(uuid: string, outcome: CompletionOutcome): LedgerEntry;
  /**
   * Test hook: the stored card behind this paymentToken expired since it was stored (its expiry becomes last
   * month). Returns false for an unknown token.
   */
  expireInstrument(paymentToken: string): boolean;
  /** payment.js stand-in without HTTP: returns an "ix::…" token for the card. */
  tokenize(card: RawCard): string;
  callbackStats(): CallbackStats;
  /** Delivers every outstanding callback now (skipping backoff waits) and resolves when none is left. */
  flushCallbacks(): Promise<void>;
  /** Closes the server and connections, stops timers and callback deliveries, writes the state file. */
  stop(): Promise<void>;
}

/**
 * After-the-fact events. Each commits a new SUCCESS transaction (own uuid, gateway-made merchantTransactionId)
 * and sends its signed callback to the original's callbackUrl; a refusal throws SimulatorEventError and commits
 * nothing. Amounts in minor units, default everything still open.
 */
export interface SimulatorEvents {
  /** CHARGEBACK of a successful DEBIT/CAPTURE ("cb-<uuid>", chargebackData). */
  chargeback(input: ChargebackInput): LedgerEntry;
  /** CHARGEBACK-REVERSAL of a chargeback ("cbr-<uuid>", chargebackReversalData). */
  chargebackReversal(input: ChargebackReversalInput): LedgerEntry;
  /** REFUND made in the back office ("bo-<uuid>", the original's merchantMetaData). */
  refund(input: BackOfficeRefundInput): LedgerEntry;
  /** Settles a late-settle transaction now: same uuid, SUCCESS, OK callback. */
  settleLate(input: OriginalSelector): LedgerEntry;
}

const DEFAULT_RETRY: CallbackRetry = { initialMs: 500, maxMs: 30_000, maxAttempts: 8 };

function logger(option: SimulatorOptions['log']): (line: string) => void {
  if (typeof option === 'function') return option;
  if (option === true) return (line) => process.stderr.write(`[ixopay-simulator] ${line}\n`);
  return () => undefined;
}

/** Starts a simulator; always `await sim.stop()` when done. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const credentials = {
    apiKey: options.apiKey ?? SIMULATOR_DEFAULTS.apiKey,
    username: options.username ?? SIMULATOR_DEFAULTS.username,
    password: options.password ?? SIMULATOR_DEFAULTS.password,
    sharedSecret: options.sharedSecret ?? SIMULATOR_DEFAULTS.sharedSecret,
  };
  const log = logger(options.log);
  const faults = new Faults(createPrng(options.seed ?? 1), {
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
    ...options.faults,
  });
  const store = new TransactionStore();
  const profiles = new ProfileStore();
  const vault = fixedTestTokens();
  const fixedTokens = new Set(vault.keys());
  const callbacks = new CallbackDispatcher({
    sharedSecret: credentials.sharedSecret,
    retry: { ...DEFAULT_RETRY, ...options.callbackRetry },
    faults,
    timeoutMs: options.callbackTimeoutMs ?? 5000,
    algorithm: options.callbackSignatureAlgorithm ?? 'sha512',
    log,
  });
  const writer = options.stateFile
    ? new StateWriter(
        options.stateFile,
        { store, profiles, vault, fixedTokens },
        options.persistDebounceMs ?? 250,
      )
    : undefined;
  const dirty = (): void => writer?.markDirty();
  let publicUrl = options.publicUrl?.replace(/\/+$/, '') ?? '';
  const auto = options.pendingCompleteAfterMs ?? 1500;
  const ctx: EngineContext = {
    store,
    profiles,
    vault,
    publicUrl: () => publicUrl,
    now: () => new Date(),
    changed: (tx) => {
      completion.arm(tx);
      callbacks.enqueue(tx);
      dirty();
    },
    planLateSettle: (operation, merchantTransactionId) =>
      faults.planLateSettle(operation, merchantTransactionId),
  };
  const completion = new Completion(ctx, auto === 'manual' || auto === 0 ? undefined : auto);
  if (options.stateFile) {
    const loaded = await loadState(options.stateFile, { store, profiles, vault, fixedTokens });
    for (const tx of store.all()) completion.arm(tx);
    if (loaded > 0) log(`restored ${loaded} transactions from ${options.stateFile}`);
  }
  const ledger = new Ledger(store);
  const events = new GatewayEvents(ctx, completion);
  const startedAt = Date.now();
  const server = createSimulatorServer({
    ctx,
    completion,
    ledger,
    events,
    callbacks,
    dirty,
    startedAt,
    auth: new Authenticator({ ...credentials, requireSignature: options.requireSignature ?? false }),
    faults,
    log,
  });
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { port, address, family } = server.address() as AddressInfo;
  const url = `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
  if (!publicUrl) publicUrl = url;
  log(`listening on ${url}`);
  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    credentials,
    ledger,
    faults,
    events: {
      chargeback: (input) => toLedgerEntry(events.chargeback(input)),
      chargebackReversal: (input) => toLedgerEntry(events.chargebackReversal(input)),
      refund: (input) => toLedgerEntry(events.refund(input)),
      settleLate: (input) => toLedgerEntry(events.settleLate(input)),
    },
    completePending: (uuid, outcome) => toLedgerEntry(completion.completePending(uuid, outcome)),
    expireInstrument: (paymentToken) => {
      const now = new Date();
      const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
      const ok = profiles.setExpiry(paymentToken, lastMonth.getUTCMonth() + 1, lastMonth.getUTCFullYear());
      if (ok) dirty();
      return ok;
    },
    completeRedirect: (uuid, outcome) => toLedgerEntry(completion.completeRedirect(uuid, outcome)),
    tokenize: (card) => {
      const r = cardFromRaw(card);
      if (!r.ok) throw new SimulatorStateError(r.message);
      const token = `ix::${store.freshUuid()}`;
      vault.set(token, r.card);
      dirty();
      return token;
    },
    callbackStats: () => callbacks.stats(),
    flushCallbacks: () => callbacks.flush(),
    stop: () =>
      (stopped ??= (async () => {
        completion.stop();
        callbacks.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await writer?.flush();
        log('stopped');
      })()),
  };
}
