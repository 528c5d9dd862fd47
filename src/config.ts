/**
 * The only reader of process.env: one zod schema turns the environment into a typed config that is injected
 * everywhere else. Temporal connection settings (address, namespace, TLS, API key, profiles) come from
 * @temporalio/envconfig, so the same worker points at a dev server, a cluster or Temporal Cloud.
 */
import { resolve } from 'node:path';
import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';
import { z } from 'zod';
import { TASK_QUEUE } from './temporal/names.js';

const csv = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  );
const int = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

const EnvSchema = z.object({
  DATA_DIR: z.string().default('.data'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(TASK_QUEUE),
  IXOPAY_BASE_URL: z.url().default('https://gateway.ixopay.com/'),
  IXOPAY_API_KEY: z.string().min(1).default('sim-api-key'),
  IXOPAY_USERNAME: z.string().min(1).default('sim-user'),
  IXOPAY_PASSWORD: z.string().min(1).default('sim-password'),
  IXOPAY_PASSWORD_MODE: z.enum(['plain', 'hashed']).default('hashed'),
  IXOPAY_SHARED_SECRET: z.string().min(1).default('sim-shared-secret'),
  IXOPAY_SHARED_SECRET_PREVIOUS: csv,
  IXOPAY_BODY_HASH: z.enum(['md5', 'sha512']).default('sha512'),
  IXOPAY_TIMEOUT_MS: int(10_000),
  WEBHOOK_HOST: z.string().default('127.0.0.1'),
  WEBHOOK_PORT: int(8787),
  WEBHOOK_PUBLIC_URL: z.url().optional(),
  WEBHOOK_TOLERANCE_SECONDS: int(300),
  SESSION_PROOF_SECRETS: csv,
  PERSONAL_DATA_KEY: z.string().optional(),
  CALLBACK_WAIT_SECONDS: int(600),
  SIMULATOR_PORT: int(8480),
  CUSTOMER_STORE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
});

export interface AppConfig {
  readonly dataDir: string;
  readonly customerDbFile: string;
  readonly taskQueue: string;
  readonly temporal: ClientConnectConfig;
  readonly gateway: {
    readonly baseUrl: string;
    readonly apiKey: string;
    readonly username: string;
    readonly password: string;
    readonly passwordMode: 'plain' | 'hashed';
    readonly sharedSecret: string;
    readonly bodyHash: 'md5' | 'sha512';
    readonly timeoutMs: number;
  };
  readonly webhook: {
    readonly host: string;
    readonly port: number;
    /** Base URL the gateway calls back; callbackUrl = publicUrl + "/ixopay/callback". */
    readonly publicUrl: string;
    /** Current secret first, then previous ones accepted during rotation. */
    readonly secrets: readonly string[];
    readonly toleranceSeconds: number;
  };
  readonly sessionProofSecrets: readonly string[];
  readonly personalDataKey: string | undefined;
  /** How long a PENDING/REDIRECT charge waits for its callback before asking the status API. */
  readonly callbackWaitSeconds: number;
  readonly simulatorPort: number;
  /** postgres:// URL of a shared customer store; absent: the SQLite file customerDbFile. */
  readonly customerStoreUrl?: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const overrideEnvVars = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const temporal = loadClientConnectConfig({ overrideEnvVars });
  return {
    dataDir,
    customerDbFile: resolve(dataDir, 'customers.sqlite'),
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    temporal,
    gateway: {
      baseUrl: e.IXOPAY_BASE_URL,
      apiKey: e.IXOPAY_API_KEY,
      username: e.IXOPAY_USERNAME,
      password: e.IXOPAY_PASSWORD,
      passwordMode: e.IXOPAY_PASSWORD_MODE,
      sharedSecret: e.IXOPAY_SHARED_SECRET,
      bodyHash: e.IXOPAY_BODY_HASH,
      timeoutMs: e.IXOPAY_TIMEOUT_MS,
    },
    webhook: {
      host: e.WEBHOOK_HOST,
      port: e.WEBHOOK_PORT,
      publicUrl: e.WEBHOOK_PUBLIC_URL ?? `http://127.0.0.1:${e.WEBHOOK_PORT}`,
      secrets: [e.IXOPAY_SHARED_SECRET, ...e.IXOPAY_SHARED_SECRET_PREVIOUS],
      toleranceSeconds: e.WEBHOOK_TOLERANCE_SECONDS,
    },
    sessionProofSecrets:
      e.SESSION_PROOF_SECRETS.length > 0 ? e.SESSION_PROOF_SECRETS : ['dev-session-secret'],
    personalDataKey: e.PERSONAL_DATA_KEY,
    callbackWaitSeconds: e.CALLBACK_WAIT_SECONDS,
    simulatorPort: e.SIMULATOR_PORT,
    ...(e.CUSTOMER_STORE_URL ? { customerStoreUrl: e.CUSTOMER_STORE_URL } : {}),
  };
}
