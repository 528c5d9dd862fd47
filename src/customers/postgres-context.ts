/** What the PostgreSQL customer and subscription operations share: the pool, the cipher and the clock. */
import pg from 'pg';
import type { PersonalDataCipher } from './personal-data.js';

/** Runs one parameterised statement: on the pool, or on the client of the transaction in progress. */
export type Query = <R extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  params?: readonly unknown[],
) => Promise<pg.QueryResult<R>>;

export interface PostgresContext {
  readonly pool: pg.Pool;
  readonly cipher: PersonalDataCipher;
  /** Current time as an ISO timestamp. */
  readonly timestamp: () => string;
  /** A statement outside any transaction (one pooled connection, autocommit). */
  readonly query: Query;
  /** Runs `fn` in a READ COMMITTED transaction on one connection: COMMIT when it resolves, ROLLBACK when not. */
  readonly transaction: <T>(fn: (query: Query) => Promise<T>) => Promise<T>;
}

/** PostgreSQL error code of a unique violation. */
export const UNIQUE_VIOLATION = '23505';
/** PostgreSQL error code of a foreign key violation. */
export const FOREIGN_KEY_VIOLATION = '23503';

/** The SQLSTATE of a PostgreSQL error, or undefined for anything else. */
export function sqlState(err: unknown): string | undefined {
  return err instanceof pg.DatabaseError ? err.code : undefined;
}

/** Builds the shared context for one pool. */
export function createPostgresContext(
  pool: pg.Pool,
  cipher: PersonalDataCipher,
  now: () => Date,
): PostgresContext {
  const on =
    (client: pg.Pool | pg.PoolClient): Query =>
    (sql, params = []) =>
      client.query(sql, params as unknown[]);
  return {
    pool,
    cipher,
    timestamp: () => now().toISOString(),
    query: on(pool),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(on(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
          broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
        });
        throw err;
      } finally {
        // A connection whose ROLLBACK failed is in an unknown state: the pool destroys it instead of reusing it.
        client.release(broken);
      }
    },
  };
}
