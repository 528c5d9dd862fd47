/** Customer operations of the SQLite store (synchronous; sqlite-store.ts wraps them in promises). */
import { CUSTOMER_COLUMNS, customerChanges, customerRowMapping, newCustomer } from './customer-records.js';
import type { CustomerRow } from './customer-records.js';
import { DuplicateCustomerError, UnknownCustomerError } from './errors.js';
import type { SqliteContext } from './sqlite-context.js';
import { tableAccess } from './sqlite-table.js';
import type { Page } from './store.js';
import {
  CustomerIdSchema,
  ListCustomersQuerySchema,
  parseInput,
  type Customer,
  type CustomerStatus,
} from './types.js';

/** Creates the customer operations over one connection. */
export function createCustomerOps(ctx: SqliteContext) {
  const { cipher, statement, write, timestamp } = ctx;
  const customers = tableAccess<Customer, CustomerRow>(ctx, {
    table: 'customers',
    columns: CUSTOMER_COLUMNS,
    idSchema: CustomerIdSchema,
    idName: 'customer id',
    ...customerRowMapping(cipher),
    unknownId: (id) => new UnknownCustomerError(id),
  });
  const { mutate } = customers;
  const identificationOwner = () =>
    statement<[string], { id: string }>('SELECT id FROM customers WHERE customer_identification = ?');

  return {
    get: customers.get,
    require: customers.require,

    add(input: unknown): Customer {
      const customer = newCustomer(input, timestamp());
      return write(() => {
        if (customers.rowExists(customer.id)) throw new DuplicateCustomerError(customer.id);
        if (identificationOwner().get(customer.customerIdentification)) {
          throw new DuplicateCustomerError(customer.id, 'customerIdentification');
        }
        customers.insert(customer);
        return customer;
      });
    },

    list(query: unknown): Page<Customer> {
      const { limit, afterId } = parseInput(ListCustomersQuerySchema, query, 'customer query');
      const rows = statement<[string, number], CustomerRow>(
        `SELECT ${customers.columns} FROM customers WHERE id > ? ORDER BY id LIMIT ?`,
      ).all(afterId ?? '', limit + 1);
      const items = customers.fromRows(rows.slice(0, limit));
      const last = items.at(-1);
      return rows.length > limit && last ? { items, nextAfterId: last.id } : { items };
    },

    update(id: string, patch: unknown): Customer {
      return mutate(id, customerChanges.update(patch));
    },

    setStatus(id: string, status: CustomerStatus): Customer {
      return mutate(id, customerChanges.setStatus(status));
    },

    grantMandate(id: string, grant: unknown): Customer {
      return mutate(id, customerChanges.grantMandate(grant, timestamp));
    },

    revokeMandate(id: string): Customer {
      return mutate(id, customerChanges.revokeMandate(timestamp));
    },

    unlinkProfile(id: string): Customer {
      return mutate(id, customerChanges.unlinkProfile());
    },

    linkProfile(id: string, link: unknown): Customer {
      const l = customerChanges.parseLink(link);
      const change = customerChanges.linkProfile(l);
      return mutate(id, (c) => {
        const next = change(c);
        if (!next) return undefined;
        const owner = identificationOwner().get(l.customerIdentification);
        if (owner && owner.id !== id) throw new DuplicateCustomerError(id, 'customerIdentification');
        return next;
      });
    },
  };
}
