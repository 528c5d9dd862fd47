/**
 * What CLI commands connect to: config from the environment, a Temporal client, the customer store. The heavy
 * modules load here, on first use, so `--help` and input validation answer without them.
 */
import type { PaymentsClient } from '../client/payments-client.js';
import type { AppConfig } from '../config/config.js';
import type { CustomerStore } from '../customers/index.js';

/** Temporal could not be reached: says where it tried. Exit code 1. */
export class TemporalUnreachableError extends Error {
  override readonly name = 'TemporalUnreachableError';
}

/** Connects with `connect`; a failure names the address and namespace it tried. */
export async function connectNamed<T>(config: AppConfig, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (err) {
    const address = config.temporal.connectionOptions?.address ?? 'localhost:7233';
    const namespace = config.temporal.namespace ?? 'default';
    throw new TemporalUnreachableError(
      `cannot connect to Temporal at ${address} (namespace ${namespace}; set TEMPORAL_ADDRESS or a Temporal ` +
        `config profile): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export async function withPayments<T>(
  fn: (payments: PaymentsClient, config: AppConfig) => Promise<T>,
): Promise<T> {
  const { loadConfig } = await import('../config/config.js');
  const config = loadConfig(process.env, 'client');
  const [
    { Client, Connection },
    { PaymentsClient },
    { paymentsDataConverter },
    observability,
    tracing,
    customers,
  ] = await Promise.all([
    import('@temporalio/client'),
    import('../client/payments-client.js'),
    import('../codec/index.js'),
    import('../observability/options.js'),
    import('../observability/tracing.js'),
    import('../customers/index.js'),
  ]);
  const tracer = tracing.startTracingFromConfig(config.observability, 'cli');
  const namespace = config.temporal.namespace ?? 'default';
  const connection = await connectNamed(config, () =>
    Connection.connect(config.temporal.connectionOptions),
  ).catch(async (err: unknown) => {
    await tracer?.shutdown();
    throw err;
  });
  try {
    const client = new Client({
      connection,
      namespace,
      dataConverter: paymentsDataConverter(config.payloadKeys, config.mode),
      ...observability.clientObservabilityOptions(),
    });
    // With a shared store (CUSTOMER_STORE_URL) an unknown customer is refused before anything starts; a local
    // SQLite file may not be the workers' store, so it is not consulted.
    const store = config.customerStoreUrl
      ? await customers.openCustomerStore({
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
    await tracer?.shutdown();
  }
}

export async function withStore<T>(fn: (store: CustomerStore, config: AppConfig) => Promise<T>): Promise<T> {
  const [{ mkdirSync }, { loadConfig }, { openCustomerStore }] = await Promise.all([
    import('node:fs'),
    import('../config/config.js'),
    import('../customers/index.js'),
  ]);
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
