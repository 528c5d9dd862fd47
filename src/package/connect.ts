/**
 * `connectPayments`: a PaymentsClient on its own connection, with the payload codec and the Temporal settings
 * of @temporalio/envconfig (config-file profile, TEMPORAL_* variables, explicit values over both).
 */
import { Client, Connection } from '@temporalio/client';
import { PaymentsClient, type PaymentsClientOptions } from '../client/payments-client.js';
import { parsePayloadKeys, paymentsDataConverter, type PayloadKey } from '../codec/index.js';
import type { AppMode } from '../config-production.js';
import { clientObservabilityOptions } from '../observability/options.js';
import { temporalConnectConfig, type TemporalConnectOptions } from '../temporal/connect-config.js';
import { TASK_QUEUE } from '../temporal/names.js';

export interface ConnectPaymentsOptions extends TemporalConnectOptions, PaymentsClientOptions {
  /** The workers' payload keys, current first: `keyId:base64key,…` (as PAYLOAD_KEYS) or parsed. */
  readonly payloadKeys: string | readonly PayloadKey[];
  /** The workers' task queue; default "ixopay-payments". */
  readonly taskQueue?: string | undefined;
  /** `production` (the default) refuses payloads that are not encrypted. */
  readonly mode?: AppMode | undefined;
}

export interface PaymentsConnection {
  readonly payments: PaymentsClient;
  readonly client: Client;
  readonly connection: Connection;
  readonly namespace: string;
  /** Closes the connection. */
  close(): Promise<void>;
}

export function payloadKeyList(keys: string | readonly PayloadKey[]): readonly PayloadKey[] {
  return typeof keys === 'string' ? parsePayloadKeys(keys) : keys;
}

export async function connectPayments(options: ConnectPaymentsOptions): Promise<PaymentsConnection> {
  const { connectionOptions, namespace } = temporalConnectConfig(options);
  const dataConverter = paymentsDataConverter(
    payloadKeyList(options.payloadKeys),
    options.mode ?? 'production',
  );
  const connection = await Connection.connect(connectionOptions);
  const client = new Client({ connection, namespace, dataConverter, ...clientObservabilityOptions() });
  const payments = new PaymentsClient(client, options.taskQueue ?? TASK_QUEUE, {
    sessionProofSecrets: options.sessionProofSecrets,
    customers: options.customers,
  });
  return { payments, client, connection, namespace, close: () => connection.close() };
}
