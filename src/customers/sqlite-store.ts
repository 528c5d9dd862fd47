/**
 * The embedded CustomerStore on SQLite (better-sqlite3): WAL journal, foreign keys, a busy timeout for other
 * processes on the same file, migrations on open, statements prepared once. Calls are synchronous underneath;
 * the promises only keep the interface replaceable by a server database.
 */
import Database from 'better-sqlite3';
import { billingPeriodOf } from './billing-dates.js';
import { applyMigrations } from './migrations.js';
import { createPersonalDataCipher } from './personal-data.js';
import { createSqliteContext } from './sqlite-context.js';
import { createCustomerOps } from './sqlite-customers.js';
import { createRunItemOps } from './sqlite-run-items.js';
import { createChargeOutcomeOps } from './sqlite-charge-outcomes.js';
import { createSubscriptionOps } from './sqlite-subscriptions.js';
import type { CustomerStore } from './store.js';

export interface SqliteCustomerStoreOptions {
  /** Database file, or ':memory:' for a private in-memory database. */
  readonly file: string;
  /** 32 bytes, base64: encrypts email and name at rest (AES-256-GCM). Without it they are stored plaintext. */
  readonly personalDataKey?: string;
  /** How long to wait for another process's write lock, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /** Clock for createdAt/updatedAt/grantedAt (tests). */
  readonly now?: () => Date;
}

/** Runs `fn` now and turns its result or exception into a promise. */
function later<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => resolve(fn()));
}

/** Opens (creating and migrating when needed) a SQLite customer store. */
export function openSqliteCustomerStore(options: SqliteCustomerStoreOptions): CustomerStore {
  const cipher = createPersonalDataCipher(options.personalDataKey);
  const db = new Database(options.file);
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    applyMigrations(db);
  } catch (err) {
    db.close();
    throw err;
  }

  const ctx = createSqliteContext(db, cipher, options.now ?? (() => new Date()));
  const customers = createCustomerOps(ctx);
  const subscriptions = createSubscriptionOps(ctx);
  const runItems = createRunItemOps(ctx);
  const outcomes = createChargeOutcomeOps(ctx);

  return {
    addCustomer: (input) => later(() => customers.add(input)),
    getCustomer: (id) => later(() => customers.get(id)),
    requireCustomer: (id) => later(() => customers.require(id)),
    listCustomers: (query) => later(() => customers.list(query)),
    updateCustomer: (id, patch) => later(() => customers.update(id, patch)),
    setStatus: (id, status) => later(() => customers.setStatus(id, status)),
    grantMandate: (id, grant) => later(() => customers.grantMandate(id, grant)),
    revokeMandate: (id) => later(() => customers.revokeMandate(id)),
    linkProfile: (id, link) => later(() => customers.linkProfile(id, link)),
    unlinkProfile: (id) => later(() => customers.unlinkProfile(id)),

    addSubscription: (input) => later(() => subscriptions.add(input)),
    addSubscriptions: (inputs) => later(() => subscriptions.addMany(inputs)),
    getSubscription: (id) => later(() => subscriptions.get(id)),
    requireSubscription: (id) => later(() => subscriptions.require(id)),
    listSubscriptions: (customerId) => later(() => subscriptions.list(customerId)),
    listDueSubscriptions: (query) => later(() => subscriptions.listDue(query)),
    countDueSubscriptions: (query) => later(() => subscriptions.countDue(query)),
    periodOf: (subscription) => billingPeriodOf(subscription.nextBillingDate),
    advanceSubscription: (id, billedPeriod) => later(() => subscriptions.advance(id, billedPeriod)),
    markPastDue: (id, reason) => later(() => subscriptions.markPastDue(id, reason)),
    setSubscriptionStatus: (id, status) => later(() => subscriptions.setStatus(id, status)),

    recordRunItems: (runId, items) => later(() => runItems.record(runId, items)),
    listRunItems: (runId, query) => later(() => runItems.list(runId, query)),
    recordChargeOutcome: (input) => later(() => outcomes.record(input)),
    getChargeOutcome: (flow, chargeId) => later(() => outcomes.get(flow, chargeId)),

    close: () =>
      later(() => {
        if (db.open) db.close();
      }),
  };
}
