import { strict as assert } from 'node:assert';
import { CONTENT_TYPE_JSON, signedHeaders } from '../../src/gateway/signature.js';
import { handleCallback } from '../../src/webhook/handler.js';

const uri = '/ixopay/callback';

function signed(payload: Record<string, unknown>) {
  const raw = JSON.stringify(payload);
  const headers = signedHeaders(
    'current-secret',
    { method: 'POST', body: raw, contentType: CONTENT_TYPE_JSON, requestUri: uri },
    { algorithm: 'sha512' },
  );
  return {
    rawBody: Buffer.from(raw),
    headers: {
      'content-type': CONTENT_TYPE_JSON,
      date: headers['Date'],
      'x-signature': headers['X-Signature'],
    },
    requestUri: uri,
  };
}

/**
 * A signed callback is the gateway's word. Answered 400, IXOPAY delivers it again and again, for ever; so one
 * whose amount cannot be read (a currency this version does not know) is still routed, without the amount.
 */
describe('webhook: a signed callback whose amount cannot be read', () => {
  const options = { secrets: ['current-secret'], toleranceSeconds: 300 };

  it('is routed to its charge without the amount instead of a 400 the gateway would retry for ever', () => {
    const decision = handleCallback(
      signed({
        result: 'OK',
        uuid: 'u-xyz',
        merchantTransactionId: 'c.order-9.d1',
        transactionType: 'DEBIT',
        amount: '12.50',
        currency: 'XYZ',
      }),
      options,
    );
    assert.equal(decision.kind, 'signal', JSON.stringify(decision));
    if (decision.kind !== 'signal') return;
    assert.equal(decision.workflowId, 'charge-order-9');
    assert.equal(decision.event.result, 'OK');
    assert.equal(decision.event.amountMinor, undefined);
  });

  it('a chargeback in an unknown currency still reaches the follow-up of its original', () => {
    const decision = handleCallback(
      signed({
        result: 'OK',
        uuid: 'cb-1',
        merchantTransactionId: 'cb-1-mtid',
        transactionType: 'CHARGEBACK',
        amount: '5',
        currency: 'QQQ',
        chargebackData: { originalMerchantTransactionId: 'c.order-9.d1', amount: '5', currency: 'QQQ' },
      }),
      options,
    );
    assert.notEqual(decision.kind, 'reject', JSON.stringify(decision));
    if (decision.kind !== 'signal') return;
    assert.equal(
      decision.event.amountsUnreadable,
      true,
      'the follow-up is told, so it counts no guessed amount',
    );
  });

  it('a chargeback names its currency, so the follow-up can refuse to sum another one', () => {
    const decision = handleCallback(
      signed({
        result: 'OK',
        uuid: 'cb-2',
        merchantTransactionId: 'cb-2-mtid',
        transactionType: 'CHARGEBACK',
        amount: '5.00',
        currency: 'USD',
        chargebackData: { originalMerchantTransactionId: 'c.order-9.d1', amount: '5.00', currency: 'USD' },
      }),
      options,
    );
    assert.equal(decision.kind, 'signal', JSON.stringify(decision));
    if (decision.kind !== 'signal') return;
    assert.equal(decision.event.currency, 'USD');
    assert.equal(decision.event.chargeback?.currency, 'USD');
    assert.equal(decision.event.chargeback?.amountMinor, 500);
    assert.equal(decision.event.amountsUnreadable, undefined);
  });

  it('a body without the ids it routes by is still malformed (400)', () => {
    const decision = handleCallback(signed({ result: 'OK', amount: '1', currency: 'XYZ' }), options);
    assert.equal(decision.kind, 'reject');
    if (decision.kind === 'reject') assert.equal(decision.status, 400);
  });
});
