import { strict as assert } from 'node:assert';
import { DEV_PAYLOAD_KEY, DEV_PAYLOAD_KEYS } from '../../src/codec/keys.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { PUBLISHED_DEFAULTS, isLoopbackUrl } from '../../src/config-production.js';
import { SIMULATOR_DEFAULTS } from '../../src/simulator/index.js';

const key = (byte: number): string => Buffer.alloc(32, byte).toString('base64');
const PRODUCTION = {
  IXOPAY_BASE_URL: 'https://gateway.ixopay.com/',
  IXOPAY_API_KEY: 'live-api-key-1',
  IXOPAY_USERNAME: 'merchant-user',
  IXOPAY_PASSWORD: 'merchant-password',
  IXOPAY_SHARED_SECRET: 'live-shared-secret',
  SESSION_PROOF_SECRETS: 'a-session-secret-of-our-own',
  PERSONAL_DATA_KEY: key(1),
  WEBHOOK_PUBLIC_URL: 'https://pay.example.com',
  PAYLOAD_KEYS: `k2:${key(2)},k1:${key(3)}`,
} as const;

function configError(env: NodeJS.ProcessEnv, role?: 'codec-server'): ConfigError {
  try {
    loadConfig(env, role);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err;
  }
  assert.fail('expected a ConfigError');
}

describe('configuration mode', () => {
  it('runs with zero configuration in development mode against the simulator on loopback', () => {
    const config = loadConfig({});
    assert.equal(config.mode, 'development');
    assert.equal(config.gateway.baseUrl, 'http://127.0.0.1:8480/');
    assert.deepEqual(
      config.payloadKeys.map((k) => k.id),
      ['dev-1'],
    );
    assert.equal(config.codecServer.port, 8888);
    assert.deepEqual(config.codecServer.corsOrigins, ['http://localhost:8233']);
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
    assert.match(err.message, /production mode/);
  });

  it('is production when APP_MODE=production, even against the simulator', () => {
    const err = configError({ APP_MODE: 'production', IXOPAY_BASE_URL: 'http://127.0.0.1:8480/' });
    assert.ok(err.variables.includes('IXOPAY_API_KEY'));
    assert.equal(
      loadConfig({ ...PRODUCTION, IXOPAY_BASE_URL: 'http://127.0.0.1:8480/', APP_MODE: 'production' }).mode,
      'production',
    );
  });

  it('refuses APP_MODE=development against a gateway that is not on loopback', () => {
    const err = configError({ ...PRODUCTION, APP_MODE: 'development' });
    assert.deepEqual(err.variables, ['APP_MODE']);
  });

  it('starts in production mode with every secret set', () => {
    const config = loadConfig(PRODUCTION);
    assert.equal(config.mode, 'production');
    assert.deepEqual(
      config.payloadKeys.map((k) => k.id),
      ['k2', 'k1'],
    );
    assert.equal(config.webhook.publicUrl, 'https://pay.example.com');
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
    assert.deepEqual([...err.variables].sort(), [
      'IXOPAY_API_KEY',
      'IXOPAY_SHARED_SECRET',
      'PAYLOAD_KEYS',
      'PERSONAL_DATA_KEY',
      'SESSION_PROOF_SECRETS',
    ]);
    assert.equal(configError({ ...PRODUCTION, PAYLOAD_KEYS: DEV_PAYLOAD_KEYS }).variables[0], 'PAYLOAD_KEYS');
  });

  it('lists every simulator credential as a published default', () => {
    for (const value of Object.values(SIMULATOR_DEFAULTS)) assert.ok(PUBLISHED_DEFAULTS.has(value), value);
  });

  it('names malformed payload keys in any mode, without echoing key material', () => {
    for (const bad of ['k1', 'k1:short', `bad id:${key(1)}`, `k1:${key(1)},k1:${key(2)}`]) {
      const err = configError({ PAYLOAD_KEYS: bad });
      assert.deepEqual(err.variables, ['PAYLOAD_KEYS'], bad);
      assert.doesNotMatch(err.message, new RegExp(key(1).slice(0, 20).replace(/[+/]/g, '.')));
    }
  });

  it('asks the codec server for its keys and token only', () => {
    const err = configError({ APP_MODE: 'production' }, 'codec-server');
    assert.deepEqual([...err.variables].sort(), ['CODEC_SERVER_TOKEN', 'PAYLOAD_KEYS']);
    const config = loadConfig(
      {
        APP_MODE: 'production',
        PAYLOAD_KEYS: PRODUCTION.PAYLOAD_KEYS,
        CODEC_SERVER_TOKEN: 'a-long-codec-token-1234',
      },
      'codec-server',
    );
    assert.equal(config.codecServer.token, 'a-long-codec-token-1234');
    assert.deepEqual(configError({ CODEC_SERVER_HOST: '0.0.0.0' }, 'codec-server').variables, [
      'CODEC_SERVER_HOST',
    ]);
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
