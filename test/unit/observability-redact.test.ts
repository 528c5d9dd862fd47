import { strict as assert } from 'node:assert';
import { JsonLogger } from '../../src/observability/logger.js';
import { maskToken, redactFields, redactText } from '../../src/observability/redact.js';
import { issueSessionProof } from '../../src/customers/index.js';

describe('log redaction', () => {
  it('masks payment tokens to their last four characters', () => {
    assert.equal(maskToken('pt::abcdef123456'), 'pt::…3456');
    assert.equal(redactText('charging pt::abcdef123456 now'), 'charging pt::…3456 now');
    assert.equal(redactText('token ix::test-visa'), 'token ix::…visa');
  });

  it('masks card numbers, email addresses and session proofs inside text', () => {
    assert.equal(redactText('pan 4111 1111 1111 1111 given'), 'pan [card …1111] given');
    assert.equal(redactText('card 4000000000000002'), 'card [card …0002]');
    assert.equal(redactText('mail jane.doe+x@example.org failed'), 'mail [email] failed');
    const proof = issueSessionProof({
      customerId: 'cust-1',
      chargeId: 'order-1',
      secret: 'a-session-secret-of-some-length',
      ttlSeconds: 60,
    });
    assert.equal(redactText(`proof ${proof} rejected`), 'proof [session-proof] rejected');
    assert.equal(redactText('sealed sealed.v1.aaa.bbb.ccc'), 'sealed [session-proof]');
  });

  it('drops secrets and personal data by field name, at any depth, and keeps ids and amounts', () => {
    const out = redactFields({
      chargeId: 'order-1',
      amountMinor: 1999,
      email: 'jane@example.org',
      customer: { firstName: 'Jane', lastName: 'Doe', id: 'cust-1' },
      sessionProof: 'v1.x',
      sharedSecret: 's3cret',
      headers: { Authorization: 'Basic abc', 'X-Signature': 'sig' },
      paymentToken: 'pt::abcdef9876',
      list: [{ cardNumber: '4111111111111111' }],
    });
    assert.deepEqual(out, {
      chargeId: 'order-1',
      amountMinor: 1999,
      email: '[redacted]',
      customer: { firstName: '[redacted]', lastName: '[redacted]', id: 'cust-1' },
      sessionProof: '[redacted]',
      sharedSecret: '[redacted]',
      headers: { Authorization: '[redacted]', 'X-Signature': '[redacted]' },
      paymentToken: 'pt::…9876',
      list: [{ cardNumber: '[redacted]' }],
    });
  });

  it('writes one JSON object per line with ts, level, msg and redacted fields', () => {
    const lines: string[] = [];
    const logger = new JsonLogger({
      level: 'INFO',
      sink: (line) => lines.push(line),
      base: { service: 'test' },
    });
    logger.debug('hidden');
    logger.info('charged pt::abcdef1234', {
      chargeId: 'c-1',
      email: 'a@b.io',
      error: new Error('x@y.io down'),
    });
    logger.log('ERROR', 'failed', { [Symbol.for('log_timestamp')]: 1_700_000_000_000_000_000n });
    assert.equal(lines.length, 2);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.deepEqual(Object.keys(first).slice(0, 3), ['ts', 'level', 'msg']);
    assert.equal(first['level'], 'info');
    assert.equal(first['msg'], 'charged pt::…1234');
    assert.equal(first['service'], 'test');
    assert.equal(first['chargeId'], 'c-1');
    assert.equal(first['email'], '[redacted]');
    assert.deepEqual(first['error'], { name: 'Error', message: '[email] down' });
    const second = JSON.parse(lines[1]!) as Record<string, unknown>;
    assert.equal(second['level'], 'error');
    assert.equal(second['ts'], new Date(1_700_000_000_000).toISOString());
  });
});
