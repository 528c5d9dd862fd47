/**
 * Numbered schema migrations of the SQLite customer store. Append only: never edit an applied migration, add
 * the next number. Applied in one IMMEDIATE transaction, so two processes opening the same file at once do
 * not both apply them, and a failure leaves the schema as it was.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'customers-and-subscriptions',
    sql: `
      CREATE TABLE customers (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
        email TEXT NOT NULL,
        name TEXT,
        customer_identification TEXT NOT NULL UNIQUE,
        profile_guid TEXT,
        mandate_status TEXT CHECK (mandate_status IN ('active', 'revoked')),
        mandate_reference TEXT,
        mandate_granted_at TEXT,
        mandate_revoked_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers (id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
        currency TEXT NOT NULL,
        billing_interval TEXT NOT NULL CHECK (billing_interval IN ('day', 'week', 'month', 'year')),
        interval_count INTEGER NOT NULL CHECK (interval_count >= 1),
        anchor_day INTEGER NOT NULL CHECK (anchor_day BETWEEN 1 AND 31),
        next_billing_date TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'past_due', 'cancelled', 'paused')),
        last_billed_period TEXT,
        past_due_reason TEXT,
        description TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      -- WITHOUT ROWID: the text id is the only key, so one b-tree per table instead of two.
      -- Due paging walks active subscriptions in id order from the cursor and filters on the date inside the
      -- index, so each page costs O(page + skipped), never a sort of every due row.
      CREATE INDEX subscriptions_active_by_id ON subscriptions (id, next_billing_date, currency)
        WHERE status = 'active';
      CREATE INDEX subscriptions_by_customer ON subscriptions (customer_id, id);
    `,
  },
  {
    version: 2,
    name: 'billing-run-items',
    sql: `
      CREATE TABLE billing_run_items (
        run_id TEXT NOT NULL,
        charge_id TEXT NOT NULL,
        subscription_id TEXT NOT NULL,
        customer_id TEXT,
        period TEXT NOT NULL,
        status TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
        currency TEXT NOT NULL,
        past_due INTEGER NOT NULL CHECK (past_due IN (0, 1)),
        reason TEXT,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (run_id, charge_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'charge-outcomes',
    sql: `
      CREATE TABLE charge_outcomes (
        flow TEXT NOT NULL CHECK (flow IN ('charge', 'register')),
        charge_id TEXT NOT NULL,
        outcome TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (flow, charge_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
];

/** Applies the migrations not yet recorded in `schema_migrations`; returns the versions applied now. */
export function applyMigrations(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} must have version ${i + 1}`);
  });
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = db.transaction(() => {
    const done = new Set(
      db
        .prepare<[], { version: number }>('SELECT version FROM schema_migrations')
        .all()
        .map((r) => r.version),
    );
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const now: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
      now.push(m.version);
    }
    return now;
  });
  return applied.immediate();
}
