/**
 * Customers as rows and the store-independent rules of changing them, shared by the SQLite and PostgreSQL
 * stores so both behave alike: personal data sealed per row and column, and every change returning undefined
 * when it would change nothing (the stored record, `updatedAt` included, then stays as it is).
 */
import { ProfileLinkConflictError } from './errors.js';
import { customerIdentificationFor } from './identification.js';
import type { PersonalDataCipher } from './personal-data.js';
import {
  CustomerPatchSchema,
  CustomerStatusSchema,
  MandateGrantSchema,
  NewCustomerSchema,
  ProfileLinkSchema,
  parseInput,
  type Customer,
  type CustomerStatus,
  type ProfileLink,
} from './types.js';

export interface CustomerRow {
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

export const CUSTOMER_COLUMNS = [
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

/** Row ↔ record mapping; email and name are sealed with the row id + column as context. */
export function customerRowMapping(cipher: PersonalDataCipher) {
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

  return { fromRow, toRow };
}

/** A new customer record from unvalidated input. */
export function newCustomer(input: unknown, now: string): Customer {
  const parsed = parseInput(NewCustomerSchema, input, 'customer');
  return {
    id: parsed.id,
    status: parsed.status,
    email: parsed.email,
    ...(parsed.name === undefined ? {} : { name: parsed.name }),
    customerIdentification: parsed.customerIdentification ?? customerIdentificationFor(parsed.id),
    createdAt: now,
    updatedAt: now,
  };
}

/** A change of one customer: the next record, or undefined when nothing changes. */
export type CustomerChange = (current: Customer) => Customer | undefined;

/** Validates the input up front, so a bad one fails before any database work. */
export const customerChanges = {
  update(patch: unknown): CustomerChange {
    const p = parseInput(CustomerPatchSchema, patch, 'customer patch');
    return (c) => {
      const email = p.email ?? c.email;
      const name = p.name === undefined ? c.name : (p.name ?? undefined);
      if (email === c.email && name === c.name) return undefined;
      const { name: _old, ...rest } = c;
      return { ...rest, email, ...(name === undefined ? {} : { name }) };
    };
  },

  setStatus(status: CustomerStatus): CustomerChange {
    const s = parseInput(CustomerStatusSchema, status, 'customer status');
    return (c) => (c.status === s ? undefined : { ...c, status: s });
  },

  grantMandate(grant: unknown, timestamp: () => string): CustomerChange {
    const g = parseInput(MandateGrantSchema, grant, 'mandate');
    return (c) => {
      if (c.mandate?.status === 'active' && c.mandate.reference === g.reference) return undefined;
      return {
        ...c,
        mandate: { status: 'active', reference: g.reference, grantedAt: g.grantedAt ?? timestamp() },
      };
    };
  },

  revokeMandate(timestamp: () => string): CustomerChange {
    return (c) => {
      if (c.mandate?.status !== 'active') return undefined;
      return { ...c, mandate: { ...c.mandate, status: 'revoked', revokedAt: timestamp() } };
    };
  },

  /** The parsed link; the store still checks that no other customer owns its customerIdentification. */
  parseLink(link: unknown): ProfileLink {
    return parseInput(ProfileLinkSchema, link, 'profile link');
  },

  /** Drops the gateway profile (deleted there); the customerIdentification stays for a new registration. */
  unlinkProfile(): CustomerChange {
    return (c) => {
      if (c.profileGuid === undefined) return undefined;
      const { profileGuid: _gone, ...rest } = c;
      return rest;
    };
  },

  /** Same link: no change; a different profile already linked: ProfileLinkConflictError. */
  linkProfile(l: ProfileLink): CustomerChange {
    return (c) => {
      if (c.profileGuid === l.profileGuid && c.customerIdentification === l.customerIdentification) {
        return undefined;
      }
      if (c.profileGuid !== undefined) throw new ProfileLinkConflictError(c.id);
      return { ...c, customerIdentification: l.customerIdentification, profileGuid: l.profileGuid };
    };
  },
};
