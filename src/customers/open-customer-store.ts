/**
 * Picks the customer store from configuration: a postgres:// URL opens the PostgreSQL store (shared by any
 * number of worker processes); without a URL, the embedded SQLite file (the default).
 */
import { InvalidCustomerInputError } from './errors.js';
import { openPostgresCustomerStore } from './postgres-store.js';
import { openSqliteCustomerStore } from './sqlite-store.js';
import type { CustomerStore } from './store.js';

export interface CustomerStoreLocation {
  /** postgres:// or postgresql:// URL; when set, `file` is not used. */
  readonly url?: string | undefined;
  /** SQLite file used when there is no URL. */
  readonly file: string;
  /** 32 bytes, base64: encrypts email and name at rest, in either store. */
  readonly personalDataKey?: string | undefined;
  /** PostgreSQL: 'verify' opens without DDL, refusing a schema that lacks migrations (`ixopay-temporal migrate`). */
  readonly migrations?: 'apply' | 'verify' | undefined;
}

/** True for a URL the PostgreSQL store accepts. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Opens the store at `url` (PostgreSQL) or else `file` (SQLite). */
export async function openCustomerStore(location: CustomerStoreLocation): Promise<CustomerStore> {
  const key = location.personalDataKey ? { personalDataKey: location.personalDataKey } : {};
  if (location.url === undefined || location.url === '') {
    return openSqliteCustomerStore({ file: location.file, ...key });
  }
  if (!isPostgresUrl(location.url)) {
    // The URL may carry a password: name only what was expected.
    throw new InvalidCustomerInputError(
      [{ path: 'url', message: 'must start with postgres:// or postgresql://' }],
      'customer store URL',
    );
  }
  return openPostgresCustomerStore({
    url: location.url,
    ...key,
    ...(location.migrations ? { migrations: location.migrations } : {}),
  });
}
