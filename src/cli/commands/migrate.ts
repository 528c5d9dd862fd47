/** `migrate`: applies the customer store's PostgreSQL migrations, so workers can run without DDL rights. */
import { loadConfig } from '../../config.js';
import { openPostgresCustomerStore } from '../../customers/index.js';
import { EXIT, UsageError, parse } from '../args.js';

const USAGE = `Usage: ixopay-temporal migrate

Applies the migrations of the PostgreSQL customer store at CUSTOMER_STORE_URL (a role with DDL rights), then
exits. Workers in production open the store with CUSTOMER_STORE_MIGRATIONS=verify (the default there): they
refuse a schema that lacks migrations and never run DDL themselves.`;

export async function migrateCommand(argv: string[]): Promise<number> {
  parse(argv, {}, USAGE);
  const config = loadConfig(process.env, 'migrate');
  if (!config.customerStoreUrl) throw new UsageError(`CUSTOMER_STORE_URL is not set\n\n${USAGE}`);
  const store = await openPostgresCustomerStore({ url: config.customerStoreUrl, migrations: 'apply' });
  await store.close();
  console.log('customer store migrated');
  return EXIT.ok;
}
