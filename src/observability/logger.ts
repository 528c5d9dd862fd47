/**
 * The one structured logger of every process: one JSON object per line, `{"ts","level","msg",...fields}`.
 * It implements the Temporal SDK's `Logger`, so installed through `Runtime.install({ logger })` it also writes
 * the workflow `log` and activity `log` lines (and the SDK's own) in the same form. Every line goes through
 * redaction (src/observability/redact.ts): no card data, tokens, personal data or secrets.
 */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { redactFields, redactText } from './redact.js';

export type { LogLevel };
export const LOG_LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/** Where finished lines go (one JSON object, no trailing newline). Default: stdout. */
export type LogSink = (line: string, level: LogLevel) => void;

/** The `(message, fields)` callback shape that the stack and the webhook server take. */
export type LogFunction = (message: string, fields?: Record<string, unknown>) => void;

/** The SDK passes a workflow line's own time (ns since epoch) under this symbol (see @temporalio/worker). */
const LOG_TIMESTAMP = Symbol.for('log_timestamp');

export interface JsonLoggerOptions {
  readonly level?: LogLevel | undefined;
  readonly sink?: LogSink | undefined;
  /** Fields on every line, e.g. `{ service: 'worker' }`. */
  readonly base?: Record<string, unknown> | undefined;
}

const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

export class JsonLogger implements Logger {
  readonly level: LogLevel;
  readonly #severity: number;
  readonly #sink: LogSink;
  readonly #base: Record<string, unknown>;

  constructor(options: JsonLoggerOptions = {}) {
    this.level = options.level ?? 'INFO';
    this.#severity = LOG_LEVELS.indexOf(this.level);
    this.#sink = options.sink ?? stdoutSink;
    this.#base = options.base ?? {};
  }

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (LOG_LEVELS.indexOf(level) < this.#severity) return;
    const { [LOG_TIMESTAMP]: nanos, ...fields } = (meta ?? {}) as Record<string | symbol, unknown>;
    const ts = typeof nanos === 'bigint' ? new Date(Number(nanos / 1_000_000n)) : new Date();
    const line = {
      ts: ts.toISOString(),
      level: level.toLowerCase(),
      msg: redactText(message),
      ...redactFields({ ...this.#base, ...(fields as Record<string, unknown>) }),
    };
    this.#sink(JSON.stringify(line), level);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }

  /** A logger writing to the same sink with more fields on every line. */
  child(fields: Record<string, unknown>): JsonLogger {
    return new JsonLogger({ level: this.level, sink: this.#sink, base: { ...this.#base, ...fields } });
  }
}

/** Adapts a Logger to the `(message, fields)` callback: info, or warn when the fields carry an error. */
export function logFunction(logger: Logger): LogFunction {
  return (message, fields) => {
    if (fields && 'error' in fields) logger.warn(message, fields);
    else logger.info(message, fields);
  };
}

export function parseLogLevel(value: string | undefined, fallback: LogLevel = 'INFO'): LogLevel {
  const upper = value?.toUpperCase();
  return LOG_LEVELS.find((l) => l === upper) ?? fallback;
}
