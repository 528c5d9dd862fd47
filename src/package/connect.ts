/**
 * `connectPayments`: a PaymentsClient on its own connection, with the payload codec and the Temporal settings
 * of @temporalio/envconfig (config-file profile, TEMPORAL_* variables, explicit values over both).
 */
import { Client, Connection } from '@temporalio/client';
import { PaymentsClient, type PaymentsClientOptions } from '../client/payments-client.js';
import { PayloadKeyError, parsePayloadKeys, paymentsDataConverter, type PayloadKey } from '../codec/index.js';
import type { AppMode } from '../config/production.js';
import { clientObservabilityOptions } from '../observability/options.js';
import { temporalConnectConfig, type TemporalConnectOptions } from '../temporal/connect-config.js';
import { TASK_QUEUE } from '../temporal/names.js';

export interface ConnectPaymentsOptions extends TemporalConnectOptions, PaymentsClientOptions {
  /** The workers' payload keys, current first: `keyId:base64key,…` or parsed; default PAYLOAD_KEYS. */
  readonly payloadKeys?: string | readonly PayloadKey[] | undefined;
  /** The workers' task queue; default TEMPORAL_TASK_QUEUE, else "ixopay-payments". */
  readonly taskQueue?: string | undefined;
  /** `production` (the default) refuses payloads that are not encrypted. */
  readonly mode?: AppMode | undefined;
}

/** A PaymentsClient that owns its connection: close() when done. */
export type ConnectedPayments = PaymentsClient & {
  readonly connection: Connection;
  close(): Promise<void>;
};

type Env = Readonly<Record<string, string | undefined>>;

/** The payload keys given, else PAYLOAD_KEYS; PayloadKeyError when there are none. */
export function payloadKeysFrom(
  keys: string | readonly PayloadKey[] | undefined,
  env: Env,
): readonly PayloadKey[] {
  const spec = keys ?? env['PAYLOAD_KEYS'];
  if (spec === undefined || spec === '') {
    throw new PayloadKeyError('no payload keys: pass payloadKeys or set PAYLOAD_KEYS (keyId:base64key,…)');
  }
  return typeof spec === 'string' ? parsePayloadKeys(spec) : spec;
}

/** The given list, else SESSION_PROOF_SECRETS (comma-separated). */
export function sessionProofSecretsFrom(secrets: readonly string[] | undefined, env: Env): readonly string[] {
  if (secrets) return secrets;
  return (env['SESSION_PROOF_SECRETS'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function connectPayments(options: ConnectPaymentsOptions = {}): Promise<ConnectedPayments> {
  const env = options.env ?? process.env;
  const { connectionOptions, namespace } = temporalConnectConfig(options);
  const dataConverter = paymentsDataConverter(
    payloadKeysFrom(options.payloadKeys, env),
    options.mode ?? 'production',
  );
  const connection = await Connection.connect(connectionOptions);
  const client = new Client({ connection, namespace, dataConverter, ...clientObservabilityOptions() });
  const payments = new PaymentsClient(client, options.taskQueue ?? env['TEMPORAL_TASK_QUEUE'] ?? TASK_QUEUE, {
    sessionProofSecrets: sessionProofSecretsFrom(options.sessionProofSecrets, env),
    customers: options.customers,
  });
  return Object.assign(payments, { connection, close: () => connection.close() });
}
