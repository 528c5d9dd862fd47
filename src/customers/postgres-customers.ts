/** Customer operations of the PostgreSQL store. */
import { CUSTOMER_COLUMNS, customerChanges, customerRowMapping, newCustomer } from './customer-records.js';
import type { CustomerRow } from './customer-records.js';
import { DuplicateCustomerError, UnknownCustomerError } from './errors.js';
import { UNIQUE_VIOLATION, sqlState, type PostgresContext } from './postgres-context.js';
import { postgresTableAccess } from './postgres-table.js';
import type { Page } from './store.js';
import {
  CustomerIdSchema,
  ListCustomersQuerySchema,
  parseInput,
  type Customer,
  type CustomerStatus,
} from './types.js';

const PARAMS = CUSTOMER_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');

/** Creates the customer operations over one pool. */
export function createPostgresCustomerOps(ctx: PostgresContext) {
  const { query, transaction, timestamp, cipher } = ctx;
  const customers = postgresTableAccess<Customer, CustomerRow>(ctx, {
    table: 'customers',
    columns: CUSTOMER_COLUMNS,
    idSchema: CustomerIdSchema,
    idName: 'customer id',
    ...customerRowMapping(cipher),
    unknownId: (id) => new UnknownCustomerError(id),
  });

  /** Row-locked change; another customer taking the customerIdentification first is a DuplicateCustomerError. */
  async function mutate(id: string, change: Parameters<typeof customers.mutate>[1]): Promise<Customer> {
    try {
      return await customers.mutate(id, change);
    } catch (err) {
      if (sqlState(err) === UNIQUE_VIOLATION) throw new DuplicateCustomerError(id, 'customerIdentification');
      throw err;
    }
  }

  return {
    get: customers.get,
    require: customers.require,

    async add(input: unknown): Promise<Customer> {
      const customer = newCustomer(input, timestamp());
      return transaction(async (tx) => {
        // ON CONFLICT DO NOTHING: a concurrent insert of the same id or identification is no error here; which
        // key was taken is then looked up, in the order the SQLite store checks them.
        const { rowCount } = await tx(
          `INSERT INTO customers (${customers.columns}) VALUES (${PARAMS}) ON CONFLICT DO NOTHING`,
          customers.values(customer),
        );
        if (rowCount === 1) return customer;
        const taken = await tx('SELECT 1 FROM customers WHERE id = $1', [customer.id]);
        throw new DuplicateCustomerError(customer.id, taken.rowCount ? 'id' : 'customerIdentification');
      });
    },

    async list(query_: unknown): Promise<Page<Customer>> {
      const { limit, afterId } = parseInput(ListCustomersQuerySchema, query_, 'customer query');
      const { rows } = await query<CustomerRow>(
        `SELECT ${customers.columns} FROM customers WHERE id > $1 ORDER BY id LIMIT $2`,
        [afterId ?? '', limit + 1],
      );
      const items = customers.fromRows(rows.slice(0, limit));
      const last = items.at(-1);
      return rows.length > limit && last ? { items, nextAfterId: last.id } : { items };
    },

    update: (id: string, patch: unknown) => mutate(id, customerChanges.update(patch)),
    setStatus: (id: string, status: CustomerStatus) => mutate(id, customerChanges.setStatus(status)),
    grantMandate: (id: string, grant: unknown) => mutate(id, customerChanges.grantMandate(grant, timestamp)),
    revokeMandate: (id: string) => mutate(id, customerChanges.revokeMandate(timestamp)),
    unlinkProfile: (id: string) => mutate(id, customerChanges.unlinkProfile()),

    /**
     * Under the customer's row lock: two processes linking the same customer take turns, so the second sees the
     * first's link (a no-op when equal, ProfileLinkConflictError when not). The unique index on
     * customer_identification settles two customers claiming the same identification.
     */
    async linkProfile(id: string, link: unknown): Promise<Customer> {
      const l = customerChanges.parseLink(link);
      const change = customerChanges.linkProfile(l);
      return mutate(id, async (c, tx) => {
        const next = change(c);
        if (!next) return undefined;
        const owner = await tx<{ id: string }>(
          'SELECT id FROM customers WHERE customer_identification = $1',
          [l.customerIdentification],
        );
        const ownerId = owner.rows[0]?.id;
        if (ownerId !== undefined && ownerId !== id) {
          throw new DuplicateCustomerError(id, 'customerIdentification');
        }
        return next;
      });
    },
  };
}
