/**
 * A billing run's report: a summary plus one row per subscription, as JSON and CSV, written atomically. Written
 * at the end of the run and rewritten when an event after the fact (a late success, a chargeback) corrects a row.
 */
import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { CustomerStore, RunItem } from '../customers/index.js';
import { toDecimalString } from '../money.js';
import { heartbeat } from './heartbeat.js';

const CSV_COLUMNS = [
  'subscriptionId',
  'customerId',
  'period',
  'chargeId',
  'status',
  'amount',
  'currency',
  'pastDue',
  'reason',
] as const;

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvRow(item: RunItem): string {
  const row: Record<(typeof CSV_COLUMNS)[number], string> = {
    subscriptionId: item.subscriptionId,
    customerId: item.customerId ?? '',
    period: item.period,
    chargeId: item.chargeId,
    status: item.status,
    amount: toDecimalString(item.amountMinor, item.currency),
    currency: item.currency,
    pastDue: String(item.pastDue),
    reason: item.reason ?? '',
  };
  return CSV_COLUMNS.map((c) => csvCell(row[c])).join(',');
}

async function writeAtomically(path: string, content: string): Promise<void> {
  await writeFile(`${path}.tmp`, content);
  await rename(`${path}.tmp`, path);
}

export function reportPaths(reportDir: string, runId: string): { json: string; csv: string } {
  const base = join(reportDir, `billing-${runId}`);
  return { json: `${base}.json`, csv: `${base}.csv` };
}

/** Reads every row of the run from the store and writes both files; `summary` goes into the JSON as is. */
export async function writeRunReport(
  store: CustomerStore,
  reportDir: string,
  runId: string,
  summary: unknown,
): Promise<{ json: string; csv: string }> {
  await mkdir(reportDir, { recursive: true });
  const lines: string[] = [CSV_COLUMNS.join(',')];
  const items: RunItem[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await store.listRunItems(runId, { limit: 5000, ...(afterId ? { afterId } : {}) });
    for (const item of page.items) {
      items.push(item);
      lines.push(csvRow(item));
    }
    heartbeat(items.length);
    if (!page.nextAfterId) break;
    afterId = page.nextAfterId;
  }
  const { json, csv } = reportPaths(reportDir, runId);
  await writeAtomically(json, JSON.stringify({ summary, items }, null, 1));
  await writeAtomically(csv, `${lines.join('\n')}\n`);
  return { json, csv };
}

/** The summary of a report already written, or undefined when the run has not written one yet. */
export async function readReportSummary(
  reportDir: string,
  runId: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed = JSON.parse(await readFile(reportPaths(reportDir, runId).json, 'utf8')) as {
      summary?: unknown;
    };
    return parsed.summary && typeof parsed.summary === 'object'
      ? (parsed.summary as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
