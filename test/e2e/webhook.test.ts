import { strict as assert } from 'node:assert';
import { signedHeaders, CONTENT_TYPE_JSON } from '../../src/gateway/signature.js';
import { waitFor } from '../../src/embedded/wait-for.js';
import { useTestStack } from '../helpers/stack.js';

describe('webhook receiver', function () {
  this.timeout(60_000);
  const stack = useTestStack({ pendingCompleteAfterMs: 'manual' });

  async function pendingCharge(extra: { refundWindowSeconds?: number } = {}) {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('wh');
    const handle = await stack.startPendingCharge(customerId, chargeId, {
      callbackWaitSeconds: 3600,
      ...extra,
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

  it('signals a genuine callback, answers OK and deduplicates a replay while the charge is open', async () => {
    // The refund window keeps the charge open after its result, so the replay reaches the charge itself.
    const { handle, state } = await pendingCharge({ refundWindowSeconds: 600 });
    stack.simulator.completePending(state.uuid!);
    await stack.simulator.flushCallbacks();
    const result = await handle.result();
    assert.equal(result.status, 'succeeded');
    const seen = (await handle.state()).callbacksSeen;
    assert.ok(seen >= 1);
    // A replay of the same signed callback within the freshness window: accepted, deduplicated by the workflow.
    const body = callbackBody(state.merchantTransactionId!, state.uuid!);
    const headers = signedHeaders(stack.simulator.credentials.sharedSecret, {
      method: 'POST',
      body,
      contentType: CONTENT_TYPE_JSON,
      requestUri: uri,
    });
    const signalledBefore = stack.webhook.stats.signalled;
    assert.deepEqual(await post(body, headers), { status: 200, text: 'OK' });
    assert.deepEqual(await post(body, headers), { status: 200, text: 'OK' });
    assert.equal(stack.webhook.stats.signalled, signalledBefore + 2, 'both replays reached the open charge');
    assert.equal((await handle.workflow.describe()).status.name, 'RUNNING');
    const after = await handle.state();
    assert.equal(after.callbacksSeen, seen, 'the replays were deduplicated');
    assert.equal(after.result?.status, 'succeeded');
  });

  it('hands a callback for a charge that closed to its follow-up workflow instead of dropping it', async () => {
    const chargeId = stack.uid('gone');
    const body = callbackBody(`c.${chargeId}.d1`, 'u-gone');
    const headers = signedHeaders(stack.simulator.credentials.sharedSecret, {
      method: 'POST',
      body,
      contentType: CONTENT_TYPE_JSON,
      requestUri: uri,
    });
    const followUpsBefore = stack.webhook.stats.followUps;
    assert.deepEqual(await post(body, headers), { status: 200, text: 'OK' });
    assert.equal(stack.webhook.stats.followUps, followUpsBefore + 1);
    const followUp = await waitFor(async () => {
      const f = await stack.client.followUp(chargeId);
      return f && f.events.length > 0 ? f : undefined;
    });
    assert.equal(followUp.events[0]?.uuid, 'u-gone');
    assert.equal(followUp.status, 'succeeded-late');
  });
});
