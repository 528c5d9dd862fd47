/* eslint-disable @typescript-eslint/no-unsafe-member-access -- these tests read the raw wire JSON on purpose */
import { strict as assert } from 'node:assert';
import {
  debitBody,
  statusByMerchantId,
  statusByUuid,
  transaction,
  useCallbackReceiver,
  useSimulator,
} from './support.js';

describe('simulator faults per transaction: held replies, 4xx pages, malformed and not-found replies', () => {
  const receiver = useCallbackReceiver();
  const s = useSimulator();

  it('hits only the scripted merchantTransactionId (requests, late settles and callbacks)', async () => {
    const first = debitBody({ callbackUrl: receiver.url });
    const second = debitBody({ callbackUrl: receiver.url });
    const secondId = second['merchantTransactionId'] as string;
    s.faults.script([
      { fault: '5xx', operation: 'debit', merchantTransactionId: secondId },
      { fault: 'late-settle', operation: 'debit', merchantTransactionId: secondId, settleAfterMs: 3_600_000 },
      { fault: 'callback-lose', merchantTransactionId: secondId },
    ]);
    const a = await transaction(s, 'debit', first);
    assert.equal(a.json.returnType, 'FINISHED', 'another id passes every scripted fault by');
    assert.equal((await transaction(s, 'debit', second)).status, 503);
    const b = await transaction(s, 'debit', second);
    assert.equal(b.json.returnType, 'ERROR', 'the late settle hit the scripted id');
    await s.flushCallbacks();
    assert.equal(receiver.for(a.json.uuid as string).length, 1);
    assert.equal(receiver.for(b.json.uuid as string).length, 0, "the scripted id's callback is lost");
    assert.equal(s.faults.pendingScript().length, 0);
  });

  it('reply-hold: commits, sends the callback, holds the reply until released', async () => {
    const body = debitBody({ callbackUrl: receiver.url });
    const id = body['merchantTransactionId'] as string;
    s.faults.script([{ fault: 'reply-hold', operation: 'debit', merchantTransactionId: id }]);
    let answered = false;
    const reply = transaction(s, 'debit', body).then((r) => {
      answered = true;
      return r;
    });
    const held = await s.faults.waitForHeld();
    assert.equal(held.operation, 'debit');
    assert.equal(held.merchantTransactionId, id);
    assert.equal(s.ledger.byMerchantTransactionId(id)?.status, 'SUCCESS', 'committed before the hold');
    await receiver.waitFor((cbs) => cbs.length === 1);
    await new Promise((done) => setTimeout(done, 50));
    assert.equal(answered, false);
    assert.equal(s.faults.held().length, 1);
    assert.equal(s.faults.releaseHeld(), 1);
    assert.equal((await reply).json.returnType, 'FINISHED');
    assert.equal(s.faults.held().length, 0);
  });

  it('reply-hold: a client that goes away releases its hold; reset releases the rest', async () => {
    s.faults.script([{ fault: 'reply-hold', times: 2 }]);
    const gone = new AbortController();
    const abandoned = fetch(`${s.url}/api/v3/transaction/sim-api-key/debit`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('sim-user:sim-password').toString('base64')}` },
      body: JSON.stringify(debitBody()),
      signal: gone.signal,
    });
    await s.faults.waitForHeld();
    gone.abort();
    await assert.rejects(abandoned);
    for (let i = 0; i < 100 && s.faults.held().length > 0; i++)
      await new Promise((done) => setTimeout(done, 10));
    assert.equal(s.faults.held().length, 0);
    const kept = transaction(s, 'debit', debitBody());
    await s.faults.waitForHeld();
    s.faults.reset();
    assert.equal((await kept).json.returnType, 'FINISHED');
  });

  it('html-4xx on the status route: a non-JSON 404 page before processing', async () => {
    const body = debitBody();
    const id = body['merchantTransactionId'] as string;
    await transaction(s, 'debit', body);
    s.faults.script([{ fault: 'html-4xx', operation: 'status', merchantTransactionId: id }]);
    const page = await statusByMerchantId(s, id);
    assert.equal(page.status, 404);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(typeof page.json, 'string');
    assert.equal((await statusByMerchantId(s, id)).json.transactionStatus, 'SUCCESS');
  });

  it('malformed-reply: HTTP 200 JSON without the reply fields (status by uuid matched by its transaction)', async () => {
    const body = debitBody();
    const id = body['merchantTransactionId'] as string;
    const r = await transaction(s, 'debit', body);
    s.faults.script([{ fault: 'malformed-reply', operation: 'status', merchantTransactionId: id }]);
    const bad = await statusByUuid(s, r.json.uuid as string);
    assert.equal(bad.status, 200);
    assert.equal(bad.json.success, true);
    assert.equal(bad.json.transactionStatus, undefined);
    assert.equal((await statusByUuid(s, r.json.uuid as string)).json.transactionStatus, 'SUCCESS');
  });

  it('not-found-reply: the status API says 8001 "not found" for a committed transaction, N times', async () => {
    const body = debitBody();
    const id = body['merchantTransactionId'] as string;
    await transaction(s, 'debit', body);
    s.faults.script([{ fault: 'not-found-reply', operation: 'status', merchantTransactionId: id, times: 2 }]);
    for (let i = 0; i < 2; i++) {
      const lie = await statusByMerchantId(s, id);
      assert.equal(lie.json.success, false);
      assert.equal(lie.json.errorCode, 8001);
    }
    assert.equal((await statusByMerchantId(s, id)).json.transactionStatus, 'SUCCESS');
  });
});
