/**
 * The CustomerStore on PostgreSQL (node-postgres): a connection pool, migrations on open under an advisory lock,
 * parameterised statements only, row locks where two processes could race. Several worker processes can share
 * one database: every read-modify-write locks its row (SELECT … FOR UPDATE) in a transaction.
 */
import pg from 'pg';
import { billingPeriodOf } from './billing-dates.js';
import { createPersonalDataCipher } from './personal-data.js';
import { createPostgresContext } from './postgres-context.js';
import { createPostgresCustomerOps } from './postgres-customers.js';
import { SCHEMA_NAME, applyPostgresMigrations, verifyPostgresMigrations } from './postgres-migrations.js';
import { createPostgresRunItemOps } from './postgres-run-items.js';
import { createPostgresChargeOutcomeOps } from './postgres-charge-outcomes.js';
import { createPostgresSubscriptionOps } from './postgres-subscriptions.js';
import type { CustomerStore } from './store.js';

export interface PostgresCustomerStoreOptions {
  /** postgres://user:password@host:port/database?… (may hold a password: never log it). */
  readonly url: string;
  /** Keep the tables in this schema (created when missing) instead of the database's default search_path. */
  readonly schema?: string | undefined;
  /** 32 bytes, base64: encrypts email and name at rest (AES-256-GCM). Without it they are stored plaintext. */
  readonly personalDataKey?: string | undefined;
  /** Most connections the pool opens (default 10). */
  readonly maxConnections?: number | undefined;
  /** 'apply' (default): migrate on open (needs DDL rights); 'verify': refuse to open a schema that lacks some. */
  readonly migrations?: 'apply' | 'verify' | undefined;
  /** Connecting gives up after this long (default 10 s). */
  readonly connectTimeoutMs?: number | undefined;
  /** The server cancels a statement running longer (default 30 s). */
  readonly statementTimeoutMs?: number | undefined;
  /** The connections' application_name (pg_stat_activity); default ixopay-temporal. */
  readonly applicationName?: string | undefined;
  /** Where pool errors (a dropped idle connection) are reported; default a JSON line on stderr. */
  readonly onPoolError?: ((err: Error) => void) | undefined;
  /** Clock for createdAt/updatedAt/grantedAt (tests). */
  readonly now?: () => Date;
}

const DATE_OID = 1082;
const INT8_OID = 20;

/**
 * DATE stays the 'YYYY-MM-DD' text the store works with (no Date, no time zone); BIGINT (amounts, counts)
 * becomes a number: amounts are validated safe integers before they are stored.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) => {
    if (oid === DATE_OID) return (value: string) => value;
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** The default pool error report: the error's name and message only (never the connection string). */
function logPoolError(err: Error): void {
  console.error(
    JSON.stringify({
      ts: new Date().toISOString(),
      level: 'warn',
      msg: 'customer store pool error',
      error: err.message,
    }),
  );
}

/** Opens (creating the schema and migrating when needed) a PostgreSQL customer store. */
export async function openPostgresCustomerStore(
  options: PostgresCustomerStoreOptions,
): Promise<CustomerStore> {
  const cipher = createPersonalDataCipher(options.personalDataKey);
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new RangeError('schema must be a lower-case identifier ([a-z_][a-z0-9_]*)');
  }
  // sslmode in the URL (disable, require, verify-ca, verify-full) is honoured by the driver.
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    types,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: options.applicationName ?? 'ixopay-temporal',
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle connection the server dropped is discarded by the pool; reported, never a crash.
  pool.on('error', options.onPoolError ?? logPoolError);
  const ctx = createPostgresContext(pool, cipher, options.now ?? (() => new Date()));
  try {
    if (options.migrations === 'verify') await verifyPostgresMigrations(ctx.transaction);
    else await applyPostgresMigrations(ctx.transaction, { schema: options.schema });
  } catch (err) {
    await pool.end();
    throw err;
  }

  const customers = createPostgresCustomerOps(ctx);
  const subscriptions = createPostgresSubscriptionOps(ctx);
  const runItems = createPostgresRunItemOps(ctx);
  const outcomes = createPostgresChargeOutcomeOps(ctx);
  let closed: Promise<void> | undefined;

  return {
    addCustomer: (input) => customers.add(input),
    getCustomer: (id) => customers.get(id),
    requireCustomer: (id) => customers.require(id),
    listCustomers: (query) => customers.list(query),
    updateCustomer: (id, patch) => customers.update(id, patch),
    setStatus: (id, status) => customers.setStatus(id, status),
    grantMandate: (id, grant) => customers.grantMandate(id, grant),
    revokeMandate: (id) => customers.revokeMandate(id),
    linkProfile: (id, link) => customers.linkProfile(id, link),
    unlinkProfile: (id) => customers.unlinkProfile(id),

    addSubscription: (input) => subscriptions.add(input),
    addSubscriptions: (inputs) => subscriptions.addMany(inputs),
    getSubscription: (id) => subscriptions.get(id),
    requireSubscription: (id) => subscriptions.require(id),
    listSubscriptions: (customerId) => subscriptions.list(customerId),
    listDueSubscriptions: (query) => subscriptions.listDue(query),
    countDueSubscriptions: (query) => subscriptions.countDue(query),
    periodOf: (subscription) => billingPeriodOf(subscription.nextBillingDate),
    advanceSubscription: (id, billedPeriod) => subscriptions.advance(id, billedPeriod),
    markPastDue: (id, reason) => subscriptions.markPastDue(id, reason),
    setSubscriptionStatus: (id, status) => subscriptions.setStatus(id, status),

    recordRunItems: (runId, items) => runItems.record(runId, items),
    listRunItems: (runId, query) => runItems.list(runId, query),
    recordChargeOutcome: (input) => outcomes.record(input),
    getChargeOutcome: (flow, chargeId) => outcomes.get(flow, chargeId),

    close: () => (closed ??= pool.end()),
  };
}
