/** The customer store contract on the embedded SQLite store: a fresh database file per test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteCustomerStore, type CustomerStore } from '../../src/customers/index.js';
import { customerStoreContract, type StoreHarness } from './customer-store.contract.js';

function sqliteHarness(): Promise<StoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'customer-store-contract-'));
  const file = join(dir, 'customers.sqlite');
  const opened: CustomerStore[] = [];
  const raw = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(file, { readonly: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return Promise.resolve({
    open: (options = {}) =>
      new Promise<CustomerStore>((resolve) => {
        const store = openSqliteCustomerStore({ file, ...options });
        opened.push(store);
        resolve(store);
      }),
    rawPersonalData: (id) =>
      Promise.resolve(
        raw(
          (db) =>
            db.prepare('SELECT email, name FROM customers WHERE id = ?').get(id) as {
              email: string;
              name: string | null;
            },
        ),
      ),
    migrationVersions: () =>
      Promise.resolve(
        raw((db) =>
          db
            .prepare<[], { version: number }>('SELECT version FROM schema_migrations ORDER BY version')
            .all()
            .map((r) => r.version),
        ),
      ),
    async dispose() {
      for (const store of opened) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

customerStoreContract('SQLite', sqliteHarness);
