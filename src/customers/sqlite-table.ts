/**
 * What the SQLite tables of the store share: a record type mapped to one row, looked up by `id`, changed by
 * read-modify-write in one transaction. Each table supplies its columns, mapping and unknown-id error.
 */
import type { z } from 'zod';
import type { SqliteContext } from './sqlite-context.js';
import { parseInput } from './types.js';

export interface TableSpec<T extends { readonly updatedAt: string }, Row extends { id: string }> {
  readonly table: string;
  /** Column names, `id` first. */
  readonly columns: readonly string[];
  /** Validates an id before it reaches SQL; `idName` names it in the error ("customer id"). */
  readonly idSchema: z.ZodType<string>;
  readonly idName: string;
  readonly fromRow: (row: Row) => T;
  readonly toRow: (record: T) => Row;
  readonly unknownId: (id: string) => Error;
}

export interface TableAccess<T, Row> {
  /** `a, b, c` for SELECT lists. */
  readonly columns: string;
  readonly get: (id: string) => T | undefined;
  /** Like `get`, but an unknown id is the table's typed error. */
  readonly require: (id: string) => T;
  /** Read-modify-write in one transaction; `change` returns undefined when nothing changes. */
  readonly mutate: (id: string, change: (current: T) => T | undefined) => T;
  readonly insert: (record: T) => void;
  readonly rowExists: (id: string) => boolean;
  /** Maps rows of a query that selected `columns`. */
  readonly fromRows: (rows: readonly Row[]) => T[];
}

export function tableAccess<T extends { readonly updatedAt: string }, Row extends { id: string }>(
  ctx: SqliteContext,
  spec: TableSpec<T, Row>,
): TableAccess<T, Row> {
  const { statement, write, timestamp } = ctx;
  const columns = spec.columns.join(', ');
  const params = spec.columns.map((c) => `@${c}`).join(', ');
  const assignments = spec.columns
    .slice(1)
    .map((c) => `${c} = @${c}`)
    .join(', ');
  const selectOne = () => statement<[string], Row>(`SELECT ${columns} FROM ${spec.table} WHERE id = ?`);

  function get(id: string): T | undefined {
    const row = selectOne().get(parseInput(spec.idSchema, id, spec.idName));
    return row && spec.fromRow(row);
  }

  function require(id: string): T {
    const record = get(id);
    if (!record) throw spec.unknownId(id);
    return record;
  }

  return {
    columns,
    get,
    require,
    mutate: (id, change) =>
      write(() => {
        const current = require(id);
        const next = change(current);
        if (!next) return current;
        const saved = { ...next, updatedAt: timestamp() };
        statement(`UPDATE ${spec.table} SET ${assignments} WHERE id = @id`).run(spec.toRow(saved));
        return saved;
      }),
    insert: (record) => {
      statement<[Row]>(`INSERT INTO ${spec.table} (${columns}) VALUES (${params})`).run(spec.toRow(record));
    },
    rowExists: (id) => selectOne().get(id) !== undefined,
    fromRows: (rows) => rows.map(spec.fromRow),
  };
}
