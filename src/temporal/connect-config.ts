/**
 * Temporal connection settings for code that embeds the pipeline: a profile of the Temporal config file and the
 * TEMPORAL_* variables (@temporalio/envconfig), with explicit values over both.
 */
import {
  loadClientConnectConfig,
  type ClientConnectConfig,
  type ConfigDataSource,
} from '@temporalio/envconfig';

export interface TemporalConnectOptions {
  /** Profile of the Temporal config file (TEMPORAL_CONFIG_FILE or the default location); default "default". */
  readonly profile?: string | undefined;
  /** A config file (path or contents) instead of the default location. */
  readonly configSource?: ConfigDataSource | undefined;
  /** Variables read instead of process.env (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Over the profile and the environment. */
  readonly address?: string | undefined;
  readonly namespace?: string | undefined;
  readonly apiKey?: string | undefined;
}

/** The connection options and namespace these options name (namespace "default" when none does). */
export function temporalConnectConfig(
  options: TemporalConnectOptions = {},
): ClientConnectConfig & { readonly namespace: string } {
  const env = options.env ?? process.env;
  const loaded = loadClientConnectConfig({
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.configSource ? { configSource: options.configSource } : {}),
    overrideEnvVars: Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
  });
  return {
    connectionOptions: {
      ...loaded.connectionOptions,
      ...(options.address ? { address: options.address } : {}),
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    },
    namespace: options.namespace ?? loaded.namespace ?? 'default',
  };
}
