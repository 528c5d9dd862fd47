/**
 * The behaviour every CustomerStore must have, run against each implementation (sqlite-store.test.ts,
 * postgres-store.test.ts). A harness gives each test an empty database of its own; `open()` opens another
 * store instance (its own connection or pool) on it, so two instances can race like two worker processes.
 */
import { strict as assert } from 'node:assert';
import {
  DuplicateCustomerError,
  DuplicateSubscriptionError,
  InvalidCustomerInputError,
  PersonalDataError,
  ProfileLinkConflictError,
  UnknownCustomerError,
  UnknownSubscriptionError,
  customerIdentificationFor,
  generatePersonalDataKey,
  type CustomerStore,
  type NewCustomerInput,
  type NewSubscriptionInput,
} from '../../src/customers/index.js';

export interface StoreOpenOptions {
  readonly personalDataKey?: string;
  readonly now?: () => Date;
}

/** One empty database for one test. */
export interface StoreHarness {
  /** Opens another store instance on this database (migrating it when needed). */
  open(options?: StoreOpenOptions): Promise<CustomerStore>;
  /** The stored (at rest) email and name columns of a customer, read past the store. */
  rawPersonalData(customerId: string): Promise<{ email: string; name: string | null }>;
  /** Versions recorded in schema_migrations, ascending. */
  migrationVersions(): Promise<number[]>;
  /** Closes every store it opened and removes the database. */
  dispose(): Promise<void>;
}

/** A clock that moves one second per reading, so updatedAt changes are visible. */
function steppingClock(start = Date.parse('2026-11-25T10:00:00Z')): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

const monthly = (id: string, customerId: string, nextBillingDate: string): NewSubscriptionInput => ({
  id,
  customerId,
  amountMinor: 999,
  currency: 'EUR',
  interval: 'month',
  nextBillingDate,
});

/** Settled outcomes of concurrent calls: values of the fulfilled ones and reasons of the rejected ones. */
async function settle<T>(calls: readonly Promise<T>[]): Promise<{ values: T[]; errors: unknown[] }> {
  const results = await Promise.allSettled(calls);
  return {
    values: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    errors: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])),
  };
}

