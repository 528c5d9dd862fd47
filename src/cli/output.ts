/**
 * CLI output of results: a table for people by default, JSON with --json. Payment tokens (`pt::…`) are masked to
 * their last four unless --show-tokens asks for them (they are not card data, but they charge a card).
 */
import { readFileSync } from 'node:fs';
import { maskToken } from '../observability/redact.js';
import { UsageError } from './args.js';

/** The --show-tokens option, for commands whose output can hold payment tokens. */
export const SHOW_TOKENS = { 'show-tokens': { type: 'boolean' } } as const;

export interface OutputFlags {
  readonly json?: boolean | undefined;
  readonly 'show-tokens'?: boolean | undefined;
}

function masked(value: unknown, showTokens: boolean): unknown {
  if (showTokens) return value;
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? maskToken(v) : v)) ?? 'null',
  ) as unknown;
}

export function maskedJson(value: unknown, showTokens = false): string {
  return JSON.stringify(masked(value, showTokens), null, 2);
}

/** An object as `field  value` rows: nested objects flattened with dotted names, arrays as JSON. */
export function fieldRows(value: unknown, prefix = ''): [string, string][] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    return [[prefix || 'value', typeof value === 'string' ? value : JSON.stringify(value)]];
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? fieldRows(v, `${prefix}${k}.`)
      : v === undefined
        ? []
        : fieldRows(v, `${prefix}${k}`),
  );
}

export function fieldTable(value: unknown): string {
  const rows = fieldRows(value);
  if (rows.length === 0) return '(none)';
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

/** Prints a result: JSON with --json, else `human` (default: a field table); tokens masked unless asked. */
export function printResult(value: unknown, flags: OutputFlags, human?: (v: unknown) => string): void {
  const shown = masked(value, flags['show-tokens'] === true);
  console.log(flags.json ? JSON.stringify(shown, null, 2) : (human ?? fieldTable)(shown));
}

/**
 * A session proof from `--session-proof-file PATH` (`-` = stdin) or `--session-proof -` (stdin), so it stays out
 * of `ps` and shell history; `--session-proof PROOF` still works.
 */
export function sessionProofFrom(values: {
  readonly 'session-proof'?: string | undefined;
  readonly 'session-proof-file'?: string | undefined;
}): string | undefined {
  const inline = values['session-proof'];
  const file = values['session-proof-file'] ?? (inline === '-' ? '-' : undefined);
  if (file === undefined) return inline;
  if (inline !== undefined && inline !== '-')
    throw new UsageError('give --session-proof or --session-proof-file, not both');
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch {
    throw new UsageError(`cannot read the session proof from ${file === '-' ? 'stdin' : file}`);
  }
  const proof = text.trim();
  if (!proof) throw new UsageError('the session proof is empty');
  return proof;
}
