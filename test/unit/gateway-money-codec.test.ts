import { strict as assert } from 'node:assert';
import { z } from 'zod';
import { compact } from '../../src/gateway/json.js';
import { CallbackBody } from '../../src/gateway/schemas/callback.js';
import { StatusResponse } from '../../src/gateway/schemas/status-response.js';
import {
  CaptureRequest,
  DebitRequest,
  RefundRequest,
} from '../../src/gateway/schemas/transaction-request.js';

const status = (amount: unknown, currency: unknown) => ({
  success: true,
  transactionStatus: 'SUCCESS',
  uuid: 'u-1',
  merchantTransactionId: 'c.abc.d1',
  amount,
  currency,
});

describe('gateway amount codec', () => {
  it('sends minor units as decimal strings with the currency exponent', () => {
    const encode = (amount: number, currency: 'EUR' | 'JPY' | 'KWD') =>
      z.encode(CaptureRequest, { merchantTransactionId: 'c.abc.cap', referenceUuid: 'u-1', amount, currency })
        .amount;
    assert.equal(encode(999, 'EUR'), '9.99');
    assert.equal(encode(5, 'EUR'), '0.05');
    assert.equal(encode(1000, 'JPY'), '1000');
    assert.equal(encode(1234, 'KWD'), '1.234');
    assert.equal(encode(0, 'EUR'), '0.00');
  });

  it('reads replies formatted like the PHP client ("10", "9.5") and numbers', () => {
    assert.equal(StatusResponse.parse(status('10', 'EUR')).amount, 1000);
    assert.equal(StatusResponse.parse(status('9.5', 'EUR')).amount, 950);
    assert.equal(StatusResponse.parse(status('9.99', 'EUR')).amount, 999);
    assert.equal(StatusResponse.parse(status(9.5, 'EUR')).amount, 950);
    assert.equal(StatusResponse.parse(status('1000', 'JPY')).amount, 1000);
    assert.equal(StatusResponse.parse(status('1.234', 'KWD')).amount, 1234);
    assert.equal(StatusResponse.parse(status('9.990', 'EUR')).amount, 999);
  });

  it('round-trips a callback amount through decode and encode', () => {
    const wire = {
      result: 'OK',
      uuid: 'u-1',
      merchantTransactionId: 'c.abc.d1',
      amount: '12.30',
      currency: 'EUR',
    };
    const decoded = CallbackBody.parse(wire);
    assert.equal(decoded.amount, 1230);
    assert.equal(z.encode(CallbackBody, decoded).amount, '12.30');
  });

  it('rejects malformed amounts, too many decimals and unknown currencies', () => {
    for (const [amount, currency] of [
      ['9,99', 'EUR'],
      ['-1.00', 'EUR'],
      ['1e3', 'EUR'],
      ['', 'EUR'],
      ['9.999', 'EUR'],
      ['1.5', 'JPY'],
      ['1.00', 'XYZ'],
      ['1.00', 'eur'],
    ] as const) {
      const result = StatusResponse.safeParse(status(amount, currency));
      assert.equal(result.success, false, `${amount} ${currency}`);
    }
    assert.equal(StatusResponse.safeParse({ ...status('1.00', 'EUR'), currency: undefined }).success, false);
  });

  it('refuses to send fractional, negative or unsafe minor units and unknown currencies', () => {
    const base = { merchantTransactionId: 'c.abc.rf1', referenceUuid: 'u-1', currency: 'EUR' as const };
    for (const amount of [9.5, -1, Number.MAX_SAFE_INTEGER + 1]) {
      assert.equal(z.safeEncode(RefundRequest, { ...base, amount }).success, false, String(amount));
    }
    const unknownCurrency = { ...base, amount: 100, currency: 'XYZ' } as unknown as z.output<
      typeof RefundRequest
    >;
    assert.equal(z.safeEncode(RefundRequest, unknownCurrency).success, false);
  });
});

describe('gateway request serialization', () => {
  it('encodes a debit with a decimal amount and leaves null and undefined fields out', () => {
    const wire = z.encode(DebitRequest, {
      merchantTransactionId: 'c.abc.d1',
      amount: 999,
      currency: 'EUR',
      transactionToken: 'pt::b639e636df17af782602',
      transactionIndicator: 'CARDONFILE-MERCHANT-INITIATED',
      description: null,
      additionalId1: undefined,
      customer: { identification: 'cust-1', email: null },
      customerProfileData: { customerIdentification: 'cust-1', markAsPreferred: null },
      extraData: {},
    });
    assert.deepEqual(JSON.parse(JSON.stringify(compact(wire))), {
      merchantTransactionId: 'c.abc.d1',
      transactionToken: 'pt::b639e636df17af782602',
      transactionIndicator: 'CARDONFILE-MERCHANT-INITIATED',
      customer: { identification: 'cust-1' },
      customerProfileData: { customerIdentification: 'cust-1' },
      amount: '9.99',
      currency: 'EUR',
    });
  });

  it('encodes 1000 JPY as "1000"', () => {
    const wire = z.encode(DebitRequest, { merchantTransactionId: 'c.abc.d1', amount: 1000, currency: 'JPY' });
    assert.equal(wire.amount, '1000');
  });

  it('rejects unknown keys and a token together with PCI card data', () => {
    const base = { merchantTransactionId: 'c.abc.d1', amount: 100, currency: 'EUR' as const };
    const withUnknown = { ...base, amonut: 5 } as unknown as z.output<typeof DebitRequest>;
    assert.equal(z.safeEncode(DebitRequest, withUnknown).success, false);
    const card = {
      cardHolder: 'Alex Smith',
      pan: '4111111111111111',
      cvv: '123',
      expirationMonth: 1,
      expirationYear: 2030,
    };
    assert.equal(z.safeEncode(DebitRequest, { ...base, cardData: card }).success, true);
    assert.equal(
      z.safeEncode(DebitRequest, { ...base, cardData: card, transactionToken: 'tok' }).success,
      false,
    );
  });

  it('decodes a wire request back into minor units', () => {
    const ours = DebitRequest.parse({ merchantTransactionId: 'c.abc.d1', amount: '10', currency: 'EUR' });
    assert.equal(ours.amount, 1000);
  });
});
