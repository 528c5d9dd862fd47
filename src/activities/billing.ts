/** Billing-run activities: page due subscriptions, record outcomes (advance paid, mark past due), write the report. */
import { mkdir, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { CustomerStoreError, type CustomerStore, type RunItem } from '../customers/index.js';
import { toDecimalString } from '../money.js';
import type { BillingActivities, DuePage, SubscriptionOutcome } from './billing-types.js';

export interface BillingDeps {
  readonly store: CustomerStore;
  readonly reportDir: string;
}

function heartbeat(details?: unknown): void {
  try {
    Context.current().heartbeat(details);
  } catch {
    // outside an activity
  }
}

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

export function createBillingActivities(deps: BillingDeps): BillingActivities {
  const { store } = deps;
  return {
    async listDueSubscriptions(input): Promise<DuePage> {
      heartbeat(input.afterId);
      const page = await store.listDueSubscriptions({
        billingDate: input.billingDate,
        limit: input.limit,
        ...(input.afterId ? { afterId: input.afterId } : {}),
        ...(input.filters?.currency ? { currency: input.filters.currency } : {}),
        ...(input.filters?.customerIds ? { customerIds: [...input.filters.customerIds] } : {}),
      });
      return {
        items: page.items.map((s) => ({
          subscriptionId: s.id,
          customerId: s.customerId,
          amountMinor: s.amountMinor,
          currency: s.currency,
          period: store.periodOf(s),
        })),
        nextCursor: page.nextAfterId,
      };
    },

    async recordSubscriptionOutcomes(input: {
      readonly runId: string;
      readonly outcomes: readonly SubscriptionOutcome[];
    }): Promise<void> {
      let n = 0;
      const notes = new Map<string, string>();
      for (const outcome of input.outcomes) {
        try {
          if (outcome.status === 'succeeded')
            await store.advanceSubscription(outcome.subscriptionId, outcome.period);
          else if (outcome.pastDue)
            await store.markPastDue(outcome.subscriptionId, outcome.reason ?? outcome.status);
        } catch (err) {
          // A subscription deleted or changed meanwhile must not stop the run: the report says what happened.
          if (!(err instanceof CustomerStoreError)) throw err;
          notes.set(outcome.chargeId, `subscription not updated: ${err.name}`);
        }
        if (++n % 100 === 0) heartbeat(n);
      }
      await store.recordRunItems(
        input.runId,
        input.outcomes.map((o) => ({
          chargeId: o.chargeId,
          subscriptionId: o.subscriptionId,
          customerId: o.customerId,
          period: o.period,
          status: o.status,
          amountMinor: o.amountMinor,
          currency: o.currency,
          pastDue: o.pastDue,
          reason: [o.reason, notes.get(o.chargeId)].filter(Boolean).join('; ') || undefined,
        })),
      );
    },

    async writeRunReport(input) {
      await mkdir(deps.reportDir, { recursive: true });
      const base = join(deps.reportDir, `billing-${input.runId}`);
      const lines: string[] = [CSV_COLUMNS.join(',')];
      const items: RunItem[] = [];
      let afterId: string | undefined;
      for (;;) {
        const page = await store.listRunItems(input.runId, { limit: 5000, ...(afterId ? { afterId } : {}) });
        for (const item of page.items) {
          items.push(item);
          lines.push(csvRow(item));
        }
        heartbeat(items.length);
        if (!page.nextAfterId) break;
        afterId = page.nextAfterId;
      }
      const json = `${base}.json`;
      const csv = `${base}.csv`;
      await writeAtomically(json, JSON.stringify({ summary: input.summary, items }, null, 1));
      await writeAtomically(csv, `${lines.join('\n')}\n`);
      return { json, csv };
    },
  };
}
