import { strict as assert } from 'node:assert';
import { GatewayMalformedResponseError } from '../../src/gateway/errors/malformed-response-error.js';
import { parseCallback } from '../../src/gateway/callback.js';
import { ErrorReply } from '../../src/gateway/schemas/error-reply.js';
import {
  GetProfileRequest,
  GetProfileResponse,
  UpdateProfileRequest,
} from '../../src/gateway/schemas/profile.js';
import { TransactionResponse } from '../../src/gateway/schemas/transaction-response.js';

// Verbatim from /work/shared/ixopay-api.md (the customer-profiles guide).
const debitReply = `{"success": true, "uuid": "d94c0d72f3a36e21f16e", "purchaseId": "20250116-d94c0d72f3a36e21f16e",
 "returnType": "FINISHED", "paymentMethod": "Creditcard",
 "customerProfileData": {"profileGuid": "CP-1234-5678-9ABC-DEF0-1234-5678",
   "customerIdentification": "616c6578-2e73-6d69-7468-406578616d70", "paymentToken": "pt::b639e636df17af782602"}}`;

const profileReply = `{"success": true, "profileExists": "true", "profileGuid": "CP-1234-5678-9ABC-DEF0-1234-5678",
 "customerIdentification": "616c6578-2e73-6d69-7468-406578616d70", "preferredMethod": "Creditcard",
 "customer": {"identification": "616c6578-2e73-6d69-7468-406578616d70", "billingCountry": "US",
   "birthDate": "1970-01-01", "email": "alex.smith@example.org"},
 "paymentInstruments": [{"_TYPE": "card", "createdAt": "2030-01-17 15:36:41", "method": "card",
   "paymentData": {"_TYPE": "paymentData.card", "brand": "visa", "cardHolder": "Alex Smith",
     "expiryMonth": 1, "expiryYear": 2030, "firstSixDigits": "411111", "lastFourDigits": "1111"},
   "paymentToken": "pt::b639e636df17af782602", "isPreferred": true}]}`;

describe('gateway reply schemas', () => {
  it('accepts the documented stored-token debit reply', () => {
    const reply = TransactionResponse.parse(JSON.parse(debitReply));
    assert.equal(reply.returnType, 'FINISHED');
    assert.equal(reply.customerProfileData?.paymentToken, 'pt::b639e636df17af782602');
  });

  it('accepts the documented getProfile reply and turns profileExists "true" into a boolean', () => {
    const profile = GetProfileResponse.parse(JSON.parse(profileReply));
    assert.equal(profile.profileExists, true);
    assert.equal(profile.paymentInstruments?.[0]?.isPreferred, true);
    assert.equal(profile.paymentInstruments?.[0]?.paymentData?.lastFourDigits, '1111');
    assert.equal(GetProfileResponse.parse({ success: true, profileExists: false }).profileExists, false);
    assert.equal(GetProfileResponse.parse({ success: false, profileExists: 'false' }).profileExists, false);
  });

  it('keeps unknown extra fields of replies', () => {
    const reply = TransactionResponse.parse({ ...JSON.parse(debitReply), brandNewField: { x: 1 } });
    assert.deepEqual(reply['brandNewField'], { x: 1 });
  });

  it('reads a declined transaction with its errors', () => {
    const reply = TransactionResponse.parse({
      success: false,
      uuid: 'u-2',
      returnType: 'ERROR',
      errors: [{ errorMessage: 'Insufficient funds', errorCode: '2006', adapterCode: 51 }],
    });
    assert.deepEqual(reply.errors?.[0], {
      errorMessage: 'Insufficient funds',
      errorCode: 2006,
      adapterCode: '51',
    });
  });

  it('rejects malformed replies', () => {
    const documented = JSON.parse(debitReply) as Record<string, unknown>;
    assert.equal(TransactionResponse.safeParse({ ...documented, success: 'yes' }).success, false);
    assert.equal(TransactionResponse.safeParse({ ...documented, uuid: undefined }).success, false);
    assert.equal(TransactionResponse.safeParse({ ...documented, returnType: 'DONE' }).success, false);
    assert.equal(GetProfileResponse.safeParse({ profileExists: 'maybe' }).success, false);
    assert.equal(GetProfileResponse.safeParse({ profileGuid: 'CP-1' }).success, false);
    assert.equal(ErrorReply.safeParse({ success: false, errorCode: 'x1' }).success, false);
  });

  it('reads a top-level error reply', () => {
    const reply = ErrorReply.parse({ success: false, errorMessage: 'Duplicate', errorCode: 3004 });
    assert.equal(reply.errorCode, 3004);
  });
});

describe('gateway profile requests', () => {
  it('address a profile by exactly one of profileGuid or customerIdentification', () => {
    assert.equal(GetProfileRequest.safeParse({ profileGuid: 'CP-1' }).success, true);
    assert.equal(GetProfileRequest.safeParse({ customerIdentification: 'cust-1' }).success, true);
    assert.equal(GetProfileRequest.safeParse({}).success, false);
    assert.equal(
      GetProfileRequest.safeParse({ profileGuid: 'CP-1', customerIdentification: 'cust-1' }).success,
      false,
    );
    assert.equal(
      UpdateProfileRequest.safeParse({
        profileGuid: 'CP-1',
        preferredInstrument: 'pt::1',
        customerData: { email: 'a@b.co' },
      }).success,
      true,
    );
  });
});

describe('gateway callback parsing', () => {
  it('parses a callback body into a typed callback with minor units', () => {
    const callback = parseCallback(
      JSON.stringify({
        result: 'ERROR',
        uuid: 'u-3',
        merchantTransactionId: 'c.abc.d1',
        transactionType: 'DEBIT',
        amount: '9.99',
        currency: 'EUR',
        errorCode: 2003,
        errorMessage: 'Declined',
        adapterCode: '05',
        purchaseId: null,
      }),
    );
    assert.deepEqual(
      [callback.result, callback.amount, callback.currency, callback.errorCode, callback.purchaseId],
      ['ERROR', 999, 'EUR', 2003, undefined],
    );
  });

  it('throws a malformed-response error without echoing the body', () => {
    const secretish = '{"result":"OK","uuid":"u-4","pan":"4111111111111111"}';
    for (const body of ['not json', '[]', secretish]) {
      assert.throws(
        () => parseCallback(body),
        (error: unknown) =>
          error instanceof GatewayMalformedResponseError &&
          error.retryable === false &&
          error.outcomeUnknown === false &&
          !error.message.includes('4111'),
      );
    }
  });
});
