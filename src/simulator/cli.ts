/**
 * Standalone simulator: `runSimulatorCli(process.argv.slice(2))` parses flags, starts the simulator and runs
 * until SIGINT/SIGTERM. The project CLI wires it into `ixopay-temporal simulator`.
 */
import { parseArgs } from 'node:util';
import { runSimulatorEventCli } from './event-cli.js';
import { SIMULATOR_DEFAULTS } from './defaults.js';
import type { SimulatorOptions, Simulator } from './index.js';
import { JsonLogger } from '../observability/logger.js';

/** The standalone simulator's request lines, as JSON like every other process. */
const simulatorLogger = new JsonLogger({ base: { service: 'simulator' } });

/** The port the worker expects the simulator on by default (SIMULATOR_PORT's default). */
export const SIMULATOR_DEFAULT_PORT = 8480;

export const SIMULATOR_USAGE = `Usage: simulator [options]
       simulator event <chargeback|chargeback-reversal|refund|late-settle> [options]   (event --help)

  --port <n>                     listen port (default SIMULATOR_PORT, else ${SIMULATOR_DEFAULT_PORT}; 0 = any free port)
  --host <addr>                  listen address (default 127.0.0.1)
  --api-key <key>                connector API key (default ${SIMULATOR_DEFAULTS.apiKey})
  --username <name>              API user (default ${SIMULATOR_DEFAULTS.username})
  --password <pw>                API password (default ${SIMULATOR_DEFAULTS.password})
  --shared-secret <s>            signs callbacks, verifies requests (default ${SIMULATOR_DEFAULTS.sharedSecret})
  --require-signature            reject unsigned or badly signed requests (1004)
  --public-url <url>             base of redirect URLs (default the listening URL)
  --latency-ms <n>               added to every API request
  --pending-complete-after-ms <n> PENDING completes after n ms (0 = only programmatically)
  --rate-5xx <p>                 probability of a 5xx before processing
  --rate-429 <p>                 probability of 429 with Retry-After
  --ambiguous-rate <p>           probability of committing and then losing the response
  --ambiguous-mode <m>           destroy | hang | 504 (default destroy)
  --callback-drop-rate <p>       first callback delivery lost (redelivered later)
  --callback-lose-rate <p>       callback never delivered
  --callback-duplicate-rate <p>  callback delivered twice
  --callback-delay-ms <n>        delay before the first callback delivery
  --callback-out-of-order-rate <p> callback held back behind the next one
  --late-settle-rate <p>         debit/preauthorize answers ERROR or PENDING, then settles SUCCESS later
  --late-settle-after-ms <n>     how long a late settle takes (default 2000)
  --late-settle-reply <r>        error | pending | mixed (default mixed)
  --state-file <path>            keep transactions, profiles and tokens across restarts
  --seed <n>                     PRNG seed for random faults (default 1)
  --quiet                        no request log
  --json                         print the start-up banner as one JSON line
  --help                         this text
Exit codes: 0 stopped, 2 invalid input, 1 error (e.g. the port is taken).
`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'api-key': { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  'shared-secret': { type: 'string' },
  'require-signature': { type: 'boolean' },
  'public-url': { type: 'string' },
  'latency-ms': { type: 'string' },
  'pending-complete-after-ms': { type: 'string' },
  'rate-5xx': { type: 'string' },
  'rate-429': { type: 'string' },
  'ambiguous-rate': { type: 'string' },
  'ambiguous-mode': { type: 'string' },
  'callback-drop-rate': { type: 'string' },
  'callback-lose-rate': { type: 'string' },
  'callback-duplicate-rate': { type: 'string' },
  'callback-delay-ms': { type: 'string' },
  'callback-out-of-order-rate': { type: 'string' },
  'late-settle-rate': { type: 'string' },
  'late-settle-after-ms': { type: 'string' },
  'late-settle-reply': { type: 'string' },
  'state-file': { type: 'string' },
  seed: { type: 'string' },
  quiet: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Raised for unusable flag values. */
export class SimulatorCliError extends Error {
  override readonly name = 'SimulatorCliError';
}

function num(values: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new SimulatorCliError(`--${name} must be a number in [${min}, ${max}], got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Flags → simulator options (pure; exported for tests). */
export function parseSimulatorArgs(
  argv: readonly string[],
  defaultPort = SIMULATOR_DEFAULT_PORT,
): {
  readonly help: boolean;
  readonly json: boolean;
  readonly options: SimulatorOptions;
} {
  const { values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
  const v = values as Record<string, unknown>;
  const str = (name: keyof typeof OPTIONS): string | undefined => v[name] as string | undefined;
  const mode = str('ambiguous-mode');
  if (mode !== undefined && mode !== 'destroy' && mode !== 'hang' && mode !== '504') {
    throw new SimulatorCliError(`--ambiguous-mode must be destroy, hang or 504`);
  }
  const lateReply = str('late-settle-reply');
  if (lateReply !== undefined && lateReply !== 'error' && lateReply !== 'pending' && lateReply !== 'mixed') {
    throw new SimulatorCliError(`--late-settle-reply must be error, pending or mixed`);
  }
  const faults = Object.fromEntries(
    Object.entries({
      latencyMs: num(v, 'latency-ms', 0, 600_000),
      rate5xx: num(v, 'rate-5xx', 0, 1),
      rate429: num(v, 'rate-429', 0, 1),
      ambiguousRate: num(v, 'ambiguous-rate', 0, 1),
      ambiguousMode: mode,
      callbackDropRate: num(v, 'callback-drop-rate', 0, 1),
      callbackLoseRate: num(v, 'callback-lose-rate', 0, 1),
      callbackDuplicateRate: num(v, 'callback-duplicate-rate', 0, 1),
      callbackDelayMs: num(v, 'callback-delay-ms', 0, 600_000),
      callbackOutOfOrderRate: num(v, 'callback-out-of-order-rate', 0, 1),
      lateSettleRate: num(v, 'late-settle-rate', 0, 1),
      lateSettleAfterMs: num(v, 'late-settle-after-ms', 0, 86_400_000),
      lateSettleReply: lateReply,
    }).filter(([, value]) => value !== undefined),
  );
  const pending = num(v, 'pending-complete-after-ms', 0, 86_400_000);
  const quiet = v['quiet'] === true;
  const options: SimulatorOptions = {
    port: num(v, 'port', 0, 65535) ?? defaultPort,
    host: str('host') ?? '127.0.0.1',
    apiKey: str('api-key') ?? SIMULATOR_DEFAULTS.apiKey,
    username: str('username') ?? SIMULATOR_DEFAULTS.username,
    password: str('password') ?? SIMULATOR_DEFAULTS.password,
    sharedSecret: str('shared-secret') ?? SIMULATOR_DEFAULTS.sharedSecret,
    requireSignature: v['require-signature'] === true,
    seed: num(v, 'seed', 0, 2 ** 32 - 1) ?? 1,
    faults,
    log: quiet ? false : (line: string) => simulatorLogger.info(line),
    ...(str('public-url') !== undefined ? { publicUrl: str('public-url')! } : {}),
    ...(str('state-file') !== undefined ? { stateFile: str('state-file')! } : {}),
    ...(pending !== undefined ? { pendingCompleteAfterMs: pending } : {}),
  };
  return { help: v['help'] === true, json: v['json'] === true, options };
}

/**
 * Runs the simulator until SIGINT/SIGTERM (or until `signal` aborts, for tests). Resolves with the exit code.
 * `onStarted` sees the running simulator (the lead's CLI and tests use it).
 */
export async function runSimulatorCli(
  argv: readonly string[],
  io: {
    readonly out?: (text: string) => void;
    readonly signal?: AbortSignal;
    readonly onStarted?: (sim: Simulator) => void;
    /** Where errors go (default stderr, or `out` when that is given). */
    readonly err?: (text: string) => void;
    /** The port without --port (the project CLI passes SIMULATOR_PORT). */
    readonly defaultPort?: number;
  } = {},
): Promise<number> {
  const out = io.out ?? ((text: string) => process.stdout.write(text));
  const err = io.err ?? (io.out ? out : (text: string) => process.stderr.write(text));
  const defaultPort = io.defaultPort ?? SIMULATOR_DEFAULT_PORT;
  if (argv[0] === 'event')
    return runSimulatorEventCli(argv.slice(1), out, `http://127.0.0.1:${defaultPort}`, err);
  let parsed: ReturnType<typeof parseSimulatorArgs>;
  try {
    parsed = parseSimulatorArgs(argv, defaultPort);
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n\n${SIMULATOR_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    out(SIMULATOR_USAGE);
    return 0;
  }
  const { startSimulator } = await import('./index.js');
  const sim = await startSimulator(parsed.options);
  const { apiKey, username, password, sharedSecret } = sim.credentials;
  out(
    parsed.json
      ? `${JSON.stringify({ message: 'IXOPAY simulator listening', url: sim.url, apiKey, username, password, sharedSecret })}\n`
      : `IXOPAY simulator listening on ${sim.url}\n` +
          `  api key ${apiKey}, user ${username}, password ${password}, shared secret ${sharedSecret}\n` +
          `  ledger ${sim.url}/simulator/ledger, health ${sim.url}/simulator/health\n`,
  );
  io.onStarted?.(sim);
  await new Promise<void>((resolve) => {
    const finish = (): void => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      io.signal?.removeEventListener('abort', finish);
      resolve();
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    if (io.signal?.aborted) finish();
    else io.signal?.addEventListener('abort', finish, { once: true });
  });
  await sim.stop();
  out(
    parsed.json
      ? `${JSON.stringify({ message: 'IXOPAY simulator stopped' })}\n`
      : 'IXOPAY simulator stopped\n',
  );
  return 0;
}
