/**
 * The PostgreSQL store's operational limits against a real server: migrations kept apart from workers, a
 * connect timeout, pool errors reported, sslmode honoured.
 */
import { strict as assert } from 'node:assert';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  PendingMigrationsError,
  openPostgresCustomerStore,
  type CustomerStore,
} from '../../src/customers/index.js';
import { randomPostgresName, testPostgresUrl, withPostgres } from '../helpers/postgres.js';
import { runCliWithEnv } from '../helpers/cli.js';

describe('PostgreSQL store limits', function () {
  this.timeout(60_000);
  const schema = randomPostgresName('hardening');
  const opened: CustomerStore[] = [];
  after(async () => {
    for (const store of opened) await store.close().catch(() => undefined);
    await withPostgres((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
  });

  it('opens without DDL only once `migrate` has applied the migrations', async () => {
    const url = testPostgresUrl();
    await assert.rejects(
      openPostgresCustomerStore({ url, schema, migrations: 'verify' }),
      (err: Error) => err instanceof PendingMigrationsError && /ixopay-temporal migrate/.test(err.message),
    );
    const withSchema = new URL(url);
    withSchema.searchParams.set('options', `-c search_path=${schema}`);
    await withPostgres((c) => c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`));
    const migrate = await runCliWithEnv(['migrate'], { CUSTOMER_STORE_URL: withSchema.toString() });
    assert.equal(migrate.code, 0, migrate.stderr);
    const store = await openPostgresCustomerStore({ url, schema, migrations: 'verify' });
    opened.push(store);
    await store.addCustomer({ id: 'c-1', email: 'c1@example.org' });
    assert.equal((await store.getCustomer('c-1'))?.id, 'c-1');
  });

  it('gives up connecting to a server that never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      await assert.rejects(
        openPostgresCustomerStore({ url: `postgres://u:p@127.0.0.1:${port}/db`, connectTimeoutMs: 300 }),
        /timeout/i,
      );
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('reports a pool error (a dropped idle connection) instead of swallowing it', async () => {
    const errors: Error[] = [];
    const applicationName = randomPostgresName('pool');
    const store = await openPostgresCustomerStore({
      url: testPostgresUrl(),
      schema,
      applicationName,
      onPoolError: (err) => errors.push(err),
    });
    opened.push(store);
    await store.getCustomer('c-1');
    await withPostgres((c) =>
      c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        applicationName,
      ]),
    );
    for (let i = 0; i < 50 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(errors.length > 0, 'no pool error reported');
  });

  it('honours sslmode in the URL', async () => {
    const url = new URL(testPostgresUrl());
    url.searchParams.set('sslmode', 'require');
    const ssl = await withPostgres(async (c) => (await c.query<{ ssl: string }>('SHOW ssl')).rows[0]?.ssl);
    if (ssl === 'on') {
      const store = await openPostgresCustomerStore({ url: url.toString(), schema, migrations: 'verify' });
      opened.push(store);
    } else {
      await assert.rejects(
        openPostgresCustomerStore({ url: url.toString(), schema, migrations: 'verify' }),
        /SSL/i,
      );
    }
  });
});
