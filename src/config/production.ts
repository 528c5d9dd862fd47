/**
 * The configuration mode, decided once and never guessed: `development` only when APP_MODE=development is set
 * explicitly (the bundled simulator on loopback, published credentials and keys, every listener on loopback).
 * Anything else is `production`, which refuses to start without real secrets. Each role (worker, webhook,
 * codec server, client) needs only its own variables. Pure: works on the raw environment that src/config/config.ts
 * hands it.
 */
import { DEV_PAYLOAD_KEY, DEV_PAYLOAD_KEYS } from '../codec/keys.js';

export type AppMode = 'development' | 'production';
type Env = Readonly<Record<string, string | undefined>>;

/** Every value this repository publishes as a default or example: never a production secret. */
export const PUBLISHED_DEFAULTS: ReadonlySet<string> = new Set([
  // the simulator's credentials (SIMULATOR_DEFAULTS) and the embedded default's session secret
  'sim-api-key',
  'sim-user',
  'sim-password',
  'sim-shared-secret',
  'dev-session-secret',
  DEV_PAYLOAD_KEY,
  DEV_PAYLOAD_KEYS,
]);

/** Key material this repository publishes, compared as bytes (padding or base64url spelling do not matter). */
const PUBLISHED_KEY_BYTES: readonly Buffer[] = [Buffer.from(DEV_PAYLOAD_KEY, 'base64')];

/** Shortest secret production accepts (shared secrets, session proof secrets, the codec server token). */
export const MIN_SECRET_LENGTH = 16;
/** Largest callback Date skew production accepts. */
export const MAX_WEBHOOK_TOLERANCE_SECONDS = 900;

export type ConfigRole = 'worker' | 'webhook' | 'codec-server' | 'client' | 'migrate';

/** What each role needs in production mode, and nothing more. */
/** Operator commands on the store and the gateway's profiles (customers, profiles, billing report) run as `worker`. */
export const REQUIRED_BY_ROLE: Readonly<Record<ConfigRole, readonly string[]>> = {
  worker: [
    'IXOPAY_BASE_URL',
    'IXOPAY_API_KEY',
    'IXOPAY_USERNAME',
    'IXOPAY_PASSWORD',
    'IXOPAY_SHARED_SECRET',
    'SESSION_PROOF_SECRETS',
    'PERSONAL_DATA_KEY',
    'WEBHOOK_PUBLIC_URL',
    'PAYLOAD_KEYS',
  ],
  webhook: ['IXOPAY_SHARED_SECRET', 'PAYLOAD_KEYS'],
  'codec-server': ['PAYLOAD_KEYS', 'CODEC_SERVER_TOKEN'],
  /** The client API and the CLI's charge commands (PERSONAL_DATA_KEY too with CUSTOMER_STORE_URL). */
  client: ['PAYLOAD_KEYS', 'SESSION_PROOF_SECRETS'],
  /** `ixopay-temporal migrate`: the customer store's schema, with DDL rights the workers need not have. */
  migrate: ['CUSTOMER_STORE_URL'],
};

/** Secrets checked against the published defaults whenever they are set (lists item by item). */
const SECRET_VARIABLES = [
  'IXOPAY_API_KEY',
  'IXOPAY_USERNAME',
  'IXOPAY_PASSWORD',
  'IXOPAY_SHARED_SECRET',
  'IXOPAY_SHARED_SECRET_PREVIOUS',
  'SESSION_PROOF_SECRETS',
  'PERSONAL_DATA_KEY',
  'PAYLOAD_KEYS',
  'CODEC_SERVER_TOKEN',
] as const;

/** Secrets that must have at least MIN_SECRET_LENGTH characters (each item of a list). */
const LONG_SECRETS = [
  'IXOPAY_SHARED_SECRET',
  'IXOPAY_SHARED_SECRET_PREVIOUS',
  'SESSION_PROOF_SECRETS',
  'CODEC_SERVER_TOKEN',
] as const;

/** Listener hosts, loopback-only in development mode. */
const LISTENER_HOSTS = ['WEBHOOK_HOST', 'CODEC_SERVER_HOST', 'METRICS_HOST'] as const;

export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return LOOPBACK_HOSTS.has(h) || /^127(\.\d{1,3}){3}$/.test(h);
}

export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

