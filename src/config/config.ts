/**
 * The only reader of process.env: one zod schema turns the environment into a typed config that is injected
 * everywhere else. Temporal connection settings (address, namespace, TLS, API key, profiles) come from
 * @temporalio/envconfig, so the same worker points at a dev server, a cluster or Temporal Cloud.
 */
import { resolve } from 'node:path';
import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';
import { z } from 'zod';
import { GATEWAY_ACTIVITY_TIMEOUT_MS, GATEWAY_TIMEOUT_MARGIN_MS, TASK_QUEUE } from '../temporal/names.js';
import { parseResourceAttributes } from '../observability/resource-attributes.js';
import { DEV_PAYLOAD_KEYS, parsePayloadKeys, PayloadKeyError, type PayloadKey } from '../codec/keys.js';
import {
  appModeFor,
  productionProblems,
  type AppMode,
  type ConfigProblem,
  type ConfigRole,
} from './production.js';

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
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const EnvSchema = z.object({
  DATA_DIR: z.string().default('.data'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(TASK_QUEUE),
  /** Default: the simulator on loopback (development mode); production sets the real gateway. */
  IXOPAY_BASE_URL: z.url().optional(),
  IXOPAY_API_KEY: z.string().min(1).default('sim-api-key'),
  IXOPAY_USERNAME: z.string().min(1).default('sim-user'),
  IXOPAY_PASSWORD: z.string().min(1).default('sim-password'),
  IXOPAY_PASSWORD_MODE: z.enum(['plain', 'hashed']).default('hashed'),
  IXOPAY_SHARED_SECRET: z.string().min(1).default('sim-shared-secret'),
  IXOPAY_SHARED_SECRET_PREVIOUS: csv,
  IXOPAY_BODY_HASH: z.enum(['md5', 'sha512']).default('sha512'),
  IXOPAY_BODY_HASH_MIGRATION: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(z.enum(['md5', 'sha512']))),
  /** Must end a call before its activity attempt times out, or two attempts could be in flight at once. */
  IXOPAY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(
      GATEWAY_ACTIVITY_TIMEOUT_MS - GATEWAY_TIMEOUT_MARGIN_MS,
      `must stay ${GATEWAY_TIMEOUT_MARGIN_MS} ms below the gateway activity timeout (${GATEWAY_ACTIVITY_TIMEOUT_MS} ms)`,
    )
    .default(10_000),
  WEBHOOK_HOST: z.string().default('127.0.0.1'),
  WEBHOOK_PORT: port(8787),
  WEBHOOK_PUBLIC_URL: z.url().optional(),
  WEBHOOK_TOLERANCE_SECONDS: int(300),
  WEBHOOK_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SESSION_PROOF_SECRETS: csv,
  PERSONAL_DATA_KEY: z.string().optional(),
  CALLBACK_WAIT_SECONDS: int(600),
  SIMULATOR_PORT: port(8480),
  WORKFLOW_BUNDLE: z.string().min(1).optional(),
  /** Worker Deployment Versioning (docs/deploys.md): off by default in development, explicit in production. */
  WORKER_VERSIONING: z.enum(['on', 'off']).optional(),
  WORKER_DEPLOYMENT_NAME: z
    .string()
    .regex(/^[^.\s]+$/, 'no dots or spaces (the server joins name and build id with a dot)')
    .optional(),
  WORKER_BUILD_ID: z.string().min(1).max(255).optional(),
  APP_MODE: z.enum(['development', 'production']).optional(),
  PAYLOAD_KEYS: z.string().optional(),
  CODEC_SERVER_HOST: z.string().default('127.0.0.1'),
  CODEC_SERVER_PORT: port(8888),
  CODEC_SERVER_TOKEN: z.string().optional(),
  CODEC_CORS_ORIGIN: csv,
  LOG_LEVEL: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_RESOURCE_ATTRIBUTES: z
    .string()
    .optional()
    .transform((text, ctx) => {
      try {
        return parseResourceAttributes(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CUSTOMER_STORE_MIGRATIONS: z.enum(['apply', 'verify']).optional(),
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
    /** Callback body hash: the gateway's configured algorithm, plus IXOPAY_BODY_HASH_MIGRATION while migrating. */
    readonly bodyHash: 'md5' | 'sha512';
    readonly bodyHashMigration: readonly ('md5' | 'sha512')[];
    /** The webhook's Prometheus endpoint (METRICS_HOST:WEBHOOK_METRICS_PORT/metrics); off when the port is unset. */
    readonly metricsPort: number | undefined;
  };
  readonly sessionProofSecrets: readonly string[];
  readonly personalDataKey: string | undefined;
  /** How long a PENDING/REDIRECT charge waits for its callback before asking the status API. */
  readonly callbackWaitSeconds: number;
  readonly simulatorPort: number;
  /** A prebuilt workflow bundle (npm run build:bundle) for the worker; default dist/workflow-bundle.js if built. */
  readonly workflowBundlePath: string | undefined;
  /** The worker's deployment; `versioning` undefined = WORKER_VERSIONING unset (the worker refuses that in production). */
  readonly deployment: {
    readonly deploymentName: string | undefined;
    readonly buildId: string | undefined;
    readonly versioning: boolean | undefined;
  };
  /** development: the embedded default (simulator on loopback, published keys); production: real secrets. */
  readonly mode: AppMode;
  /** Payload encryption keys, current first (PAYLOAD_KEYS; the published dev key in development mode). */
  readonly payloadKeys: readonly PayloadKey[];
  readonly codecServer: {
    readonly host: string;
    readonly port: number;
    /** Bearer token the Web UI (or any caller) must send; required in production mode. */
    readonly token: string | undefined;
    /** Web UI origins allowed by CORS (CODEC_CORS_ORIGIN, default http://localhost:8233). */
    readonly corsOrigins: readonly string[];
  };
  readonly observability: {
    readonly logLevel: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
    /** The worker's Prometheus endpoint (METRICS_HOST:METRICS_PORT/metrics); off when the port is unset. */
    readonly metricsHost: string;
    readonly metricsPort: number | undefined;
    /** Traces go out over OTLP/HTTP when set (the exporter also reads the other OTEL_EXPORTER_OTLP_* vars). */
    readonly otlpEndpoint: string | undefined;
    /** OTEL_SERVICE_NAME as given; unset: `ixopay-temporal-<role>`. */
    readonly serviceName: string | undefined;
    /** OTEL_RESOURCE_ATTRIBUTES, parsed: on every span's resource. */
    readonly resourceAttributes: Readonly<Record<string, string>>;
    /** The worker's health endpoint (METRICS_HOST:HEALTH_PORT/health); off when the port is unset. */
    readonly healthPort: number | undefined;
  };
  /** postgres:// URL of a shared customer store; absent: the SQLite file customerDbFile. */
  readonly customerStoreUrl?: string;
  /**
   * PostgreSQL: 'apply' migrates on open (development default); 'verify' (production default) opens without DDL
   * and refuses a schema that lacks migrations: run `ixopay-temporal migrate` with a DDL-capable role first.
   */
  readonly customerStoreMigrations: 'apply' | 'verify';
}

/** The line every listening service logs at startup in development mode. */
export const DEVELOPMENT_MODE_WARNING =
  'DEVELOPMENT MODE (APP_MODE=development): published secrets and keys, every listener on loopback; never use it with real data';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    /** Every variable at fault. */
    readonly variables: readonly string[] = [],
  ) {
    super(message);
  }
}

function configError(problems: readonly ConfigProblem[], mode: AppMode): ConfigError {
  const lines = problems.map((p) => `  ${p.variable}: ${p.message}`);
  return new ConfigError(`invalid configuration (${mode} mode):\n${lines.join('\n')}`, [
    ...new Set(problems.map((p) => p.variable)),
  ]);
}

/**
 * Parses the environment once; throws one ConfigError naming every bad variable. Production mode (anything but
 * an explicit APP_MODE=development, see src/config/production.ts) also requires real secrets: `role` picks
 * which (the webhook needs the shared secret and payload keys, the codec server its keys and token).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, role: ConfigRole = 'worker'): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  const { mode, problems: modeProblems } = appModeFor(env);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ variable: i.path.join('.'), message: i.message }));
  problems.push(...modeProblems);
  if (mode === 'production') problems.push(...productionProblems(env, role));
  let payloadKeys: PayloadKey[] = [];
  // Unset in production: no keys (the roles that need them name PAYLOAD_KEYS as required).
  const keySpec = env['PAYLOAD_KEYS']?.trim() || (mode === 'development' ? DEV_PAYLOAD_KEYS : '');
  try {
    if (keySpec) payloadKeys = parsePayloadKeys(keySpec);
  } catch (err) {
    if (!(err instanceof PayloadKeyError)) throw err;
    if (!problems.some((p) => p.variable === 'PAYLOAD_KEYS'))
      problems.push({ variable: 'PAYLOAD_KEYS', message: err.message });
  }
  if (!parsed.success || problems.length > 0) throw configError(problems, mode);
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
      baseUrl: e.IXOPAY_BASE_URL ?? `http://127.0.0.1:${e.SIMULATOR_PORT}/`,
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
      bodyHash: e.IXOPAY_BODY_HASH,
      bodyHashMigration: e.IXOPAY_BODY_HASH_MIGRATION,
      metricsPort: e.WEBHOOK_METRICS_PORT,
    },
    sessionProofSecrets:
      e.SESSION_PROOF_SECRETS.length > 0
        ? e.SESSION_PROOF_SECRETS
        : mode === 'development'
          ? ['dev-session-secret']
          : [],
    personalDataKey: e.PERSONAL_DATA_KEY,
    callbackWaitSeconds: e.CALLBACK_WAIT_SECONDS,
    simulatorPort: e.SIMULATOR_PORT,
    workflowBundlePath: e.WORKFLOW_BUNDLE ? resolve(e.WORKFLOW_BUNDLE) : undefined,
    deployment: {
      deploymentName: e.WORKER_DEPLOYMENT_NAME,
      buildId: e.WORKER_BUILD_ID,
      versioning:
        e.WORKER_VERSIONING === undefined
          ? mode === 'development'
            ? false
            : undefined
          : e.WORKER_VERSIONING === 'on',
    },
    mode,
    payloadKeys,
    codecServer: {
      host: e.CODEC_SERVER_HOST,
      port: e.CODEC_SERVER_PORT,
      token: e.CODEC_SERVER_TOKEN || undefined,
      corsOrigins: e.CODEC_CORS_ORIGIN.length > 0 ? e.CODEC_CORS_ORIGIN : ['http://localhost:8233'],
    },
    observability: {
      logLevel: e.LOG_LEVEL,
      metricsHost: e.METRICS_HOST,
      metricsPort: e.METRICS_PORT,
      otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: e.OTEL_SERVICE_NAME,
      resourceAttributes: e.OTEL_RESOURCE_ATTRIBUTES,
      healthPort: e.HEALTH_PORT,
    },
    ...(e.CUSTOMER_STORE_URL ? { customerStoreUrl: e.CUSTOMER_STORE_URL } : {}),
    customerStoreMigrations: e.CUSTOMER_STORE_MIGRATIONS ?? (mode === 'production' ? 'verify' : 'apply'),
  };
}

/** SIMULATOR_PORT alone (default 8480): where the standalone simulator listens and the worker looks for it. */
export function simulatorPortFrom(env: NodeJS.ProcessEnv = process.env): number {
  const parsed = EnvSchema.shape.SIMULATOR_PORT.safeParse(env['SIMULATOR_PORT']);
  if (!parsed.success)
    throw new ConfigError(`invalid configuration:\n  SIMULATOR_PORT: ${parsed.error.issues[0]?.message}`, [
      'SIMULATOR_PORT',
    ]);
  return parsed.data;
}
