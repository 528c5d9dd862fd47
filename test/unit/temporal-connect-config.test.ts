import { strict as assert } from 'node:assert';
import { temporalConnectConfig } from '../../src/temporal/connect-config.js';

describe('Temporal connection settings for embedding code', () => {
  const env = { TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_NAMESPACE: 'payments' };

  it('reads the TEMPORAL_* variables it is given', () => {
    const config = temporalConnectConfig({ env });
    assert.equal(config.connectionOptions.address, 'temporal.internal:7233');
    assert.equal(config.namespace, 'payments');
  });

  it('lets explicit values override the environment', () => {
    const config = temporalConnectConfig({ env, address: '127.0.0.1:7244', namespace: 'other' });
    assert.equal(config.connectionOptions.address, '127.0.0.1:7244');
    assert.equal(config.namespace, 'other');
  });

  it('uses the default namespace when nothing names one', () => {
    assert.equal(temporalConnectConfig({ env: { TEMPORAL_ADDRESS: 'x:1' } }).namespace, 'default');
  });
});
