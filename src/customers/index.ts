/** The merchant's customer + subscription store: public surface for activities, the CLI and tests. */
export * from './billing-dates.js';
export * from './errors.js';
export { customerIdentificationFor } from './identification.js';
export { MIGRATIONS, applyMigrations, type Migration } from './migrations.js';
export * from './personal-data.js';
export * from './session-proof.js';
export { openSqliteCustomerStore, type SqliteCustomerStoreOptions } from './sqlite-store.js';
export type { AdvanceResult, CustomerStore, Page } from './store.js';
export * from './types.js';
export * from './session-seal.js';
export { openPostgresCustomerStore, type PostgresCustomerStoreOptions } from './postgres-store.js';
export {
  POSTGRES_MIGRATIONS,
  PendingMigrationsError,
  applyPostgresMigrations,
  verifyPostgresMigrations,
} from './postgres-migrations.js';
export { openCustomerStore, isPostgresUrl, type CustomerStoreLocation } from './open-customer-store.js';
export * from './charge-outcomes.js';
