import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DuplicateSubscriptionError,
  InvalidCustomerInputError,
  UnknownCustomerError,
  UnknownSubscriptionError,
  openSqliteCustomerStore,
  type CustomerStore,
  type NewSubscriptionInput,
} from '../../src/customers/index.js';

const monthly = (id: string, customerId: string, nextBillingDate: string): NewSubscriptionInput => ({
  id,
  customerId,
  amountMinor: 999,
  currency: 'EUR',
  interval: 'month',
  nextBillingDate,
});

describe('subscription store', () => {
  let dir: string;
  let store: CustomerStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'customers-subs-'));
    store = openSqliteCustomerStore({ file: join(dir, 'customers.sqlite') });
    await store.addCustomer({ id: 'cus-1', email: 'a@example.com' });
    await store.addCustomer({ id: 'cus-2', email: 'b@example.com' });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds and reads back a subscription with its anchor day', async () => {
    const added = await store.addSubscription({
      ...monthly('sub-1', 'cus-1', '2026-01-31'),
      description: 'Pro',
    });
    assert.equal(added.status, 'active');
    assert.equal(added.intervalCount, 1);
    assert.equal(added.anchorDay, 31);
    assert.deepEqual(await store.getSubscription('sub-1'), added);
    assert.deepEqual(await store.listSubscriptions('cus-1'), [added]);
    assert.deepEqual(await store.listSubscriptions('cus-2'), []);
    assert.equal(await store.getSubscription('sub-404'), undefined);
    await assert.rejects(store.requireSubscription('sub-404'), UnknownSubscriptionError);
  });

  it('rejects negative or fractional amounts, unknown currencies and bad ids', async () => {
    const base = monthly('sub-1', 'cus-1', '2026-11-25');
    const bad: unknown[] = [
      { ...base, amountMinor: -1 },
      { ...base, amountMinor: 9.99 },
      { ...base, amountMinor: 2 ** 53 },
      { ...base, currency: 'XXX' },
      { ...base, id: 'sub 1' },
      { ...base, id: 's'.repeat(38) },
      { ...base, customerId: '' },
      { ...base, nextBillingDate: '2026-02-30' },
      { ...base, interval: 'fortnight' },
      { ...base, intervalCount: 0 },
    ];
    for (const input of bad) {
      await assert.rejects(store.addSubscription(input as NewSubscriptionInput), InvalidCustomerInputError);
    }
    assert.deepEqual(await store.listSubscriptions(), []);
  });

  it('refuses a subscription for an unknown customer or with a taken id', async () => {
    await assert.rejects(
      store.addSubscription(monthly('sub-1', 'ghost', '2026-11-25')),
      UnknownCustomerError,
    );
    await store.addSubscription(monthly('sub-1', 'cus-1', '2026-11-25'));
    await assert.rejects(
      store.addSubscription(monthly('sub-1', 'cus-2', '2026-11-25')),
      DuplicateSubscriptionError,
    );
  });

  it('adds subscriptions in bulk all or nothing', async () => {
    const list = [monthly('sub-1', 'cus-1', '2026-11-25'), monthly('sub-2', 'ghost', '2026-11-25')];
    await assert.rejects(store.addSubscriptions(list), UnknownCustomerError);
    assert.deepEqual(await store.listSubscriptions(), []);
    assert.equal(await store.addSubscriptions([list[0]!, monthly('sub-2', 'cus-2', '2026-11-25')]), 2);
  });

  it('pages 2,500 subscriptions with a keyset cursor, returning each due one exactly once', async () => {
    const list = Array.from({ length: 2500 }, (_, i) =>
      monthly(
        `sub-${String((i * 7919) % 2500).padStart(4, '0')}`,
        i % 2 ? 'cus-1' : 'cus-2',
        i % 5 ? '2026-11-20' : '2026-12-20',
      ),
    );
    await store.addSubscriptions(list);
    await store.setSubscriptionStatus('sub-0001', 'cancelled');
    await store.markPastDue('sub-0002', 'card declined');
    const due = new Set(
      list
        .filter((s) => s.nextBillingDate <= '2026-11-25' && s.id !== 'sub-0001' && s.id !== 'sub-0002')
        .map((s) => s.id),
    );

    const seen: string[] = [];
    let afterId: string | undefined;
    let pages = 0;
    do {
      const page = await store.listDueSubscriptions({
        billingDate: '2026-11-25',
        limit: 333,
        ...(afterId ? { afterId } : {}),
      });
      seen.push(...page.items.map((s) => s.id));
      afterId = page.nextAfterId;
      pages += 1;
    } while (afterId);

    assert.equal(seen.length, due.size);
    assert.deepEqual(new Set(seen), due);
    assert.deepEqual(seen, [...seen].sort());
    assert.equal(pages, Math.ceil(due.size / 333));
    assert.equal(await store.countDueSubscriptions({ billingDate: '2026-11-25' }), due.size);
  });

  it('filters due subscriptions by currency and customer', async () => {
    await store.addSubscriptions([
      monthly('sub-1', 'cus-1', '2026-11-01'),
      { ...monthly('sub-2', 'cus-1', '2026-11-01'), currency: 'JPY' },
      monthly('sub-3', 'cus-2', '2026-11-01'),
    ]);
    const ids = async (q: { currency?: 'EUR' | 'JPY'; customerIds?: string[] }) =>
      (await store.listDueSubscriptions({ billingDate: '2026-11-25', limit: 10, ...q })).items.map(
        (s) => s.id,
      );
    assert.deepEqual(await ids({ currency: 'JPY' }), ['sub-2']);
    assert.deepEqual(await ids({ customerIds: ['cus-2'] }), ['sub-3']);
    assert.deepEqual(await ids({ currency: 'EUR', customerIds: ['cus-1', 'cus-2'] }), ['sub-1', 'sub-3']);
    assert.deepEqual(await ids({ customerIds: [] }), []);
    assert.equal(await store.countDueSubscriptions({ billingDate: '2026-11-25', currency: 'EUR' }), 2);
  });

  it('advances a subscription once per billed period, however often it is repeated', async () => {
    const sub = await store.addSubscription(monthly('sub-1', 'cus-1', '2026-01-31'));
    const period = store.periodOf(sub);
    assert.equal(period, '2026-01-31');

    const first = await store.advanceSubscription('sub-1', period);
    assert.equal(first.advanced, true);
    assert.equal(first.subscription.nextBillingDate, '2026-02-28');
    assert.equal(first.subscription.lastBilledPeriod, '2026-01-31');

    const again = await store.advanceSubscription('sub-1', period);
    assert.equal(again.advanced, false);
    assert.deepEqual(again.subscription, first.subscription);

    const next = await store.advanceSubscription('sub-1', store.periodOf(first.subscription));
    assert.equal(next.subscription.nextBillingDate, '2026-03-31');
    assert.equal((await store.advanceSubscription('sub-1', period)).advanced, false);
    await assert.rejects(store.advanceSubscription('sub-1', '2026-04-30'), InvalidCustomerInputError);
  });

  it('takes a past-due subscription out of billing and back in once its period is paid', async () => {
    await store.addSubscription(monthly('sub-1', 'cus-1', '2026-11-25'));
    const pastDue = await store.markPastDue('sub-1', 'insufficient funds');
    assert.equal(pastDue.status, 'past_due');
    assert.equal(pastDue.pastDueReason, 'insufficient funds');
    assert.equal(await store.countDueSubscriptions({ billingDate: '2026-11-25' }), 0);

    const { subscription } = await store.advanceSubscription('sub-1', '2026-11-25');
    assert.equal(subscription.status, 'active');
    assert.equal(subscription.pastDueReason, undefined);
    assert.equal(subscription.nextBillingDate, '2026-12-25');

    await store.setSubscriptionStatus('sub-1', 'cancelled');
    assert.equal((await store.markPastDue('sub-1', 'late retry')).status, 'cancelled');
  });

  it('seeds 100,000 subscriptions in one bulk call and counts them as due', async () => {
    const list = Array.from({ length: 100_000 }, (_, i) =>
      monthly(`bulk-${String(i).padStart(6, '0')}`, i % 2 ? 'cus-1' : 'cus-2', '2026-11-25'),
    );
    assert.equal(await store.addSubscriptions(list), 100_000);
    assert.equal(await store.countDueSubscriptions({ billingDate: '2026-11-25' }), 100_000);
  });

  it('records billing-run report lines idempotently and pages them by charge id', async () => {
    const line = (n: number, status: string) => ({
      chargeId: `sub-${n}_2026-11-25`,
      subscriptionId: `sub-${n}`,
      customerId: 'cus-1',
      period: '2026-11-25',
      status,
      amountMinor: 999,
      currency: 'EUR' as const,
      pastDue: status === 'declined',
      ...(status === 'declined' ? { reason: 'insufficient funds' } : {}),
    });
    await store.recordRunItems('run-1', [line(1, 'failed'), line(2, 'succeeded'), line(3, 'declined')]);
    await store.recordRunItems('run-1', [line(1, 'succeeded')]);
    await store.recordRunItems('run-2', [line(9, 'succeeded')]);

    const first = await store.listRunItems('run-1', { limit: 2 });
    assert.deepEqual(first.items, [line(1, 'succeeded'), line(2, 'succeeded')]);
    const rest = await store.listRunItems('run-1', { limit: 2, afterId: first.nextAfterId ?? '' });
    assert.deepEqual(rest, { items: [line(3, 'declined')] });
  });
});
