/**
 * The customer store contract on PostgreSQL: TEST_POSTGRES_URL, or the local cluster of
 * scripts/postgres/ensure.sh. Every test gets a random schema of its own, dropped after.
 */
import { strict as assert } from 'node:assert';
import {
  openCustomerStore,
  openPostgresCustomerStore,
  type CustomerStore,
} from '../../src/customers/index.js';
import {
  createTestDatabase,
  randomPostgresName,
  testPostgresUrl,
  withPostgres,
} from '../helpers/postgres.js';
import { customerStoreContract, type StoreHarness } from './customer-store.contract.js';

function postgresHarness(): Promise<StoreHarness> {
  const url = testPostgresUrl();
  const schema = randomPostgresName('contract');
  const opened: CustomerStore[] = [];
  // `schema` is [a-z0-9_] only (randomPostgresName): safe to name in SQL.
  return Promise.resolve({
    async open(options = {}) {
      const store = await openPostgresCustomerStore({ url, schema, maxConnections: 4, ...options });
      opened.push(store);
      return store;
    },
    rawPersonalData: (id) =>
      withPostgres(async (c) => {
        const { rows } = await c.query<{ email: string; name: string | null }>(
          `SELECT email, name FROM ${schema}.customers WHERE id = $1`,
          [id],
        );
        if (!rows[0]) throw new Error(`no row for ${id}`);
        return rows[0];
      }),
    migrationVersions: () =>
      withPostgres(async (c) => {
        const { rows } = await c.query<{ version: number }>(
          `SELECT version FROM ${schema}.schema_migrations ORDER BY version`,
        );
        return rows.map((r) => r.version);
      }),
    async dispose() {
      for (const store of opened) await store.close();
      await withPostgres((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    },
  });
}

customerStoreContract('PostgreSQL', postgresHarness);

describe('openCustomerStore with a postgres:// URL', () => {
  it('opens the PostgreSQL store, so two opens share their data', async () => {
    const database = await createTestDatabase('ixopay_open');
    const a = await openCustomerStore({ url: database.url, file: '/nonexistent/customers.sqlite' });
    const b = await openCustomerStore({ url: database.url, file: '/nonexistent/other.sqlite' });
    try {
      await a.addCustomer({ id: 'cus-1', email: 'a@example.com' });
      assert.equal((await b.requireCustomer('cus-1')).email, 'a@example.com');
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  });
});
