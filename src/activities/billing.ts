/** Billing-run activities: page due subscriptions, record outcomes (advance paid, mark past due), write the report. */
import { CustomerStoreError, type CustomerStore } from '../customers/index.js';
import { writeRunReport } from './billing-report.js';
import { heartbeat } from './heartbeat.js';
import type { BillingActivities, DuePage, SubscriptionOutcome } from '../contract/billing-activities.js';

export interface BillingDeps {
  readonly store: CustomerStore;
  readonly reportDir: string;
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
          if (outcome.status === 'already-billed') {
            // Charged by another run: when that charge has closed, its kept outcome is applied here, so a
            // subscription whose run died is still advanced (or marked past due) by a later run.
            const kept = (await store.getChargeOutcome('charge', outcome.chargeId))?.outcome as
              { readonly result?: { readonly status?: string; readonly reason?: string } } | undefined;
            const status = kept?.result?.status;
            if (status === 'succeeded')
              await store.advanceSubscription(outcome.subscriptionId, outcome.period);
            else if (status === 'declined' || status === 'failed') {
              const sub = await store.getSubscription(outcome.subscriptionId);
              // Only while the period is still the one charged: a later payment is not undone.
              if (sub && sub.lastBilledPeriod !== outcome.period && store.periodOf(sub) === outcome.period)
                await store.markPastDue(outcome.subscriptionId, kept?.result?.reason ?? status);
            }
            continue;
          }
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
      return writeRunReport(store, deps.reportDir, input.runId, input.summary);
    },
  };
}
