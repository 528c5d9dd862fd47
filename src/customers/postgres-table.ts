/**
 * What the PostgreSQL tables of the store share: a record type mapped to one row, looked up by `id`, changed by
 * read-modify-write under a row lock (SELECT … FOR UPDATE) in one transaction, so two processes changing the
 * same record take turns and the second sees the first one's result. Each table supplies its columns, mapping
 * and unknown-id error.
 */
import type pg from 'pg';
import type { Query, PostgresContext } from './postgres-context.js';
import type { TableSpec } from './sqlite-table.js';
import { parseInput } from './types.js';

export interface PostgresTableAccess<T, Row> {
  /** `a, b, c` for SELECT lists. */
  readonly columns: string;
  readonly get: (id: string) => Promise<T | undefined>;
  /** Like `get`, but an unknown id is the table's typed error. */
  readonly require: (id: string) => Promise<T>;
  /**
   * Read-modify-write of one locked row in one transaction; `change` returns undefined when nothing changes
   * (the row, `updatedAt` included, stays as it is) and may query inside the transaction.
   */
  readonly mutate: (
    id: string,
    change: (current: T, query: Query) => T | undefined | Promise<T | undefined>,
  ) => Promise<T>;
  /** The row's values in column order, for INSERT parameters. */
  readonly values: (record: T) => unknown[];
  /** Maps rows of a query that selected `columns`. */
  readonly fromRows: (rows: readonly Row[]) => T[];
}

export function postgresTableAccess<
  T extends { readonly updatedAt: string },
  Row extends pg.QueryResultRow & { id: string },
>(ctx: PostgresContext, spec: TableSpec<T, Row>): PostgresTableAccess<T, Row> {
  const { query, transaction, timestamp } = ctx;
  const columns = spec.columns.join(', ');
  const assignments = spec.columns
    .slice(1)
    .map((c, i) => `${c} = $${i + 2}`)
    .join(', ');
  const selectOne = `SELECT ${columns} FROM ${spec.table} WHERE id = $1`;
  const values = (record: T): unknown[] => {
    const row = spec.toRow(record) as Record<string, unknown>;
    return spec.columns.map((c) => row[c]);
  };

  async function get(id: string): Promise<T | undefined> {
    const { rows } = await query<Row>(selectOne, [parseInput(spec.idSchema, id, spec.idName)]);
    return rows[0] && spec.fromRow(rows[0]);
  }

  return {
    columns,
    get,
    async require(id) {
      const record = await get(id);
      if (!record) throw spec.unknownId(id);
      return record;
    },
    mutate: (id, change) => {
      const key = parseInput(spec.idSchema, id, spec.idName);
      return transaction(async (tx) => {
        const { rows } = await tx<Row>(`${selectOne} FOR UPDATE`, [key]);
        if (!rows[0]) throw spec.unknownId(key);
        const current = spec.fromRow(rows[0]);
        const next = await change(current, tx);
        if (!next) return current;
        const saved = { ...next, updatedAt: timestamp() };
        await tx(`UPDATE ${spec.table} SET ${assignments} WHERE id = $1`, values(saved));
        return saved;
      });
    },
    values,
    fromRows: (rows) => rows.map(spec.fromRow),
  };
}