function set(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * The mode: development only with APP_MODE=development, and then only against a gateway on loopback with
 * every listener on loopback (problems otherwise).
 */
export function appModeFor(env: Env): { mode: AppMode; problems: ConfigProblem[] } {
  if (set(env, 'APP_MODE') !== 'development') return { mode: 'production', problems: [] };
  const problems: ConfigProblem[] = [];
  const baseUrl = set(env, 'IXOPAY_BASE_URL');
  if (baseUrl !== undefined && !isLoopbackUrl(baseUrl)) {
    problems.push({
      variable: 'APP_MODE',
      message:
        'development mode runs against the simulator on loopback only; IXOPAY_BASE_URL is not on loopback',
    });
  }
  for (const name of LISTENER_HOSTS) {
    const host = set(env, name);
    if (host !== undefined && !isLoopbackHost(host)) {
      problems.push({ variable: name, message: 'development mode listens on loopback only' });
    }
  }
  return { mode: 'development', problems };
}

function items(name: string, value: string): string[] {
  if (name === 'PAYLOAD_KEYS' || name === 'PERSONAL_DATA_KEY') {
    // Each entry and its key material: a published key under another id is still published.
    return value.split(',').flatMap((entry) => [entry.trim(), entry.slice(entry.indexOf(':') + 1).trim()]);
  }
  return name.endsWith('_SECRETS') || name.endsWith('_PREVIOUS')
    ? value.split(',').map((s) => s.trim())
    : [value];
}

/** True when a key's decoded bytes are those of a published key. */
function isPublishedKey(material: string): boolean {
  const bytes = Buffer.from(material, 'base64');
  return bytes.length > 0 && PUBLISHED_KEY_BYTES.some((published) => published.equals(bytes));
}

function insecureUrl(env: Env, name: string): ConfigProblem | undefined {
  const value = set(env, name);
  if (value === undefined || isLoopbackUrl(value)) return undefined;
  try {
    if (new URL(value).protocol === 'https:') return undefined;
  } catch {
    return undefined; // the schema names a malformed URL
  }
  return { variable: name, message: 'must be an https:// URL off loopback in production mode' };
}

const SECURE_SSLMODES = new Set(['require', 'verify-ca', 'verify-full']);

/** A PostgreSQL URL off loopback (and not a Unix socket) must ask for TLS: sslmode=require or verify-*. */
function insecureStoreUrl(url: string | undefined): ConfigProblem | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined; // the schema names a malformed URL
  }
  const socketHost = parsed.searchParams.get('host')?.startsWith('/') ?? false;
  if (socketHost || parsed.hostname === '' || isLoopbackHost(parsed.hostname)) return undefined;
  if (SECURE_SSLMODES.has(parsed.searchParams.get('sslmode') ?? '')) return undefined;
  return {
    variable: 'CUSTOMER_STORE_URL',
    message: 'needs sslmode=require, verify-ca or verify-full off loopback in production mode',
  };
}

/** Every missing or unacceptable variable for production mode, all at once. */
export function productionProblems(env: Env, role: ConfigRole): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const name of REQUIRED_BY_ROLE[role]) {
    if (set(env, name) === undefined)
      problems.push({ variable: name, message: 'required in production mode' });
  }
  if (role === 'client' && set(env, 'CUSTOMER_STORE_URL') && !set(env, 'PERSONAL_DATA_KEY')) {
    problems.push({
      variable: 'PERSONAL_DATA_KEY',
      message: 'required in production mode with CUSTOMER_STORE_URL',
    });
  }
  for (const name of SECRET_VARIABLES) {
    const value = set(env, name);
    if (value === undefined) continue;
    const entries = items(name, value);
    if (entries.some((item) => PUBLISHED_DEFAULTS.has(item) || isPublishedKey(item))) {
      problems.push({ variable: name, message: 'is a published default value; set a secret of your own' });
    }
  }
  for (const name of LONG_SECRETS) {
    const value = set(env, name);
    if (value !== undefined && items(name, value).some((s) => s.length < MIN_SECRET_LENGTH)) {
      problems.push({
        variable: name,
        message: `each secret needs at least ${MIN_SECRET_LENGTH} characters`,
      });
    }
  }
  for (const name of ['IXOPAY_BASE_URL', 'WEBHOOK_PUBLIC_URL']) {
    const problem = insecureUrl(env, name);
    if (problem) problems.push(problem);
  }
  const storeProblem = insecureStoreUrl(set(env, 'CUSTOMER_STORE_URL'));
  if (storeProblem) problems.push(storeProblem);
  const tolerance = Number(set(env, 'WEBHOOK_TOLERANCE_SECONDS') ?? '0');
  if (tolerance > MAX_WEBHOOK_TOLERANCE_SECONDS) {
    problems.push({
      variable: 'WEBHOOK_TOLERANCE_SECONDS',
      message: `at most ${MAX_WEBHOOK_TOLERANCE_SECONDS} seconds in production mode`,
    });
  }
  return problems;
}
