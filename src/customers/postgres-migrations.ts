/**
 * Numbered schema migrations of the PostgreSQL customer store. Append only: never edit an applied migration, add
 * the next number. Applied in one transaction under a transaction-level advisory lock, so two processes starting
 * together take turns (the second finds everything applied) and a failure leaves the schema as it was.
 *
 * Ids and keys are COLLATE "C": keyset paging orders them bytewise, as the SQLite store does, whatever the
 * database's locale. Dates are DATE; timestamps stay the exact ISO text the store wrote (as in SQLite).
 */
import type { Migration } from './migrations.js';
import type { PostgresContext } from './postgres-context.js';
import { PendingMigrationsError } from './errors.js';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'customers-and-subscriptions',
    sql: `
      CREATE TABLE customers (
        id TEXT COLLATE "C" PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
        email TEXT NOT NULL,
        name TEXT,
        customer_identification TEXT COLLATE "C" NOT NULL UNIQUE,
        profile_guid TEXT,
        mandate_status TEXT CHECK (mandate_status IN ('active', 'revoked')),
        mandate_reference TEXT,
        mandate_granted_at TEXT,
        mandate_revoked_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE subscriptions (
        id TEXT COLLATE "C" PRIMARY KEY,
        customer_id TEXT COLLATE "C" NOT NULL REFERENCES customers (id),
        amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
        currency TEXT NOT NULL,
        billing_interval TEXT NOT NULL CHECK (billing_interval IN ('day', 'week', 'month', 'year')),
        interval_count INTEGER NOT NULL CHECK (interval_count >= 1),
        anchor_day INTEGER NOT NULL CHECK (anchor_day BETWEEN 1 AND 31),
        next_billing_date DATE NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'past_due', 'cancelled', 'paused')),
        last_billed_period DATE,
        past_due_reason TEXT,
        description TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- Due paging walks active subscriptions in id order from the cursor and filters on date and currency
      -- inside the index (index-only where the visibility map allows), never sorting every due row.
      CREATE INDEX subscriptions_active_by_id ON subscriptions (id) INCLUDE (next_billing_date, currency)
        WHERE status = 'active';
      CREATE INDEX subscriptions_by_customer ON subscriptions (customer_id, id);
    `,
  },
  {
    version: 2,
    name: 'billing-run-items',
    sql: `
      CREATE TABLE billing_run_items (
        run_id TEXT COLLATE "C" NOT NULL,
        charge_id TEXT COLLATE "C" NOT NULL,
        subscription_id TEXT NOT NULL,
        customer_id TEXT,
        period DATE NOT NULL,
        status TEXT NOT NULL,
        amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
        currency TEXT NOT NULL,
        past_due BOOLEAN NOT NULL,
        reason TEXT,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (run_id, charge_id)
      );
    `,
  },
  {
    version: 3,
    name: 'charge-outcomes',
    sql: `
      CREATE TABLE charge_outcomes (
        flow TEXT NOT NULL CHECK (flow IN ('charge', 'register')),
        charge_id TEXT COLLATE "C" NOT NULL,
        outcome JSONB NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (flow, charge_id)
      );
    `,
  },
];

/** Schema names the store accepts: plain lower-case identifiers that need no quoting. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Advisory lock key of the migrations (any fixed 64-bit number; one per database). */
const MIGRATION_LOCK_KEY = 0x1c0_9a7_2e5n;

/**
 * Applies the migrations not yet recorded in `schema_migrations` of the connection's current schema (the first
 * of its search_path); returns the versions applied now. `schema` (a plain lower-case name, the connection's
 * search_path) is created first when missing.
 */
export async function applyPostgresMigrations(
  transaction: PostgresContext['transaction'],
  options: { readonly schema?: string | undefined; readonly migrations?: readonly Migration[] } = {},
): Promise<number[]> {
  const { schema, migrations = POSTGRES_MIGRATIONS } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name ${schema}`);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} must have version ${i + 1}`);
  });
  return transaction(async (query) => {
    await query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    // An identifier cannot be a parameter; SCHEMA_NAME admits only [a-z0-9_].
    if (schema !== undefined) await query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const { rows } = await query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await query(m.sql);
      await query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}

export { PendingMigrationsError };

/**
 * Checks, without DDL, that every migration is recorded: what a worker without DDL rights does on open while
 * `ixopay-temporal migrate` applies them.
 */
export async function verifyPostgresMigrations(
  transaction: PostgresContext['transaction'],
  migrations: readonly Migration[] = POSTGRES_MIGRATIONS,
): Promise<void> {
  const missing = await transaction(async (query) => {
    const { rows: table } = await query<{ name: string | null }>(
      "SELECT to_regclass('schema_migrations')::text AS name",
    );
    if (!table[0]?.name) return migrations.map((m) => m.version);
    const { rows } = await query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    return migrations.filter((m) => !done.has(m.version)).map((m) => m.version);
  });
  if (missing.length > 0) {
    throw new PendingMigrationsError(
      `the customer store lacks migrations ${missing.join(', ')}: run \`ixopay-temporal migrate\` first`,
    );
  }
}
