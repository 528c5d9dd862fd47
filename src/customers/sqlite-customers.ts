/** Customer operations of the SQLite store (synchronous; sqlite-store.ts wraps them in promises). */
import { DuplicateCustomerError, ProfileLinkConflictError, UnknownCustomerError } from './errors.js';
import { customerIdentificationFor } from './identification.js';
import type { SqliteContext } from './sqlite-context.js';
import { tableAccess } from './sqlite-table.js';
import type { Page } from './store.js';
import {
  CustomerIdSchema,
  CustomerPatchSchema,
  CustomerStatusSchema,
  ListCustomersQuerySchema,
  MandateGrantSchema,
  NewCustomerSchema,
  ProfileLinkSchema,
  parseInput,
  type Customer,
  type CustomerStatus,
} from './types.js';

interface CustomerRow {
  id: string;
  status: Customer['status'];
  email: string;
  name: string | null;
  customer_identification: string;
  profile_guid: string | null;
  mandate_status: 'active' | 'revoked' | null;
  mandate_reference: string | null;
  mandate_granted_at: string | null;
  mandate_revoked_at: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS = [
  'id',
  'status',
  'email',
  'name',
  'customer_identification',
  'profile_guid',
  'mandate_status',
  'mandate_reference',
  'mandate_granted_at',
  'mandate_revoked_at',
  'created_at',
  'updated_at',
] as const;

/** Creates the customer operations over one connection. */
export function createCustomerOps(ctx: SqliteContext) {
  const { cipher, statement, write, timestamp } = ctx;
  const seal = (id: string, field: string, value: string) => cipher.seal(value, `customer/${id}/${field}`);
  const open = (id: string, field: string, value: string) => cipher.open(value, `customer/${id}/${field}`);

  function fromRow(row: CustomerRow): Customer {
    return {
      id: row.id,
      status: row.status,
      email: open(row.id, 'email', row.email),
      ...(row.name === null ? {} : { name: open(row.id, 'name', row.name) }),
      customerIdentification: row.customer_identification,
      ...(row.profile_guid === null ? {} : { profileGuid: row.profile_guid }),
      ...(row.mandate_status === null
        ? {}
        : {
            mandate: {
              status: row.mandate_status,
              reference: row.mandate_reference ?? '',
              grantedAt: row.mandate_granted_at ?? row.created_at,
              ...(row.mandate_revoked_at === null ? {} : { revokedAt: row.mandate_revoked_at }),
            },
          }),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  function toRow(c: Customer): CustomerRow {
    return {
      id: c.id,
      status: c.status,
      email: seal(c.id, 'email', c.email),
      name: c.name === undefined ? null : seal(c.id, 'name', c.name),
      customer_identification: c.customerIdentification,
      profile_guid: c.profileGuid ?? null,
      mandate_status: c.mandate?.status ?? null,
      mandate_reference: c.mandate?.reference ?? null,
      mandate_granted_at: c.mandate?.grantedAt ?? null,
      mandate_revoked_at: c.mandate?.revokedAt ?? null,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    };
  }

  const customers = tableAccess<Customer, CustomerRow>(ctx, {
    table: 'customers',
    columns: COLUMNS,
    idSchema: CustomerIdSchema,
    idName: 'customer id',
    fromRow,
    toRow,
    unknownId: (id) => new UnknownCustomerError(id),
  });
  const { mutate } = customers;
  const identificationOwner = () =>
    statement<[string], { id: string }>('SELECT id FROM customers WHERE customer_identification = ?');

  return {
    get: customers.get,
    require: customers.require,

    add(input: unknown): Customer {
      const parsed = parseInput(NewCustomerSchema, input, 'customer');
      const now = timestamp();
      const customer: Customer = {
        id: parsed.id,
        status: parsed.status,
        email: parsed.email,
        ...(parsed.name === undefined ? {} : { name: parsed.name }),
        customerIdentification: parsed.customerIdentification ?? customerIdentificationFor(parsed.id),
        createdAt: now,
        updatedAt: now,
      };
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
      const p = parseInput(CustomerPatchSchema, patch, 'customer patch');
      return mutate(id, (c) => {
        const email = p.email ?? c.email;
        const name = p.name === undefined ? c.name : (p.name ?? undefined);
        if (email === c.email && name === c.name) return undefined;
        const { name: _old, ...rest } = c;
        return { ...rest, email, ...(name === undefined ? {} : { name }) };
      });
    },

    setStatus(id: string, status: CustomerStatus): Customer {
      const s = parseInput(CustomerStatusSchema, status, 'customer status');
      return mutate(id, (c) => (c.status === s ? undefined : { ...c, status: s }));
    },

    grantMandate(id: string, grant: unknown): Customer {
      const g = parseInput(MandateGrantSchema, grant, 'mandate');
      return mutate(id, (c) => {
        if (c.mandate?.status === 'active' && c.mandate.reference === g.reference) return undefined;
        return {
          ...c,
          mandate: { status: 'active', reference: g.reference, grantedAt: g.grantedAt ?? timestamp() },
        };
      });
    },

    revokeMandate(id: string): Customer {
      return mutate(id, (c) => {
        if (c.mandate?.status !== 'active') return undefined;
        return { ...c, mandate: { ...c.mandate, status: 'revoked', revokedAt: timestamp() } };
      });
    },

    linkProfile(id: string, link: unknown): Customer {
      const l = parseInput(ProfileLinkSchema, link, 'profile link');
      return mutate(id, (c) => {
        if (c.profileGuid === l.profileGuid && c.customerIdentification === l.customerIdentification) {
          return undefined;
        }
        if (c.profileGuid !== undefined) throw new ProfileLinkConflictError(id);
        const owner = identificationOwner().get(l.customerIdentification);
        if (owner && owner.id !== id) throw new DuplicateCustomerError(id, 'customerIdentification');
        return { ...c, customerIdentification: l.customerIdentification, profileGuid: l.profileGuid };
      });
    },
  };
}
