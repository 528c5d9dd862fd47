/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment -- these tests read the raw wire JSON on purpose, untyped like a foreign client would */
import { strict as assert } from 'node:assert';
import { BODY_HASH_ALGORITHMS, CONTENT_TYPE_JSON, verify } from '../../../src/gateway/signature.js';
import { SIMULATOR_DEFAULTS } from '../../../src/simulator/index.js';
import {
  debitBody,
  sim,
  transaction,
  type ReceivedCallback,
  useCallbackReceiver,
  useSimulator,
} from './support.js';

function verified(cb: ReceivedCallback, secret: string = SIMULATOR_DEFAULTS.sharedSecret): boolean {
  const header = (name: string): string | undefined => cb.headers[name] as string | undefined;
  return verify(
    {
      method: 'POST',
      body: cb.body,
      contentType: header('content-type') ?? '',
      date: header('date') ?? header('x-date'),
      requestUri: cb.path,
      signature: header('x-signature'),
    },
    { secrets: [secret], algorithms: BODY_HASH_ALGORITHMS, toleranceSeconds: 300 },
  ).ok;
}

describe('simulator callbacks', () => {
  const receiver = useCallbackReceiver();
  const s = useSimulator();

  const callbackUrl = (): string => `${receiver.url}/ixopay/callback?tenant=a&x=1`;

  it('sends a signed OK callback for a synchronous success, verifiable with the shared module', async () => {
    const r = await transaction(s, 'debit', debitBody({ callbackUrl: callbackUrl(), extraData: { k: 'v' } }));
    await s.flushCallbacks();
    const [cb] = receiver.for(r.json.uuid);
    assert.ok(cb);
    assert.equal(cb.path, '/ixopay/callback?tenant=a&x=1');
    assert.equal(cb.headers['content-type'], CONTENT_TYPE_JSON);
    assert.ok(cb.headers['date'] && cb.headers['x-date']);
    assert.ok(verified(cb));
    assert.ok(!verified(cb, 'other-secret'));
    assert.equal(cb.json.result, 'OK');
    assert.equal(cb.json.transactionType, 'DEBIT');
    assert.equal(cb.json.amount, '9.99');
    assert.equal(cb.json.currency, 'EUR');
    assert.equal(cb.json.purchaseId, r.json.purchaseId);
    assert.deepEqual(cb.json.extraData, { k: 'v' });
    assert.equal(cb.json.returnData.lastFourDigits, '1111');
  });

  it('signs callbacks with an MD5 body hash when configured', async () => {
    const md5 = await sim({ callbackSignatureAlgorithm: 'md5' });
    try {
      await transaction(md5, 'debit', debitBody({ callbackUrl: callbackUrl() }));
      await md5.flushCallbacks();
      assert.ok(receiver.received[0] && verified(receiver.received[0]));
    } finally {
      await md5.stop();
    }
  });

  it('sends an ERROR callback with the error fields for a decline', async () => {
    const r = await transaction(
      s,
      'debit',
      debitBody({ callbackUrl: callbackUrl(), transactionToken: 'ix::test-stolen-card' }),
    );
    await s.flushCallbacks();
    const [cb] = receiver.for(r.json.uuid);
    assert.equal(cb?.json.result, 'ERROR');
    assert.equal(cb?.json.errorCode, 2016);
    assert.equal(typeof cb?.json.errorMessage, 'string');
    assert.equal(typeof cb?.json.adapterCode, 'string');
    // What the official client's callback parser reads into its error list.
    assert.deepEqual([cb?.json.message, cb?.json.code], [cb?.json.errorMessage, 2016]);
    assert.deepEqual(cb?.json.errors, [
      {
        message: cb?.json.errorMessage,
        code: 2016,
        adapterMessage: cb?.json.adapterMessage,
        adapterCode: cb?.json.adapterCode,
      },
    ]);
  });

  it('sends PENDING, then the final result when the transaction completes', async () => {
    const r = await transaction(s, 'debit', debitBody({ callbackUrl: callbackUrl(), amount: '77.77' }));
    await s.flushCallbacks();
    s.completePending(r.json.uuid);
    await s.flushCallbacks();
    assert.deepEqual(
      receiver.for(r.json.uuid).map((c) => c.json.result),
      ['PENDING', 'OK'],
    );
  });

  it('sends the 3-D Secure outcome by callback and none for the redirect itself', async () => {
    const r = await transaction(s, 'debit', debitBody({ callbackUrl: callbackUrl(), amount: '33.33' }));
    await s.flushCallbacks();
    assert.equal(receiver.for(r.json.uuid).length, 0);
    s.completeRedirect(r.json.uuid, 'success');
    await s.flushCallbacks();
    assert.deepEqual(
      receiver.for(r.json.uuid).map((c) => c.json.result),
      ['OK'],
    );
  });

  it('delivers again with backoff until the receiver answers 200 "OK"', async () => {
    receiver.respond = (n) =>
      n === 1
        ? { status: 500, body: 'down' }
        : n === 2
          ? { status: 200, body: 'not ok' }
          : { status: 200, body: ' OK\n' };
    const r = await transaction(s, 'debit', debitBody({ callbackUrl: callbackUrl() }));
    await receiver.waitFor((cbs) => cbs.length >= 3);
    await new Promise((done) => setTimeout(done, 150));
    assert.equal(receiver.for(r.json.uuid).length, 3);
    const stats = s.callbackStats();
    assert.deepEqual([stats.delivered, stats.failedAttempts, stats.outstanding], [1, 2, 0]);
    const [first, , third] = receiver.received;
    assert.ok(first && third && verified(third) && third.headers['date'] !== undefined);
  });

  it('gives up after maxAttempts', async () => {
    receiver.respond = () => ({ status: 503, body: '' });
    await transaction(s, 'debit', debitBody({ callbackUrl: callbackUrl() }));
    await s.flushCallbacks();
    assert.equal(receiver.received.length, 6);
    assert.equal(s.callbackStats().exhausted, 1);
  });

  it('sends no callback without callbackUrl', async () => {
    await transaction(s, 'debit', debitBody());
    await s.flushCallbacks();
    assert.equal(s.callbackStats().enqueued, 0);
  });
});
