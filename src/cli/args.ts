/**
 * The CLI's commands and their parsing: every command declares its usage and options, and its --help and input
 * validation run before anything connects. Exit codes, tables.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Exit codes: 0 done, 1 runtime error (including an unreachable Temporal server), 2 usage or invalid input,
 * 3 the payment outcome was not a success, 4 `charge --timeout` ran out while the charge kept running.
 */
export const EXIT = { ok: 0, error: 1, usage: 2, notSucceeded: 3, stillRunning: 4 } as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes: --help, and --json for machine-readable output. */
const COMMON = { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } } as const;

export interface Parsed<O extends Options> {
  readonly values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string } & {
    readonly json?: boolean;
  };
  readonly positionals: string[];
  /** The arguments as given. */
  readonly argv: string[];
}

/** A leaf command: `usage` is its --help; `run` validates, then (only then) connects. */
export interface Command<O extends Options = Options> {
  readonly usage: string;
  readonly options: O;
  /** How many positionals it takes (default none). */
  readonly positionals?: { readonly min: number; readonly max: number; readonly names: string };
  readonly run: (parsed: Parsed<O>) => Promise<number>;
}

/** Commands with subcommands (`customers add|list|…`); `fallback` runs when the first word is no subcommand. */
export interface Group {
  readonly usage: string;
  readonly subcommands: Readonly<Record<string, Command | Group>>;
  readonly fallback?: Command;
}

export function command<O extends Options>(spec: Command<O>): Command<O> {
  return spec;
}

export function isGroup(c: Command | Group): c is Group {
  return 'subcommands' in c;
}

export function parse<O extends Options>(argv: readonly string[], options: O, usage: string): Parsed<O> {
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: { ...options, ...COMMON },
      allowPositionals: true,
      strict: true,
    });
    const values = parsed.values as Parsed<O>['values'];
    return { values, positionals: parsed.positionals, argv: [...argv] };
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${usage}`);
  }
}

const HELP_WORDS = new Set(['--help', '-h', 'help']);

/** Parses and runs a command or group; --help anywhere prints that command's usage and exits 0. */
export async function dispatch(target: Command | Group, argv: readonly string[]): Promise<number> {
  if (isGroup(target)) {
    const [word, ...rest] = argv;
    const sub = word === undefined ? undefined : target.subcommands[word];
    if (sub && Object.hasOwn(target.subcommands, word!)) return dispatch(sub, rest);
    if (target.fallback && (word === undefined || word.startsWith('-')) && !HELP_WORDS.has(word ?? '')) {
      return dispatch(target.fallback, argv);
    }
    if (word !== undefined && HELP_WORDS.has(word)) {
      console.log(target.usage);
      return EXIT.ok;
    }
    throw new UsageError(
      word === undefined ? target.usage : `unknown subcommand ${JSON.stringify(word)}\n\n${target.usage}`,
    );
  }
  const parsed = parse(argv, target.options, target.usage);
  if ((parsed.values as { help?: boolean }).help) {
    console.log(target.usage);
    return EXIT.ok;
  }
  const want = target.positionals ?? { min: 0, max: 0, names: '' };
  const n = parsed.positionals.length;
  if (n < want.min) throw new UsageError(`missing ${want.names}\n\n${target.usage}`);
  if (n > want.max)
    throw new UsageError(
      `unexpected argument ${JSON.stringify(parsed.positionals[want.max])}\n\n${target.usage}`,
    );
  return target.run(parsed);
}

/** Every command path below a group (for documentation and the help walk). */
export function commandPaths(target: Command | Group, prefix: readonly string[] = []): string[][] {
  if (!isGroup(target)) return [[...prefix]];
  return [
    [...prefix],
    ...Object.entries(target.subcommands).flatMap(([name, sub]) => commandPaths(sub, [...prefix, name])),
  ];
}

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing --${flag}`);
  return value;
}

/** A whole number within [min, max] from a flag; undefined when absent. */
export function intFlag(
  value: string | undefined,
  flag: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(
      `--${flag} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  const found = allowed.find((a) => a === value);
  if (!found)
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return found;
}

/** YYYY-MM-DD that is a real calendar date. */
export function dateFlag(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(d.getTime()) ||
    d.toISOString().slice(0, 10) !== value
  )
    throw new UsageError(`--${flag} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

export function table(rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return '(none)';
  const cols = Object.keys(rows[0]!);
  const cell = (v: unknown): string =>
    v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]): string =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(cols),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => cell(r[c])))),
  ].join('\n');
}
