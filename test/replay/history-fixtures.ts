/**
 * Recorded workflow histories (test/fixtures/histories/<release>/<name>.json: one folder per released package
 * version), written by scripts/record-histories.ts and replayed by histories.test.ts. A fixture is `{ workflowId, workflowType, runId, history }`, where `history` is
 * Temporal's JSON history format (what `historyToJSON` writes and `temporal workflow show -o json` prints). A
 * bare history (`{ events: [...] }`, e.g. downloaded from the Web UI) is accepted too; its workflow id is then
 * the file name. Payloads stay encrypted with the development payload key, as the worker wrote them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HISTORIES_DIR = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));

export interface HistoryFixture {
  readonly name: string;
  readonly workflowId: string;
  readonly workflowType?: string | undefined;
  readonly runId?: string | undefined;
  /** Temporal JSON history: `{ events: [...] }`. */
  readonly history: { readonly events: readonly unknown[] };
}

export class HistoryFixtureError extends Error {
  override readonly name = 'HistoryFixtureError';
}

function isHistory(value: unknown): value is HistoryFixture['history'] {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { events?: unknown }).events) &&
    (value as { events: unknown[] }).events.length > 0
  );
}

export function parseHistoryFixture(name: string, text: string): HistoryFixture {
  const json = JSON.parse(text) as unknown;
  if (isHistory(json)) return { name, workflowId: name, history: json };
  const wrapped = json as Partial<HistoryFixture> | null;
  if (wrapped && typeof wrapped.workflowId === 'string' && isHistory(wrapped.history)) {
    return {
      name,
      workflowId: wrapped.workflowId,
      workflowType: wrapped.workflowType,
      runId: wrapped.runId,
      history: wrapped.history,
    };
  }
  throw new HistoryFixtureError(
    `${name}.json is neither a Temporal JSON history ({ events }) nor { workflowId, history }`,
  );
}

/** The releases with recorded histories, oldest first (folders named for the package version). */
export function historyVersions(dir = HISTORIES_DIR): string[] {
  const parts = (v: string): number[] => v.split('.').map(Number);
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d+\.\d+\.\d+$/.test(e.name))
    .map((e) => e.name)
    .sort((a, b) => {
      const [x, y] = [parts(a), parts(b)];
      return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
    });
}

/** The folder of one release's histories. */
export function versionDir(version: string, dir = HISTORIES_DIR): string {
  return join(dir, version);
}

export function historyFixtureNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

export function loadHistoryFixture(name: string, dir: string): HistoryFixture {
  return parseHistoryFixture(name, readFileSync(join(dir, `${name}.json`), 'utf8'));
}
