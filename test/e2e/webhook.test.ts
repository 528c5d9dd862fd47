import { strict as assert } from 'node:assert';
import { signedHeaders, CONTENT_TYPE_JSON } from '../../src/gateway/signature.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

describe('webhook receiver', function () {
  this.timeout(60_000);
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack({ pendingCompleteAfterMs: 'manual' });
  });
  after(async () => {
    await stack?.stop();
  });

  async function pendingCharge() {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('wh');
    const handle = await stack.startPendingCharge(customerId, chargeId, {
      callbackWaitSeconds: 3600,
    });
    for (;;) {
      const state = await handle.state();
      if (state.phase === 'awaiting-callback' && state.uuid) return { handle, state, chargeId };
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  function callbackBody(mtid: string, uuid: string): string {
    return JSON.stringify({
      result: 'OK',
      uuid,
      merchantTransactionId: mtid,
      transactionType: 'DEBIT',
      amount: '77.77',
      currency: 'EUR',
    });
  }

  async function post(
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; text: string }> {
    const res = await fetch(stack.webhook.callbackUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': CONTENT_TYPE_JSON, ...headers },
    });
    return { status: res.status, text: await res.text() };
  }

  const uri = '/ixopay/callback';

  it('answers 401 to forged, tampered and stale callbacks and signals nothing', async () => {
    const { handle, state } = await pendingCharge();
    const body = callbackBody(state.merchantTransactionId!, state.uuid!);
    const secret = stack.simulator.credentials.sharedSecret;
    const forged = signedHeaders('not-the-secret', {
      method: 'POST',
      body,
      contentType: CONTENT_TYPE_JSON,
      requestUri: uri,
    });
    const genuine = signedHeaders(secret, {
      method: 'POST',
      body,
      contentType: CONTENT_TYPE_JSON,
      requestUri: uri,
    });
    const stale = signedHeaders(
      secret,
      { method: 'POST', body, contentType: CONTENT_TYPE_JSON, requestUri: uri },
      { now: new Date(Date.now() - 600_000) },
    );
    await stack.simulator.flushCallbacks(); // the gateway's own PENDING notice
    const before = stack.webhook.stats.signalled;
    const seen = (await handle.state()).callbacksSeen;
    assert.equal((await post(body, forged)).status, 401);
    assert.equal((await post(body.replace('77.77', '7.77'), genuine)).status, 401);
    assert.equal((await post(body, stale)).status, 401);
    assert.equal((await post(body, {})).status, 401);
    assert.equal(stack.webhook.stats.signalled, before);
    const after = await handle.state();
    assert.equal(after.callbacksSeen, seen);
    assert.equal(after.phase, 'awaiting-callback');
    assert.equal(after.result, undefined);
  });

  it('answers 400 to a well-signed but malformed callback', async () => {
    const body = JSON.stringify({ result: 'OK' });
    const headers = signedHeaders(stack.simulator.credentials.sharedSecret, {
      method: 'POST',
      body,
      contentType: CONTENT_TYPE_JSON,
      requestUri: uri,
    });
    assert.equal((await post(body, headers)).status, 400);
  });

  it('signals a genuine callback, answers OK and deduplicates a replay', async () => {
    const { handle, state } = await pendingCharge();
    stack.simulator.completePending(state.uuid!);
    await stack.simulator.flushCallbacks();
    const result = await handle.result();
    assert.equal(result.status, 'succeeded');
    // A replay of the same signed callback within the freshness window: accepted, deduplicated by the workflow.
    const body = callbackBody(state.merchantTransactionId!, state.uuid!);
    const headers = signedHeaders(stack.simulator.credentials.sharedSecret, {
      method: 'POST',
      body,
      contentType: CONTENT_TYPE_JSON,
      requestUri: uri,
    });
    const replay = await post(body, headers);
    assert.deepEqual(replay, { status: 200, text: 'OK' });
    const seen = (await handle.state()).callbacksSeen;
    assert.deepEqual(await post(body, headers), { status: 200, text: 'OK' });
    assert.equal((await handle.state()).callbacksSeen, seen, 'the replay was deduplicated');
  });

  it('answers OK to a callback for a workflow that does not exist any more', async () => {
    const body = callbackBody(`c.${stack.uid('gone')}.d1`, 'u-gone');
    const headers = signedHeaders(stack.simulator.credentials.sharedSecret, {
      method: 'POST',
      body,
      contentType: CONTENT_TYPE_JSON,
      requestUri: uri,
    });
    assert.deepEqual(await post(body, headers), { status: 200, text: 'OK' });
  });
});