export function customerStoreContract(name: string, createHarness: () => Promise<StoreHarness>): void {
  describe(`customer store contract: ${name}`, function () {
    let harness: StoreHarness;
    let store: CustomerStore;

    beforeEach(async () => {
      harness = await createHarness();
      store = await harness.open({ now: steppingClock() });
    });

    afterEach(async () => {
      await harness.dispose();
    });

    describe('customers', () => {
      it('runs the migrations once and keeps data across re-opening, also when opened twice at once', async () => {
        await store.addCustomer({ id: 'cus-1', email: 'ada@example.com' });
        await store.close();
        const [a, b] = await Promise.all([harness.open(), harness.open()]);
        assert.equal((await a.requireCustomer('cus-1')).email, 'ada@example.com');
        assert.equal((await b.requireCustomer('cus-1')).email, 'ada@example.com');
        assert.deepEqual(await harness.migrationVersions(), [1, 2, 3]);
      });

      it('adds, gets, updates and lists customers', async () => {
        const added = await store.addCustomer({ id: 'cus-1', email: 'ada@example.com', name: 'Ada' });
        assert.equal(added.status, 'active');
        assert.equal(added.customerIdentification, customerIdentificationFor('cus-1'));
        assert.match(
          added.customerIdentification,
          /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        assert.deepEqual(await store.getCustomer('cus-1'), added);

        const renamed = await store.updateCustomer('cus-1', { email: 'ada@lovelace.example', name: null });
        assert.equal(renamed.email, 'ada@lovelace.example');
        assert.equal('name' in renamed, false);
        assert.notEqual(renamed.updatedAt, added.updatedAt);
        assert.deepEqual(await store.updateCustomer('cus-1', { email: 'ada@lovelace.example' }), renamed);
        assert.deepEqual(await store.getCustomer('cus-1'), renamed);

        assert.equal((await store.setStatus('cus-1', 'disabled')).status, 'disabled');
        assert.equal((await store.requireCustomer('cus-1')).status, 'disabled');
        assert.equal(await store.getCustomer('nobody'), undefined);
      });

      it('pages customers by id with a keyset cursor, in bytewise id order', async () => {
        for (const id of ['c3', 'c1', 'C5', 'c2', 'c4', 'c_0'])
          await store.addCustomer({ id, email: `${id}@example.com` });
        const first = await store.listCustomers({ limit: 3 });
        assert.deepEqual(
          first.items.map((c) => c.id),
          ['C5', 'c1', 'c2'],
        );
        const rest = await store.listCustomers({ limit: 3, afterId: first.nextAfterId ?? '' });
        assert.deepEqual(
          rest.items.map((c) => c.id),
          ['c3', 'c4', 'c_0'],
        );
        assert.equal(rest.nextAfterId, undefined);
      });

      it('throws UnknownCustomerError for a customer that does not exist', async () => {
        await assert.rejects(store.requireCustomer('ghost'), UnknownCustomerError);
        await assert.rejects(store.setStatus('ghost', 'disabled'), (err) => {
          assert.ok(err instanceof UnknownCustomerError);
          assert.equal(err.name, 'UnknownCustomerError');
          assert.equal(err.customerId, 'ghost');
          return true;
        });
      });

      it('rejects invalid customers and duplicates with typed errors', async () => {
        await assert.rejects(
          store.addCustomer({ id: 'bad id', email: 'a@example.com' }),
          InvalidCustomerInputError,
        );
        await assert.rejects(
          store.addCustomer({ id: 'cus-1', email: 'not-an-email' }),
          InvalidCustomerInputError,
        );
        await assert.rejects(
          store.addCustomer({
            id: 'cus-1',
            email: 'a@example.com',
            customerIdentification: 'a@example.com',
          }),
          InvalidCustomerInputError,
        );
        const extra: NewCustomerInput = { id: 'cus-1', email: 'a@example.com' };
        Object.assign(extra, { role: 'admin' });
        await assert.rejects(store.addCustomer(extra), InvalidCustomerInputError);
        await assert.rejects(store.getCustomer('../etc'), InvalidCustomerInputError);

        await store.addCustomer({ id: 'cus-1', email: 'a@example.com', customerIdentification: 'ident-1' });
        await assert.rejects(
          store.addCustomer({ id: 'cus-1', email: 'b@example.com' }),
          (err) => err instanceof DuplicateCustomerError && err.field === 'id',
        );
        await assert.rejects(
          store.addCustomer({ id: 'cus-2', email: 'b@example.com', customerIdentification: 'ident-1' }),
          (err) => err instanceof DuplicateCustomerError && err.field === 'customerIdentification',
        );
        assert.equal(await store.getCustomer('cus-2'), undefined);
      });

      it('grants, re-grants idempotently and revokes a mandate', async () => {
        await store.addCustomer({ id: 'cus-1', email: 'a@example.com' });
        const granted = await store.grantMandate('cus-1', { reference: 'MANDATE-1' });
        assert.equal(granted.mandate?.status, 'active');
        assert.equal(granted.mandate?.reference, 'MANDATE-1');
        assert.deepEqual(await store.grantMandate('cus-1', { reference: 'MANDATE-1' }), granted);

        const revoked = await store.revokeMandate('cus-1');
        assert.equal(revoked.mandate?.status, 'revoked');
        assert.equal(typeof revoked.mandate?.revokedAt, 'string');
        assert.deepEqual(await store.revokeMandate('cus-1'), revoked);
        assert.deepEqual(await store.requireCustomer('cus-1'), revoked);

        const regranted = await store.grantMandate('cus-1', {
          reference: 'MANDATE-2',
          grantedAt: '2026-12-01T00:00:00Z',
        });
        assert.deepEqual(regranted.mandate, {
          status: 'active',
          reference: 'MANDATE-2',
          grantedAt: '2026-12-01T00:00:00Z',
        });
        assert.deepEqual((await store.requireCustomer('cus-1')).mandate, regranted.mandate);
      });

      it('links a gateway profile idempotently and refuses a different one', async () => {
        await store.addCustomer({ id: 'cus-1', email: 'a@example.com' });
        const link = { customerIdentification: customerIdentificationFor('cus-1'), profileGuid: 'PG-123' };
        const linked = await store.linkProfile('cus-1', link);
        assert.equal(linked.profileGuid, 'PG-123');
        assert.deepEqual(await store.linkProfile('cus-1', link), linked);
        assert.deepEqual(await store.requireCustomer('cus-1'), linked);
        await assert.rejects(
          store.linkProfile('cus-1', { ...link, profileGuid: 'PG-999' }),
          ProfileLinkConflictError,
        );
        await store.addCustomer({ id: 'cus-2', email: 'b@example.com' });
        await assert.rejects(
          store.linkProfile('cus-2', { ...link, profileGuid: 'PG-2' }),
          (err) => err instanceof DuplicateCustomerError && err.field === 'customerIdentification',
        );
      });

      it('unlinks a deleted profile (idempotently) and then links a new one', async () => {
        await store.addCustomer({ id: 'cus-1', email: 'a@example.com' });
        const link = { customerIdentification: customerIdentificationFor('cus-1'), profileGuid: 'PG-1' };
        await store.linkProfile('cus-1', link);
        const unlinked = await store.unlinkProfile('cus-1');
        assert.equal(unlinked.profileGuid, undefined);
        assert.equal(unlinked.customerIdentification, link.customerIdentification);
        assert.deepEqual(await store.unlinkProfile('cus-1'), unlinked);
        assert.deepEqual(await store.requireCustomer('cus-1'), unlinked);
        assert.equal(
          (await store.linkProfile('cus-1', { ...link, profileGuid: 'PG-2' })).profileGuid,
          'PG-2',
        );
      });

      it('encrypts email and name at rest and decrypts them on read', async () => {
        const personalDataKey = generatePersonalDataKey();
        const sealed = await harness.open({ personalDataKey });
        await sealed.addCustomer({
          id: 'cus-1',
          email: 'secret.person@example.com',
          name: 'Secret Person',
        });

        const row = await harness.rawPersonalData('cus-1');
        assert.doesNotMatch(JSON.stringify(row), /secret|Person|example/i);
        assert.match(row.email, /^e1:/);
        assert.match(row.name ?? '', /^e1:/);
        const read = await sealed.requireCustomer('cus-1');
        assert.equal(read.email, 'secret.person@example.com');
        assert.equal(read.name, 'Secret Person');
        assert.equal(
          (await (await harness.open({ personalDataKey })).requireCustomer('cus-1')).name,
          'Secret Person',
        );

        const otherKey = await harness.open({ personalDataKey: generatePersonalDataKey() });
        await assert.rejects(otherKey.requireCustomer('cus-1'), PersonalDataError);
        await assert.rejects(store.requireCustomer('cus-1'), PersonalDataError);

        // Without a key values are tagged plaintext; once a key is set, plaintext rows are refused.
        await store.addCustomer({ id: 'cus-2', email: 'plain@example.com' });
        assert.equal((await harness.rawPersonalData('cus-2')).email, 'p:plain@example.com');
        assert.equal((await store.requireCustomer('cus-2')).email, 'plain@example.com');
        await assert.rejects(sealed.requireCustomer('cus-2'), (err: Error) => {
          assert.ok(err instanceof PersonalDataError);
          assert.match(err.message, /plaintext/);
          return true;
        });
      });

      it('rotates personal data keys by id: old rows open under the key they name, new rows use the current one', async () => {
        const k1 = generatePersonalDataKey();
        const k2 = generatePersonalDataKey();
        const bare = await harness.open({ personalDataKey: k1 });
        await bare.addCustomer({ id: 'cus-1', email: 'one@example.com' });
        const first = await harness.open({ personalDataKey: `k1:${k1}` });
        await first.addCustomer({ id: 'cus-2', email: 'two@example.com' });
        assert.match((await harness.rawPersonalData('cus-2')).email, /^e2:k1:/);

        const rotated = await harness.open({ personalDataKey: `k2:${k2},k1:${k1}` });
        await rotated.addCustomer({ id: 'cus-3', email: 'three@example.com' });
        assert.match((await harness.rawPersonalData('cus-3')).email, /^e2:k2:/);
        assert.equal((await rotated.requireCustomer('cus-1')).email, 'one@example.com');
        assert.equal((await rotated.requireCustomer('cus-2')).email, 'two@example.com');
        assert.equal((await rotated.requireCustomer('cus-3')).email, 'three@example.com');

        const dropped = await harness.open({ personalDataKey: `k2:${k2}` });
        assert.equal((await dropped.requireCustomer('cus-3')).email, 'three@example.com');
        await assert.rejects(dropped.requireCustomer('cus-2'), /not configured/);
        await assert.rejects(harness.open({ personalDataKey: `k1:${k1},k1:${k2}` }), PersonalDataError);
      });

      it('refuses a personal data key that is not 32 bytes of base64', async () => {
        await assert.rejects(harness.open({ personalDataKey: 'c2hvcnQ=' }), PersonalDataError);
      });
    });

    describe('subscriptions', () => {
      beforeEach(async () => {
        await store.addCustomer({ id: 'cus-1', email: 'a@example.com' });
        await store.addCustomer({ id: 'cus-2', email: 'b@example.com' });
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
        assert.deepEqual(await store.listSubscriptions(), [added]);
        assert.deepEqual(await store.listSubscriptions('cus-2'), []);
        assert.equal(await store.getSubscription('sub-404'), undefined);
        await assert.rejects(store.requireSubscription('sub-404'), UnknownSubscriptionError);
      });

      it('keeps large amounts and zero-exponent currencies exact', async () => {
        const big = { ...monthly('sub-big', 'cus-1', '2026-11-25'), amountMinor: 2 ** 53 - 1 };
        const yen = {
          ...monthly('sub-yen', 'cus-1', '2026-11-25'),
          amountMinor: 5000,
          currency: 'JPY' as const,
        };
        await store.addSubscriptions([big, yen]);
        assert.equal((await store.requireSubscription('sub-big')).amountMinor, 2 ** 53 - 1);
        const read = await store.requireSubscription('sub-yen');
        assert.equal(read.amountMinor, 5000);
        assert.equal(read.currency, 'JPY');
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
          await assert.rejects(
            store.addSubscription(input as NewSubscriptionInput),
            InvalidCustomerInputError,
          );
        }
        assert.deepEqual(await store.listSubscriptions(), []);
      });

      it('refuses a subscription for an unknown customer or with a taken id', async () => {
        await assert.rejects(
          store.addSubscription(monthly('sub-1', 'ghost', '2026-11-25')),
          UnknownCustomerError,
        );
        await store.addSubscription(monthly('sub-1', 'cus-1', '2026-11-25'));
        await assert.rejects(store.addSubscription(monthly('sub-1', 'cus-2', '2026-11-25')), (err) => {
          assert.ok(err instanceof DuplicateSubscriptionError);
          assert.equal(err.subscriptionId, 'sub-1');
          return true;
        });
        assert.equal((await store.requireSubscription('sub-1')).customerId, 'cus-1');
      });

      it('adds subscriptions in bulk all or nothing', async () => {
        const list = [monthly('sub-1', 'cus-1', '2026-11-25'), monthly('sub-2', 'ghost', '2026-11-25')];
        await assert.rejects(store.addSubscriptions(list), UnknownCustomerError);
        assert.deepEqual(await store.listSubscriptions(), []);
        const twice = [monthly('sub-1', 'cus-1', '2026-11-25'), monthly('sub-1', 'cus-2', '2026-11-25')];
        await assert.rejects(store.addSubscriptions(twice), DuplicateSubscriptionError);
        assert.deepEqual(await store.listSubscriptions(), []);
        assert.equal(await store.addSubscriptions([list[0]!, monthly('sub-2', 'cus-2', '2026-11-25')]), 2);
        await assert.rejects(
          store.addSubscriptions([monthly('sub-3', 'cus-1', '2026-11-25'), list[0]!]),
          DuplicateSubscriptionError,
        );
        assert.equal(await store.getSubscription('sub-3'), undefined);
        assert.equal(await store.addSubscriptions([]), 0);
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
          monthly('sub-4', 'cus-2', '2026-11-26'),
        ]);
        const ids = async (q: { currency?: 'EUR' | 'JPY'; customerIds?: string[] }) =>
          (await store.listDueSubscriptions({ billingDate: '2026-11-25', limit: 10, ...q })).items.map(
            (s) => s.id,
          );
        assert.deepEqual(await ids({}), ['sub-1', 'sub-2', 'sub-3']);
        assert.deepEqual(await ids({ currency: 'JPY' }), ['sub-2']);
        assert.deepEqual(await ids({ customerIds: ['cus-2'] }), ['sub-3']);
        assert.deepEqual(await ids({ currency: 'EUR', customerIds: ['cus-1', 'cus-2'] }), ['sub-1', 'sub-3']);
        assert.deepEqual(await ids({ customerIds: [] }), []);
        assert.equal(await store.countDueSubscriptions({ billingDate: '2026-11-25', currency: 'EUR' }), 2);
        assert.equal(
          await store.countDueSubscriptions({ billingDate: '2026-11-25', customerIds: ['cus-1'] }),
          2,
        );
      });

      it('advances a subscription once per billed period, however often it is repeated', async () => {
        const sub = await store.addSubscription(monthly('sub-1', 'cus-1', '2026-01-31'));
        const period = store.periodOf(sub);
        assert.equal(period, '2026-01-31');

        const first = await store.advanceSubscription('sub-1', period);
        assert.equal(first.advanced, true);
        assert.equal(first.subscription.nextBillingDate, '2026-02-28');
        assert.equal(first.subscription.lastBilledPeriod, '2026-01-31');
        assert.deepEqual(await store.requireSubscription('sub-1'), first.subscription);

        const again = await store.advanceSubscription('sub-1', period);
        assert.equal(again.advanced, false);
        assert.deepEqual(again.subscription, first.subscription);

        const next = await store.advanceSubscription('sub-1', store.periodOf(first.subscription));
        assert.equal(next.subscription.nextBillingDate, '2026-03-31');
        assert.equal((await store.advanceSubscription('sub-1', period)).advanced, false);
        await assert.rejects(store.advanceSubscription('sub-1', '2026-04-30'), InvalidCustomerInputError);
        await assert.rejects(store.advanceSubscription('sub-404', period), UnknownSubscriptionError);
      });

      it('takes a past-due subscription out of billing and back in once its period is paid', async () => {
        await store.addSubscription(monthly('sub-1', 'cus-1', '2026-11-25'));
        const pastDue = await store.markPastDue('sub-1', 'insufficient funds');
        assert.equal(pastDue.status, 'past_due');
        assert.equal(pastDue.pastDueReason, 'insufficient funds');
        assert.deepEqual(await store.markPastDue('sub-1', 'insufficient funds'), pastDue);
        assert.equal(await store.countDueSubscriptions({ billingDate: '2026-11-25' }), 0);

        const { subscription } = await store.advanceSubscription('sub-1', '2026-11-25');
        assert.equal(subscription.status, 'active');
        assert.equal(subscription.pastDueReason, undefined);
        assert.equal(subscription.nextBillingDate, '2026-12-25');

        await store.setSubscriptionStatus('sub-1', 'cancelled');
        assert.equal((await store.markPastDue('sub-1', 'late retry')).status, 'cancelled');
        assert.equal((await store.requireSubscription('sub-1')).status, 'cancelled');
      });

      it('seeds 100,000 subscriptions in one bulk call and counts them as due', async function () {
        this.timeout(120_000);
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
        await store.recordRunItems('run-1', [line(1, 'needs-action'), line(1, 'succeeded')]);
        await store.recordRunItems('run-2', [line(9, 'succeeded')]);
        await store.recordRunItems('run-2', []);
        // A second run under the same id finds the charge already started: the first run's line stays.
        await store.recordRunItems('run-2', [line(9, 'already-billed'), line(8, 'already-billed')]);

        const first = await store.listRunItems('run-1', { limit: 2 });
        assert.deepEqual(first.items, [line(1, 'succeeded'), line(2, 'succeeded')]);
        const rest = await store.listRunItems('run-1', { limit: 2, afterId: first.nextAfterId ?? '' });
        assert.deepEqual(rest, { items: [line(3, 'declined')] });
        assert.deepEqual(await store.listRunItems('run-2', { limit: 10 }), {
          items: [line(8, 'already-billed'), line(9, 'succeeded')],
        });
      });
    });

    describe('charge outcomes', () => {
      const outcome = {
        result: { chargeId: 'ord-1', status: 'succeeded', amountMinor: 1500, currency: 'EUR', attempts: 2 },
        memo: {
          customerId: 'cus-1',
          amountMinor: 1500,
          currency: 'EUR',
          mode: 'debit',
          initiator: 'merchant',
        },
      };

      it('keeps a final outcome per flow and charge id, a repeat replacing it, across re-opening', async () => {
        assert.equal(await store.getChargeOutcome('charge', 'ord-1'), undefined);
        await store.recordChargeOutcome({ flow: 'charge', chargeId: 'ord-1', outcome });
        await store.recordChargeOutcome({ flow: 'charge', chargeId: 'ord-1', outcome });
        await store.close();
        const reopened = await harness.open();
        assert.deepEqual(await reopened.getChargeOutcome('charge', 'ord-1'), {
          flow: 'charge',
          chargeId: 'ord-1',
          outcome,
        });
        assert.equal(await reopened.getChargeOutcome('register', 'ord-1'), undefined);
      });

      it('refuses an outcome without a flow or with a non-object outcome', async () => {
        await assert.rejects(
          store.recordChargeOutcome({ flow: 'other', chargeId: 'x', outcome: {} } as never),
          InvalidCustomerInputError,
        );
        await assert.rejects(
          store.recordChargeOutcome({ flow: 'charge', chargeId: 'x', outcome: 'no' } as never),
          InvalidCustomerInputError,
        );
      });
    });

    describe('two store instances racing (two processes)', () => {
      let other: CustomerStore;

      beforeEach(async () => {
        other = await harness.open();
        await store.addCustomer({ id: 'cus-1', email: 'a@example.com' });
      });

      it('advances each subscription once when both advance the same period at the same time', async () => {
        const ids = Array.from({ length: 20 }, (_, i) => `sub-${i}`);
        await store.addSubscriptions(ids.map((id) => monthly(id, 'cus-1', '2026-11-25')));
        const results = await Promise.all(
          ids.flatMap((id) => [
            store.advanceSubscription(id, '2026-11-25'),
            other.advanceSubscription(id, '2026-11-25'),
            other.advanceSubscription(id, '2026-11-25'),
          ]),
        );
        for (const id of ids) {
          const mine = results.filter((r) => r.subscription.id === id);
          assert.equal(mine.filter((r) => r.advanced).length, 1, `${id} advanced exactly once`);
          for (const r of mine) assert.equal(r.subscription.nextBillingDate, '2026-12-25');
          const stored = await other.requireSubscription(id);
          assert.equal(stored.nextBillingDate, '2026-12-25');
          assert.equal(stored.lastBilledPeriod, '2026-11-25');
        }
      });

      it('links a profile consistently when both link at the same time', async () => {
        const ids = Array.from({ length: 10 }, (_, i) => `cus-l${i}`);
        for (const id of ids) await store.addCustomer({ id, email: `${id}@example.com` });
        const link = (id: string, guid: string) => ({
          customerIdentification: customerIdentificationFor(id),
          profileGuid: guid,
        });

        // The same link twice: both succeed with the same record.
        const same = await Promise.all(
          ids.map((id) =>
            Promise.all([
              store.linkProfile(id, link(id, `PG-${id}`)),
              other.linkProfile(id, link(id, `PG-${id}`)),
            ]),
          ),
        );
        for (const [a, b] of same) {
          assert.deepEqual(a, b);
          assert.deepEqual(await store.requireCustomer(a.id), a);
        }

        // Different profiles for one customer: exactly one wins, the other is a conflict.
        await store.addCustomer({ id: 'cus-x', email: 'x@example.com' });
        const { values, errors } = await settle([
          store.linkProfile('cus-x', link('cus-x', 'PG-A')),
          other.linkProfile('cus-x', link('cus-x', 'PG-B')),
        ]);
        assert.equal(values.length, 1);
        assert.equal(errors.length, 1);
        assert.ok(errors[0] instanceof ProfileLinkConflictError);
        assert.equal((await other.requireCustomer('cus-x')).profileGuid, values[0]!.profileGuid);
      });

      it('gives one customerIdentification to one customer when two claim it at the same time', async () => {
        await store.addCustomer({ id: 'cus-a', email: 'a@example.com' });
        await store.addCustomer({ id: 'cus-b', email: 'b@example.com' });
        const { values, errors } = await settle([
          store.linkProfile('cus-a', { customerIdentification: 'shared-ident', profileGuid: 'PG-A' }),
          other.linkProfile('cus-b', { customerIdentification: 'shared-ident', profileGuid: 'PG-B' }),
        ]);
        assert.equal(values.length, 1);
        assert.ok(errors[0] instanceof DuplicateCustomerError);
        const holders = [await store.requireCustomer('cus-a'), await store.requireCustomer('cus-b')].filter(
          (c) => c.customerIdentification === 'shared-ident',
        );
        assert.equal(holders.length, 1);
        assert.equal(holders[0]!.profileGuid, values[0]!.profileGuid);
      });

      it('adds a customer once when both add the same id at the same time', async () => {
        const { values, errors } = await settle([
          store.addCustomer({ id: 'cus-dup', email: 'one@example.com' }),
          other.addCustomer({ id: 'cus-dup', email: 'two@example.com' }),
        ]);
        assert.equal(values.length, 1);
        assert.ok(errors[0] instanceof DuplicateCustomerError);
        assert.equal((await other.requireCustomer('cus-dup')).email, values[0]!.email);
      });
    });
  });
}
