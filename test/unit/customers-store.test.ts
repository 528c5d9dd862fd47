import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  DuplicateCustomerError,
  InvalidCustomerInputError,
  PersonalDataError,
  ProfileLinkConflictError,
  UnknownCustomerError,
  customerIdentificationFor,
  generatePersonalDataKey,
  openSqliteCustomerStore,
  redactCustomer,
  type CustomerStore,
  type NewCustomerInput,
} from '../../src/customers/index.js';

/** A clock that moves one second per reading, so updatedAt changes are visible. */
function steppingClock(start = Date.parse('2026-11-25T10:00:00Z')): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

describe('customer store', () => {
  let dir: string;
  let file: string;
  let store: CustomerStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'customers-store-'));
    file = join(dir, 'customers.sqlite');
    store = openSqliteCustomerStore({ file, now: steppingClock() });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the migrations once and keeps data across re-opening', async () => {
    await store.addCustomer({ id: 'cus-1', email: 'ada@example.com' });
    await store.close();
    store = openSqliteCustomerStore({ file });
    assert.equal((await store.requireCustomer('cus-1')).email, 'ada@example.com');
    const raw = new Database(file, { readonly: true });
    try {
      const rows = raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
      assert.deepEqual(rows, [{ version: 1 }, { version: 2 }]);
    } finally {
      raw.close();
    }
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

    assert.equal((await store.setStatus('cus-1', 'disabled')).status, 'disabled');
    assert.equal(await store.getCustomer('nobody'), undefined);
  });

  it('pages customers by id with a keyset cursor', async () => {
    for (const id of ['c3', 'c1', 'c5', 'c2', 'c4'])
      await store.addCustomer({ id, email: `${id}@example.com` });
    const first = await store.listCustomers({ limit: 2 });
    assert.deepEqual(
      first.items.map((c) => c.id),
      ['c1', 'c2'],
    );
    const rest = await store.listCustomers({ limit: 3, afterId: first.nextAfterId ?? '' });
    assert.deepEqual(
      rest.items.map((c) => c.id),
      ['c3', 'c4', 'c5'],
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
      store.addCustomer({ id: 'cus-1', email: 'a@example.com', customerIdentification: 'a@example.com' }),
      InvalidCustomerInputError,
    );
    const extra: NewCustomerInput = { id: 'cus-1', email: 'a@example.com' };
    Object.assign(extra, { role: 'admin' });
    await assert.rejects(store.addCustomer(extra), InvalidCustomerInputError);
    await assert.rejects(store.getCustomer('../etc'), InvalidCustomerInputError);

    await store.addCustomer({ id: 'cus-1', email: 'a@example.com', customerIdentification: 'ident-1' });
    await assert.rejects(store.addCustomer({ id: 'cus-1', email: 'b@example.com' }), DuplicateCustomerError);
    await assert.rejects(
      store.addCustomer({ id: 'cus-2', email: 'b@example.com', customerIdentification: 'ident-1' }),
      (err) => err instanceof DuplicateCustomerError && err.field === 'customerIdentification',
    );
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

    const regranted = await store.grantMandate('cus-1', {
      reference: 'MANDATE-2',
      grantedAt: '2026-12-01T00:00:00Z',
    });
    assert.deepEqual(regranted.mandate, {
      status: 'active',
      reference: 'MANDATE-2',
      grantedAt: '2026-12-01T00:00:00Z',
    });
  });

  it('links a gateway profile idempotently and refuses a different one', async () => {
    await store.addCustomer({ id: 'cus-1', email: 'a@example.com' });
    const link = { customerIdentification: customerIdentificationFor('cus-1'), profileGuid: 'PG-123' };
    const linked = await store.linkProfile('cus-1', link);
    assert.equal(linked.profileGuid, 'PG-123');
    assert.deepEqual(await store.linkProfile('cus-1', link), linked);
    await assert.rejects(
      store.linkProfile('cus-1', { ...link, profileGuid: 'PG-999' }),
      ProfileLinkConflictError,
    );
  });

  it('encrypts email and name at rest and decrypts them on read', async () => {
    await store.close();
    const personalDataKey = generatePersonalDataKey();
    store = openSqliteCustomerStore({ file, personalDataKey });
    await store.addCustomer({ id: 'cus-1', email: 'secret.person@example.com', name: 'Secret Person' });

    const raw = new Database(file, { readonly: true });
    try {
      const row = raw.prepare('SELECT email, name FROM customers WHERE id = ?').get('cus-1') as Record<
        string,
        string
      >;
      assert.doesNotMatch(JSON.stringify(row), /secret|Person|example/i);
      assert.match(row.email ?? '', /^e1:/);
    } finally {
      raw.close();
    }
    const read = await store.requireCustomer('cus-1');
    assert.equal(read.email, 'secret.person@example.com');
    assert.equal(read.name, 'Secret Person');

    await store.close();
    store = openSqliteCustomerStore({ file, personalDataKey: generatePersonalDataKey() });
    await assert.rejects(store.requireCustomer('cus-1'), PersonalDataError);
    await store.close();
    store = openSqliteCustomerStore({ file });
    await assert.rejects(store.requireCustomer('cus-1'), PersonalDataError);
  });

  it('refuses a personal data key that is not 32 bytes of base64', () => {
    assert.throws(
      () => openSqliteCustomerStore({ file: ':memory:', personalDataKey: 'c2hvcnQ=' }),
      PersonalDataError,
    );
  });

  it('redacts email and name for logs and workflow history', async () => {
    const customer = await store.addCustomer({ id: 'cus-1', email: 'a@example.com', name: 'Ada' });
    const redacted = redactCustomer(customer);
    assert.equal(redacted.id, 'cus-1');
    assert.doesNotMatch(JSON.stringify(redacted), /example\.com|Ada/);
    assert.equal(customer.email, 'a@example.com');
  });
});
