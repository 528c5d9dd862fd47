/** CLI output of results: JSON with payment tokens (`pt::…`) masked to their last four, as `profiles` shows them. */
import { readFileSync } from 'node:fs';
import { maskToken } from '../observability/redact.js';
import { UsageError } from './args.js';

export function maskedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? maskToken(v) : v), 2);
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
