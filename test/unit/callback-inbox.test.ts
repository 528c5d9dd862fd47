import { strict as assert } from 'node:assert';
import type { GatewayCallbackEvent } from '../../src/contract/domain.js';
import { CallbackInbox } from '../../src/workflows/callback-inbox.js';

const event = (result: string, extra: Partial<GatewayCallbackEvent> = {}): GatewayCallbackEvent => ({
  merchantTransactionId: 'c.o.d1',
  uuid: 'u1',
  result,
  ...extra,
});

describe('callback inbox', () => {
  it('deduplicates by uuid and result', () => {
    const inbox = new CallbackInbox();
    assert.equal(inbox.record(event('OK')), true);
    assert.equal(inbox.record(event('OK')), false);
    assert.equal(inbox.accepted, 1);
    assert.equal(inbox.duplicates, 1);
  });

  it('never lets a late PENDING replace a final result', () => {
    const inbox = new CallbackInbox();
    inbox.record(event('OK'));
    inbox.record(event('PENDING'));
    assert.equal(inbox.finalFor('c.o.d1')?.status, 'succeeded');
  });

  it('keeps a callback that arrives before the synchronous reply', () => {
    const inbox = new CallbackInbox();
    inbox.record(event('PENDING'));
    assert.equal(inbox.finalFor('c.o.d1'), undefined);
    inbox.record(event('ERROR', { error: { code: 2006, message: 'Insufficient funds', decline: 'soft' } }));
    const outcome = inbox.finalFor('c.o.d1');
    assert.equal(outcome?.status, 'declined');
    assert.equal(outcome?.error?.code, 2006);
  });

  it('treats a gateway-side error as a failure, not a decline', () => {
    const inbox = new CallbackInbox();
    inbox.record(event('ERROR', { error: { code: 3003, message: 'unavailable', transient: true } }));
    assert.equal(inbox.finalFor('c.o.d1')?.status, 'failed');
  });

  it('keeps callbacks of other steps apart', () => {
    const inbox = new CallbackInbox();
    inbox.record(event('OK', { merchantTransactionId: 'c.o.d2', uuid: 'u2' }));
    assert.equal(inbox.finalFor('c.o.d1'), undefined);
    assert.equal(inbox.finalFor('c.o.d2')?.uuid, 'u2');
  });

  it('a success the status API refutes is replaced by its record, and the same callback is taken again', () => {
    const inbox = new CallbackInbox();
    inbox.record(event('OK'));
    inbox.correct('c.o.d1', { merchantTransactionId: 'c.o.d1', status: 'failed', source: 'status' });
    assert.equal(inbox.finalFor('c.o.d1')?.status, 'failed');
    assert.equal(inbox.record(event('OK')), true, 'not a duplicate any more');
    assert.equal(inbox.finalFor('c.o.d1')?.status, 'succeeded');
  });

  it('lists every success it holds', () => {
    const inbox = new CallbackInbox();
    inbox.record(event('OK'));
    inbox.record(event('ERROR', { merchantTransactionId: 'c.o.d2', uuid: 'u2' }));
    inbox.record(event('OK', { merchantTransactionId: 'c.o.d3', uuid: 'u3' }));
    assert.deepEqual(
      inbox.successes().map((o) => o.merchantTransactionId),
      ['c.o.d1', 'c.o.d3'],
    );
  });

  it('ignores a signal that is no callback (a refused plaintext payload decodes to null) without throwing', () => {
    const inbox = new CallbackInbox();
    for (const junk of [
      null,
      undefined,
      'OK',
      { result: 'OK' },
      { uuid: 1, result: 'OK', merchantTransactionId: 'x' },
    ])
      assert.equal(inbox.record(junk as unknown as GatewayCallbackEvent), false);
    assert.equal(inbox.accepted, 0);
  });
});
