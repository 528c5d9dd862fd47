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

  // prettier-ignore
  const FIELDS: ReadonlyArray<readonly [key: string, value: string]> = [
    ['cardHolder', 'Alex Smith'], ['card_holder', 'Alex Smith'], ['billingFirstName', 'Alex'],
    ['billingLastName', 'Smith'], ['shippingFirstName', 'Sam'], ['shippingLastName', 'Smith'],
    ['shippingCompany', 'ACME'], ['billingAddress1', '1 Main St'], ['billingAddress2', 'Flat 2'],
    ['shippingAddress1', '2 Side St'], ['address', '1 Main St'], ['billingCity', 'Vienna'],
    ['billingPostcode', '1010'], ['shippingCountry', 'AT'], ['billingPhone', '+43 1 234'], ['phone', '+43'],
    ['phoneNumber', '+43'], ['birthDate', '1970-01-01'], ['ipAddress', '203.0.113.9'], ['iban', 'AT61...'],
    ['IBAN', 'AT61...'], ['nationalId', 'X123'], ['token', 'abc'], ['accessToken', 'abc'],
  ];
  // prettier-ignore
  const KEPT: ReadonlyArray<readonly [key: string, value: unknown]> = [
    ['chargeId', 'order-1'], ['billingRunId', 'run-1'], ['workflowName', 'charge'], ['currency', 'EUR'],
    ['taskQueue', 'payments'], ['amountMinor', 1999], ['at', 1764814841000], ['customerId', 'cust-1'],
  ];

  for (const [key, value] of FIELDS) {
    it(`drops ${key} by key pattern`, () => {
      assert.deepEqual(redactFields({ [key]: value, customer: { [key]: value } }), {
        [key]: '[redacted]',
        customer: { [key]: '[redacted]' },
      });
    });
  }

  it('keeps ids, amounts, currencies and timestamps', () => {
    for (const [key, value] of KEPT) assert.deepEqual(redactFields({ [key]: value }), { [key]: value }, key);
  });

  // prettier-ignore
  const TEXTS: ReadonlyArray<readonly [input: string, output: string]> = [
    ['at 1764814841000 ms', 'at 1764814841000 ms'],
    ['started 1764814841000, ended 1764814842345', 'started 1764814841000, ended 1764814842345'],
    ['card 4222222222222 (13 digits)', 'card [card …2222] (13 digits)'],
    ['amex 3782 822463 10005', 'amex [card …0005]'],
    ['Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig-_x', 'Authorization: Bearer [redacted]'],
    ['auth bearer abc.def==', 'auth bearer [redacted]'],
    ['Basic c2ltLXVzZXI6cHc=', 'Basic [redacted]'],
    ['POST https://gw.example/api/v3/transaction/live-key-123/debit failed', 'POST https://gw.example/api/v3/transaction/[api-key]/debit failed'],
    ['GET /api/v3/status/live-key-123/getByUuid/u1', 'GET /api/v3/status/[api-key]/getByUuid/u1'],
    ['/api/v3/customerProfiles/live-key-123/getProfile', '/api/v3/customerProfiles/[api-key]/getProfile'],
    ['/api/v3/transaction/{apiKey}/debit', '/api/v3/transaction/{apiKey}/debit'],
    ['/api/v3/transaction/{apiKey}x/debit', '/api/v3/transaction/[api-key]/debit'],
  ];

  it('masks Bearer credentials, API keys in gateway URLs and card numbers in text, not epoch timestamps', () => {
    for (const [input, output] of TEXTS) assert.equal(redactText(input), output, input);
  });
});
