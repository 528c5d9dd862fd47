/** What CLI commands connect to: config from the environment, a Temporal client, the customer store. */
import { mkdirSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { PaymentsClient } from '../client/payments-client.js';
import { paymentsDataConverter } from '../codec/index.js';
import { loadConfig, type AppConfig } from '../config.js';
import { clientObservabilityOptions } from '../observability/options.js';
import { startTracingFromConfig } from '../observability/tracing.js';
import { openCustomerStore, type CustomerStore } from '../customers/index.js';

export async function withPayments<T>(
  fn: (payments: PaymentsClient, config: AppConfig) => Promise<T>,
): Promise<T> {
  const config = loadConfig(process.env, 'client');
  const tracing = startTracingFromConfig(config.observability, 'cli');
  const connection = await Connection.connect(config.temporal.connectionOptions);
  try {
    const client = new Client({
      connection,
      namespace: config.temporal.namespace ?? 'default',
      dataConverter: paymentsDataConverter(config.payloadKeys, config.mode),
      ...clientObservabilityOptions(),
    });
    // With a shared store (CUSTOMER_STORE_URL) an unknown customer is refused before anything starts; a local
    // SQLite file may not be the workers' store, so it is not consulted.
    const store = config.customerStoreUrl
      ? await openCustomerStore({
          url: config.customerStoreUrl,
          file: config.customerDbFile,
          ...(config.personalDataKey ? { personalDataKey: config.personalDataKey } : {}),
          migrations: config.customerStoreMigrations,
        })
      : undefined;
    try {
      return await fn(
        new PaymentsClient(client, config.taskQueue, {
          sessionProofSecrets: config.sessionProofSecrets,
          customers: store,
        }),
        config,
      );
    } finally {
      await store?.close();
    }
  } finally {
    await connection.close();
    await tracing?.shutdown();
  }
}

export async function withStore<T>(fn: (store: CustomerStore, config: AppConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  const store = await openCustomerStore({
    url: config.customerStoreUrl,
    file: config.customerDbFile,
    ...(config.personalDataKey ? { personalDataKey: config.personalDataKey } : {}),
    migrations: config.customerStoreMigrations,
  });
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}
