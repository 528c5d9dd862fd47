/** `migrate`: applies the customer store's PostgreSQL migrations, so workers can run without DDL rights. */
import { loadConfig } from '../../config/config.js';
import { openPostgresCustomerStore } from '../../customers/index.js';
import { MIGRATE_USAGE as USAGE } from './services-usage.js';
import { EXIT, UsageError, parse } from '../args.js';

export async function migrateCommand(argv: string[]): Promise<number> {
  parse(argv, {}, USAGE);
  const config = loadConfig(process.env, 'migrate');
  if (!config.customerStoreUrl) throw new UsageError(`CUSTOMER_STORE_URL is not set\n\n${USAGE}`);
  const store = await openPostgresCustomerStore({ url: config.customerStoreUrl, migrations: 'apply' });
  await store.close();
  console.log('customer store migrated');
  return EXIT.ok;
}
