import { strict as assert } from 'node:assert';
import {
  BillingRunRequestSchema,
  ChargeRequestSchema,
  InvalidRequestError,
  parseRequest,
  RegisterRequestSchema,
} from '../../src/contract/requests.js';

const valid = {
  chargeId: 'order-1',
  customerId: 'cust-1',
  amountMinor: 999,
  currency: 'EUR',
  initiator: 'merchant',
};

describe('charge request validation', () => {
  it('accepts a well-formed request', () => {
    assert.equal(parseRequest(ChargeRequestSchema, valid).amountMinor, 999);
  });

  it('rejects malformed amounts, unknown currencies, bad ids and stray fields with the offending path', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ amountMinor: 9.99 }, 'amountMinor'],
      [{ amountMinor: '999' }, 'amountMinor'],
      [{ amountMinor: -5 }, 'amountMinor'],
      [{ amountMinor: 2 ** 60 }, 'amountMinor'],
      [{ currency: 'eur' }, 'currency'],
      [{ currency: 'ABC' }, 'currency'],
      [{ chargeId: 'x y' }, 'chargeId'],
      [{ customerId: '' }, 'customerId'],
      [{ initiator: 'robot' }, 'initiator'],
      [{ initiator: 'customer' }, 'sessionProof'],
      [{ sessionProof: 'p' }, 'sessionProof'],
      [{ paymentToken: '4111111111111111' }, 'paymentToken'],
      [{ gatewayCalls: 'remote' }, 'gatewayCalls'],
      [{ extra: 1 }, ''],
      [{ chargeId: 'sub-1_2030-01-01' }, 'chargeId'],
      [{ callbackWaitSeconds: 0 }, 'callbackWaitSeconds'],
      [{ maxWaitSeconds: 0 }, 'maxWaitSeconds'],
    ];
    for (const [patch, path] of cases) {
      assert.throws(
        () => parseRequest(ChargeRequestSchema, { ...valid, ...patch }),
        (err: unknown) => err instanceof InvalidRequestError && err.issues.some((i) => i.path === path),
        JSON.stringify(patch),
      );
    }
  });

  it('requires an amount for a first purchase that charges, not for a register', () => {
    assert.throws(
      () => parseRequest(RegisterRequestSchema, { registrationId: 'r1', customerId: 'c1', kind: 'debit' }),
      InvalidRequestError,
    );
    assert.equal(
      parseRequest(RegisterRequestSchema, { registrationId: 'r1', customerId: 'c1', kind: 'register' }).kind,
      'register',
    );
  });

  it('takes how billing children call the gateway, and nothing else', () => {
    const run = { runId: 'run-1', billingDate: '2026-11-25' };
    assert.equal(parseRequest(BillingRunRequestSchema, run).childGatewayCalls, undefined);
    assert.equal(
      parseRequest(BillingRunRequestSchema, { ...run, childGatewayCalls: 'activities' }).childGatewayCalls,
      'activities',
    );
    assert.throws(
      () => parseRequest(BillingRunRequestSchema, { ...run, childGatewayCalls: 'fast' }),
      (err: unknown) => err instanceof InvalidRequestError && err.issues[0]?.path === 'childGatewayCalls',
    );
  });
});
