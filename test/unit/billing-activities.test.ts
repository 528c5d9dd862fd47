import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBillingActivities } from '../../src/activities/billing.js';
import { openSqliteCustomerStore, type CustomerStore } from '../../src/customers/index.js';

describe('billing activities on the SQLite store', () => {
  let store: CustomerStore;
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'billing-'));
    store = openSqliteCustomerStore({ file: ':memory:' });
    await store.addCustomer({ id: 'c1', email: 'c1@example.org' });
    await store.addSubscriptions([
      {
        id: 's1',
        customerId: 'c1',
        amountMinor: 999,
        currency: 'EUR',
        interval: 'month',
        nextBillingDate: '2026-11-25',
      },
      {
        id: 's2',
        customerId: 'c1',
        amountMinor: 500,
        currency: 'EUR',
        interval: 'month',
        nextBillingDate: '2026-11-25',
      },
    ]);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const outcome = (subscriptionId: string, status: 'succeeded' | 'declined', extra = {}) => ({
    subscriptionId,
    customerId: 'c1',
    amountMinor: 999,
    currency: 'EUR' as const,
    chargeId: `${subscriptionId}_2026-11-25`,
    period: '2026-11-25',
    status,
    pastDue: status !== 'succeeded',
    ...extra,
  });

  it('advances paid subscriptions once, marks declined ones past due, and writes JSON and CSV reports', async () => {
    const billing = createBillingActivities({ store, reportDir: dir });
    const outcomes = [outcome('s1', 'succeeded'), outcome('s2', 'declined', { reason: '2016 Stolen card' })];
    await billing.recordSubscriptionOutcomes({ runId: 'r1', outcomes });
    await billing.recordSubscriptionOutcomes({ runId: 'r1', outcomes }); // a retried activity
    assert.equal((await store.requireSubscription('s1')).nextBillingDate, '2026-12-25');
    assert.equal((await store.requireSubscription('s2')).status, 'past_due');
    const paths = await billing.writeRunReport({ runId: 'r1', summary: { runId: 'r1' } as never });
    assert.equal((JSON.parse(readFileSync(paths.json, 'utf8')) as { items: unknown[] }).items.length, 2);
    const csv = readFileSync(paths.csv, 'utf8').trim().split('\n');
    assert.equal(csv.length, 3);
    assert.match(csv[2]!, /^s2,c1,2026-11-25,s2_2026-11-25,declined,9\.99,EUR,true,2016 Stolen card$/);
  });

  it('records a subscription that vanished meanwhile instead of failing the run', async () => {
    const billing = createBillingActivities({ store, reportDir: dir });
    await billing.recordSubscriptionOutcomes({ runId: 'r2', outcomes: [outcome('gone', 'succeeded')] });
    const page = await store.listRunItems('r2', { limit: 10 });
    assert.match(page.items[0]?.reason ?? '', /not updated: UnknownSubscriptionError/);
  });
});
