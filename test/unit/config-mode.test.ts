import { strict as assert } from 'node:assert';
import { DEV_PAYLOAD_KEY, DEV_PAYLOAD_KEYS } from '../../src/codec/keys.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { PUBLISHED_DEFAULTS, isLoopbackUrl, type ConfigRole } from '../../src/config/production.js';
import { SIMULATOR_DEFAULTS } from '../../src/simulator/index.js';

const key = (byte: number): string => Buffer.alloc(32, byte).toString('base64');
const DEV = { APP_MODE: 'development' } as const;
const PRODUCTION = {
  IXOPAY_BASE_URL: 'https://gateway.ixopay.com/',
  IXOPAY_API_KEY: 'live-api-key-1',
  IXOPAY_USERNAME: 'merchant-user',
  IXOPAY_PASSWORD: 'merchant-password',
  IXOPAY_SHARED_SECRET: 'live-shared-secret-0123',
  SESSION_PROOF_SECRETS: 'a-session-secret-of-our-own',
  PERSONAL_DATA_KEY: key(1),
  WEBHOOK_PUBLIC_URL: 'https://pay.example.com',
  PAYLOAD_KEYS: `k2:${key(2)},k1:${key(3)}`,
} as const;

function configError(env: NodeJS.ProcessEnv, role?: ConfigRole): ConfigError {
  try {
    loadConfig(env, role);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err;
  }
  assert.fail('expected a ConfigError');
}

