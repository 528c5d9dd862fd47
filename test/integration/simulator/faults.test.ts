/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- these tests read the raw wire JSON on purpose, untyped like a foreign client would */
import { strict as assert } from 'node:assert';
import {
  debitBody,
  sim,
  statusByMerchantId,
  transaction,
  useCallbackReceiver,
  useSimulator,
} from './support.js';

describe('simulator faults', () => {
  const receiver = useCallbackReceiver();
  const s = useSimulator();

  it('answers a scripted 5xx before processing: nothing committed, the retry succeeds', async () => {
    s.faults.script([{ fault: '5xx', status: 502, operation: 'debit' }]);
    const body = debitBody();
    const first = await transaction(s, 'debit', body);
    assert.equal(first.status, 502);
    assert.equal(s.ledger.size, 0);
    const retry = await transaction(s, 'debit', body);
    assert.equal(retry.json.returnType, 'FINISHED');
  });

  it('answers a scripted 429 with Retry-After', async () => {
    s.faults.script([{ fault: '429', retryAfterSeconds: 7 }]);
    const r = await transaction(s, 'debit', debitBody());
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '7');
    assert.equal(s.ledger.size, 0);
  });

  it('only hits requests of the scripted operation', async () => {
    s.faults.script([{ fault: '5xx', operation: 'capture', times: 2 }]);
    assert.equal((await transaction(s, 'debit', debitBody())).status, 200);
    assert.equal(s.faults.pendingScript()[0]?.times, 2);
  });

  it('commits and then destroys the socket on an ambiguous outcome; the retry finds a duplicate', async () => {
    s.faults.script([{ fault: 'ambiguous-destroy' }]);
    const body = debitBody();
    await assert.rejects(transaction(s, 'debit', body));
    assert.equal(s.ledger.size, 1);
    const retry = await transaction(s, 'debit', body);
    assert.equal(retry.json.errorCode, 3004);
    const st = await statusByMerchantId(s, body['merchantTransactionId'] as string);
    assert.equal(st.json.transactionStatus, 'SUCCESS');
  });

  it('commits and then holds the response until the client gives up', async () => {
    s.faults.script([{ fault: 'ambiguous-hang' }]);
    const r = fetch(`${s.url}/api/v3/transaction/sim-api-key/debit`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('sim-user:sim-password').toString('base64')}` },
      body: JSON.stringify(debitBody()),
      signal: AbortSignal.timeout(200),
    });
    await assert.rejects(r, { name: 'TimeoutError' });
    assert.equal(s.ledger.committed()[0]?.status, 'SUCCESS');
  });

  it('commits and then answers 504 on the 504 ambiguous mode', async () => {
    s.faults.script([{ fault: 'ambiguous-504' }]);
    const r = await transaction(s, 'debit', debitBody());
    assert.equal(r.status, 504);
    assert.equal(s.ledger.size, 1);
  });

  it('plans scripted and configured latency (the delay each request gets, not a measured time)', async () => {
    s.faults.set({ latencyMs: 40 });
    s.faults.script([{ fault: 'latency', delayMs: 100, operation: 'debit' }]);
    assert.equal(s.faults.planRequest('status').delayMs, 40, 'the scripted latency is for debits only');
    assert.equal(s.faults.planRequest('debit').delayMs, 140);
    assert.equal(s.faults.planRequest('debit').delayMs, 40, 'a scripted fault hits once');
    // And the server applies it: a debit still goes through.
    assert.equal((await transaction(s, 'debit', debitBody())).status, 200);
  });

  it('injects random faults at the configured rates, the same way for the same seed', async () => {
    const pattern = async (seed: number): Promise<number[]> => {
      const x = await sim({ seed, faults: { rate5xx: 0.3, rate429: 0.2 } });
      try {
        const out: number[] = [];
        for (let i = 0; i < 30; i++) out.push((await transaction(x, 'debit', debitBody())).status);
        return out;
      } finally {
        await x.stop();
      }
    };
    const a = await pattern(7);
    assert.deepEqual(await pattern(7), a);
    assert.ok(a.some((st) => st === 429) && a.some((st) => st >= 500) && a.some((st) => st === 200));
  });

  it('drops the first callback delivery and delivers on the retry', async () => {
    s.faults.script([{ fault: 'callback-drop' }]);
    const r = await transaction(s, 'debit', debitBody({ callbackUrl: receiver.url }));
    await receiver.waitFor((cbs) => cbs.length === 1);
    assert.equal(receiver.for(r.json.uuid).length, 1);
    assert.equal(s.callbackStats().attempts, 2);
  });

  it('loses a callback for good on the lose fault', async () => {
    s.faults.script([{ fault: 'callback-lose' }]);
    await transaction(s, 'debit', debitBody({ callbackUrl: receiver.url }));
    await s.flushCallbacks();
    assert.equal(receiver.received.length, 0);
    assert.equal(s.callbackStats().lost, 1);
  });

  it('delivers a callback twice on the duplicate fault', async () => {
    s.faults.script([{ fault: 'callback-duplicate' }]);
    const r = await transaction(s, 'debit', debitBody({ callbackUrl: receiver.url }));
    await s.flushCallbacks();
    const got = receiver.for(r.json.uuid);
    assert.equal(got.length, 2);
    assert.equal(got[0]?.body, got[1]?.body);
  });

  it('delays the first delivery on the delay fault', async () => {
    s.faults.script([{ fault: 'callback-delay', delayMs: 200 }]);
    const r = await transaction(s, 'debit', debitBody({ callbackUrl: receiver.url }));
    await new Promise((done) => setTimeout(done, 100));
    assert.equal(receiver.for(r.json.uuid).length, 0);
    await receiver.waitFor((cbs) => cbs.length === 1);
  });

  it('delivers a later status before an earlier one on the out-of-order fault', async () => {
    s.faults.script([{ fault: 'callback-out-of-order' }]);
    const r = await transaction(s, 'debit', debitBody({ callbackUrl: receiver.url, amount: '77.77' }));
    s.completePending(r.json.uuid);
    await s.flushCallbacks();
    assert.deepEqual(
      receiver.for(r.json.uuid).map((c) => c.json.result),
      ['OK', 'PENDING'],
    );
  });

  it('releases a held callback after callbackHoldMs when no later status comes', async () => {
    s.faults.set({ callbackHoldMs: 50 });
    s.faults.script([{ fault: 'callback-out-of-order' }]);
    await transaction(s, 'debit', debitBody({ callbackUrl: receiver.url }));
    await receiver.waitFor((cbs) => cbs.length === 1, 1000);
  });

  it('clears random faults and the script on reset', async () => {
    s.faults.set({ rate5xx: 1 });
    s.faults.script([{ fault: '429' }]);
    s.faults.reset();
    assert.equal((await transaction(s, 'debit', debitBody())).status, 200);
    assert.equal(s.faults.pendingScript().length, 0);
  });
});
