/**
 * The configuration mode, decided once and failing safe. `development` is the embedded default: the bundled
 * simulator on loopback with published credentials and keys, zero configuration. Anything else is
 * `production`, which refuses to start without real secrets. Pure: works on the raw environment that
 * src/config.ts hands it.
 *
 * - `APP_MODE=production`: production, whatever the gateway URL.
 * - `APP_MODE=development`: only with IXOPAY_BASE_URL on loopback (the simulator), otherwise refused.
 * - unset: development when IXOPAY_BASE_URL is on loopback (or unset: the simulator's default URL), else
 *   production.
 */
import { DEV_PAYLOAD_KEY, DEV_PAYLOAD_KEYS } from './codec/keys.js';
import { MIN_SESSION_SECRET_LENGTH } from './customers/session-proof.js';

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

/** What a worker, webhook or client needs in production mode. */
export const PRODUCTION_REQUIRED = [
  'IXOPAY_API_KEY',
  'IXOPAY_USERNAME',
  'IXOPAY_PASSWORD',
  'IXOPAY_SHARED_SECRET',
  'SESSION_PROOF_SECRETS',
  'PERSONAL_DATA_KEY',
  'WEBHOOK_PUBLIC_URL',
  'PAYLOAD_KEYS',
] as const;

/** What the codec server needs in production mode: nothing of the gateway's, only the keys and its token. */
export const CODEC_SERVER_REQUIRED = ['PAYLOAD_KEYS', 'CODEC_SERVER_TOKEN'] as const;

/** Secrets checked against the published defaults whenever they are set (lists item by item). */
const SECRET_VARIABLES = [
  ...PRODUCTION_REQUIRED,
  'IXOPAY_SHARED_SECRET_PREVIOUS',
  'CODEC_SERVER_TOKEN',
] as const;

export type ConfigRole = 'service' | 'codec-server';

export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

function set(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** The mode, or a problem when APP_MODE=development points at a gateway that is not on loopback. */
export function appModeFor(env: Env): { mode: AppMode; problem?: ConfigProblem } {
  const baseUrl = set(env, 'IXOPAY_BASE_URL');
  const loopback = baseUrl === undefined || isLoopbackUrl(baseUrl);
  const explicit = set(env, 'APP_MODE');
  if (explicit === 'production') return { mode: 'production' };
  if (explicit === 'development') {
    return loopback
      ? { mode: 'development' }
      : {
          mode: 'production',
          problem: {
            variable: 'APP_MODE',
            message:
              'development mode runs against the simulator on loopback only; IXOPAY_BASE_URL is not on loopback',
          },
        };
  }
  return { mode: loopback ? 'development' : 'production' };
}

function items(name: string, value: string): string[] {
  if (name === 'PAYLOAD_KEYS') {
    // Each entry and its key material: a published key under another id is still published.
    return value.split(',').flatMap((entry) => [entry.trim(), entry.slice(entry.indexOf(':') + 1).trim()]);
  }
  return name.endsWith('_SECRETS') || name.endsWith('_PREVIOUS')
    ? value.split(',').map((s) => s.trim())
    : [value];
}

/** Every missing or unacceptable variable for production mode, all at once. */
export function productionProblems(env: Env, role: ConfigRole = 'service'): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const required: readonly string[] = role === 'codec-server' ? CODEC_SERVER_REQUIRED : PRODUCTION_REQUIRED;
  for (const name of required) {
    if (set(env, name) === undefined)
      problems.push({ variable: name, message: 'required in production mode' });
  }
  for (const name of SECRET_VARIABLES) {
    const value = set(env, name);
    if (value === undefined) continue;
    if (items(name, value).some((item) => PUBLISHED_DEFAULTS.has(item))) {
      problems.push({ variable: name, message: 'is a published default value; set a secret of your own' });
    }
  }
  const sessionSecrets = set(env, 'SESSION_PROOF_SECRETS');
  if (sessionSecrets?.split(',').some((s) => s.trim().length < MIN_SESSION_SECRET_LENGTH)) {
    problems.push({
      variable: 'SESSION_PROOF_SECRETS',
      message: `each secret needs at least ${MIN_SESSION_SECRET_LENGTH} characters`,
    });
  }
  const token = set(env, 'CODEC_SERVER_TOKEN');
  if (token !== undefined && token.length < MIN_SESSION_SECRET_LENGTH) {
    problems.push({
      variable: 'CODEC_SERVER_TOKEN',
      message: `needs at least ${MIN_SESSION_SECRET_LENGTH} characters`,
    });
  }
  return problems;
}