describe('configuration mode', () => {
  it('runs in development mode only with APP_MODE=development, against the simulator on loopback', () => {
    const config = loadConfig(DEV);
    assert.equal(config.mode, 'development');
    assert.equal(config.gateway.baseUrl, 'http://127.0.0.1:8480/');
    assert.deepEqual(
      config.payloadKeys.map((k) => k.id),
      ['dev-1'],
    );
    assert.equal(config.codecServer.port, 8888);
    assert.deepEqual(config.codecServer.corsOrigins, ['http://localhost:8233']);
  });

  it('is production whenever APP_MODE is not development, even with no gateway URL or a loopback one', () => {
    for (const env of [{}, { IXOPAY_BASE_URL: 'http://127.0.0.1:8480/' }, { APP_MODE: 'production' }]) {
      const err = configError(env);
      assert.match(err.message, /production mode/);
      assert.ok(err.variables.includes('IXOPAY_SHARED_SECRET'), JSON.stringify(env));
    }
  });

  it('is production for a gateway that is not on loopback, naming every missing variable at once', () => {
    const err = configError({ IXOPAY_BASE_URL: 'https://gateway.ixopay.com/' });
    assert.deepEqual([...err.variables].sort(), [
      'IXOPAY_API_KEY',
      'IXOPAY_PASSWORD',
      'IXOPAY_SHARED_SECRET',
      'IXOPAY_USERNAME',
      'PAYLOAD_KEYS',
      'PERSONAL_DATA_KEY',
      'SESSION_PROOF_SECRETS',
      'WEBHOOK_PUBLIC_URL',
    ]);
    for (const name of err.variables) assert.match(err.message, new RegExp(name));
  });

  it('asks each role for its own variables only', () => {
    const required = (role: ConfigRole): string[] => [...configError({}, role).variables].sort();
    assert.deepEqual(required('worker'), [
      'IXOPAY_API_KEY',
      'IXOPAY_BASE_URL',
      'IXOPAY_PASSWORD',
      'IXOPAY_SHARED_SECRET',
      'IXOPAY_USERNAME',
      'PAYLOAD_KEYS',
      'PERSONAL_DATA_KEY',
      'SESSION_PROOF_SECRETS',
      'WEBHOOK_PUBLIC_URL',
    ]);
    assert.deepEqual(required('webhook'), ['IXOPAY_SHARED_SECRET', 'PAYLOAD_KEYS']);
    assert.deepEqual(required('codec-server'), ['CODEC_SERVER_TOKEN', 'PAYLOAD_KEYS']);
    assert.deepEqual(required('client'), ['PAYLOAD_KEYS', 'SESSION_PROOF_SECRETS']);
    assert.deepEqual(configError({ CUSTOMER_STORE_URL: 'postgres://127.0.0.1/app' }, 'client').variables, [
      'PAYLOAD_KEYS',
      'SESSION_PROOF_SECRETS',
      'PERSONAL_DATA_KEY',
    ]);
    const webhook = loadConfig(
      { IXOPAY_SHARED_SECRET: PRODUCTION.IXOPAY_SHARED_SECRET, PAYLOAD_KEYS: PRODUCTION.PAYLOAD_KEYS },
      'webhook',
    );
    assert.equal(webhook.mode, 'production');
    assert.deepEqual(webhook.webhook.secrets, [PRODUCTION.IXOPAY_SHARED_SECRET]);
    const client = loadConfig(
      { PAYLOAD_KEYS: PRODUCTION.PAYLOAD_KEYS, SESSION_PROOF_SECRETS: PRODUCTION.SESSION_PROOF_SECRETS },
      'client',
    );
    assert.deepEqual(client.sessionProofSecrets, [PRODUCTION.SESSION_PROOF_SECRETS]);
  });

  it('refuses APP_MODE=development against a gateway that is not on loopback', () => {
    const err = configError({ ...PRODUCTION, APP_MODE: 'development' });
    assert.deepEqual(err.variables, ['APP_MODE']);
  });

  it('binds every listener to loopback in development mode', () => {
    const err = configError({
      ...DEV,
      WEBHOOK_HOST: '0.0.0.0',
      CODEC_SERVER_HOST: '192.168.1.10',
      METRICS_HOST: '::',
    });
    assert.deepEqual([...err.variables].sort(), ['CODEC_SERVER_HOST', 'METRICS_HOST', 'WEBHOOK_HOST']);
    assert.equal(loadConfig({ ...DEV, WEBHOOK_HOST: 'localhost' }).webhook.host, 'localhost');
  });

  it('starts in production mode with every secret set', () => {
    const config = loadConfig(PRODUCTION);
    assert.equal(config.mode, 'production');
    assert.deepEqual(
      config.payloadKeys.map((k) => k.id),
      ['k2', 'k1'],
    );
    assert.equal(config.webhook.publicUrl, 'https://pay.example.com');
    assert.deepEqual(config.sessionProofSecrets, [PRODUCTION.SESSION_PROOF_SECRETS]);
  });

  it('refuses published default values, every one named', () => {
    const err = configError({
      ...PRODUCTION,
      IXOPAY_API_KEY: 'sim-api-key',
      IXOPAY_SHARED_SECRET: 'sim-shared-secret',
      SESSION_PROOF_SECRETS: 'a-session-secret-of-our-own,dev-session-secret',
      PAYLOAD_KEYS: `k2:${key(2)},old:${DEV_PAYLOAD_KEY}`,
      PERSONAL_DATA_KEY: DEV_PAYLOAD_KEY,
    });
    assert.ok(
      [
        'IXOPAY_API_KEY',
        'IXOPAY_SHARED_SECRET',
        'PAYLOAD_KEYS',
        'PERSONAL_DATA_KEY',
        'SESSION_PROOF_SECRETS',
      ].every((name) => err.variables.includes(name)),
      err.message,
    );
    assert.equal(configError({ ...PRODUCTION, PAYLOAD_KEYS: DEV_PAYLOAD_KEYS }).variables[0], 'PAYLOAD_KEYS');
  });

  it('refuses a published key however it is spelled: the decoded bytes are compared', () => {
    const bytes = Buffer.from(DEV_PAYLOAD_KEY, 'base64');
    for (const spelling of [
      DEV_PAYLOAD_KEY.replace(/=+$/, ''),
      bytes.toString('base64url'),
      ` ${DEV_PAYLOAD_KEY}`,
    ]) {
      assert.deepEqual(configError({ ...PRODUCTION, PAYLOAD_KEYS: `k9:${spelling}` }).variables, [
        'PAYLOAD_KEYS',
      ]);
      assert.deepEqual(configError({ ...PRODUCTION, PERSONAL_DATA_KEY: spelling }).variables, [
        'PERSONAL_DATA_KEY',
      ]);
    }
  });

  it('refuses plain http off loopback, short secrets and a long webhook tolerance', () => {
    const err = configError({
      ...PRODUCTION,
      IXOPAY_BASE_URL: 'http://gateway.ixopay.com/',
      WEBHOOK_PUBLIC_URL: 'http://pay.example.com',
      IXOPAY_SHARED_SECRET: 'short-secret',
      IXOPAY_SHARED_SECRET_PREVIOUS: 'an-old-secret-long-enough,old',
      SESSION_PROOF_SECRETS: 'tiny',
      WEBHOOK_TOLERANCE_SECONDS: '901',
    });
    assert.deepEqual([...err.variables].sort(), [
      'IXOPAY_BASE_URL',
      'IXOPAY_SHARED_SECRET',
      'IXOPAY_SHARED_SECRET_PREVIOUS',
      'SESSION_PROOF_SECRETS',
      'WEBHOOK_PUBLIC_URL',
      'WEBHOOK_TOLERANCE_SECONDS',
    ]);
    const ok = loadConfig({
      ...PRODUCTION,
      IXOPAY_BASE_URL: 'http://127.0.0.1:8480/',
      WEBHOOK_TOLERANCE_SECONDS: '900',
    });
    assert.equal(ok.webhook.toleranceSeconds, 900);
  });

  it('requires TLS to a PostgreSQL store off loopback and opens it without DDL in production', () => {
    const err = configError({ ...PRODUCTION, CUSTOMER_STORE_URL: 'postgres://u:p@db.internal:5432/app' });
    assert.deepEqual(err.variables, ['CUSTOMER_STORE_URL']);
    assert.doesNotMatch(err.message, /u:p@/);
    for (const url of [
      'postgres://u:p@db.internal:5432/app?sslmode=verify-full',
      'postgres://u:p@db.internal/app?sslmode=require',
      'postgres://u:p@127.0.0.1:5432/app',
      'postgresql:///app?host=/var/run/postgresql',
    ]) {
      const config = loadConfig({ ...PRODUCTION, CUSTOMER_STORE_URL: url });
      assert.equal(config.customerStoreMigrations, 'verify', url);
    }
    assert.deepEqual(configError({}, 'migrate').variables, ['CUSTOMER_STORE_URL']);
    assert.equal(loadConfig(DEV).customerStoreMigrations, 'apply');
  });

  it('lists every simulator credential as a published default', () => {
    for (const value of Object.values(SIMULATOR_DEFAULTS)) assert.ok(PUBLISHED_DEFAULTS.has(value), value);
  });

  it('names malformed payload keys in any mode, without echoing key material', () => {
    for (const bad of ['k1', 'k1:short', `bad id:${key(1)}`, `k1:${key(1)},k1:${key(2)}`]) {
      const err = configError({ ...DEV, PAYLOAD_KEYS: bad });
      assert.deepEqual(err.variables, ['PAYLOAD_KEYS'], bad);
      assert.doesNotMatch(err.message, new RegExp(key(1).slice(0, 20).replace(/[+/]/g, '.')));
    }
  });

  it('asks the codec server for its keys and token only, the token at least 16 characters', () => {
    const err = configError({ APP_MODE: 'production' }, 'codec-server');
    assert.deepEqual([...err.variables].sort(), ['CODEC_SERVER_TOKEN', 'PAYLOAD_KEYS']);
    const config = loadConfig(
      { PAYLOAD_KEYS: PRODUCTION.PAYLOAD_KEYS, CODEC_SERVER_TOKEN: 'a-long-codec-token-1234' },
      'codec-server',
    );
    assert.equal(config.codecServer.token, 'a-long-codec-token-1234');
    assert.deepEqual(
      configError({ PAYLOAD_KEYS: PRODUCTION.PAYLOAD_KEYS, CODEC_SERVER_TOKEN: 'short' }, 'codec-server')
        .variables,
      ['CODEC_SERVER_TOKEN'],
    );
    assert.deepEqual(configError({ ...DEV, CODEC_SERVER_HOST: '0.0.0.0' }, 'codec-server').variables, [
      'CODEC_SERVER_HOST',
    ]);
  });

  it('refuses a gateway HTTP timeout that could outlast its activity attempt (two attempts in flight)', () => {
    const err = configError({ ...DEV, IXOPAY_TIMEOUT_MS: '30000' });
    assert.deepEqual(err.variables, ['IXOPAY_TIMEOUT_MS']);
    assert.equal(loadConfig({ ...DEV, IXOPAY_TIMEOUT_MS: '25000' }).gateway.timeoutMs, 25_000);
  });

  it('tells loopback URLs from others', () => {
    for (const url of [
      'http://127.0.0.1:8480/',
      'http://localhost:1/',
      'http://[::1]:8480/',
      'http://127.1.2.3/',
    ])
      assert.ok(isLoopbackUrl(url), url);
    for (const url of ['https://gateway.ixopay.com/', 'http://127.0.0.1.evil.example/', 'not a url'])
      assert.ok(!isLoopbackUrl(url), url);
  });
});
