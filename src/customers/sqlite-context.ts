import type Database from 'better-sqlite3';
import type { PersonalDataCipher } from './personal-data.js';

/** What the SQLite customer and subscription operations share: one connection, the cipher and the clock. */
export interface SqliteContext {
  readonly db: Database.Database;
  readonly cipher: PersonalDataCipher;
  /** Current time as an ISO timestamp. */
  readonly timestamp: () => string;
  /** A prepared statement for `sql`, prepared once per connection and reused. */
  readonly statement: <P extends unknown[] | object = unknown[], R = unknown>(
    sql: string,
  ) => Database.Statement<P, R>;
  /** Runs `fn` in an IMMEDIATE transaction (nested calls become savepoints). */
  readonly write: <T>(fn: () => T) => T;
}

/** Builds the shared context for one open connection. */
export function createSqliteContext(
  db: Database.Database,
  cipher: PersonalDataCipher,
  now: () => Date,
): SqliteContext {
  const cache = new Map<string, Database.Statement>();
  return {
    db,
    cipher,
    timestamp: () => now().toISOString(),
    statement: <P extends unknown[] | object, R>(sql: string) => {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = db.prepare(sql);
        cache.set(sql, stmt);
      }
      return stmt as unknown as Database.Statement<P, R>;
    },
    write: (fn) => db.transaction(fn).immediate(),
  };
}
