import { strict as assert } from 'node:assert';
import type { GatewayCallbackEvent, TransactionOutcome } from '../../src/contract/domain.js';
import { CallbackInbox } from '../../src/workflows/callback-inbox.js';
import { ChargeAttempts, type StrictChecks } from '../../src/workflows/charge-attempts.js';
import type { LookupAnswer } from '../../src/workflows/gateway-lookup.js';
import { gatewayErrorInfo } from '../../src/gateway/error-info.js';

const ok = (mtid: string, uuid: string): GatewayCallbackEvent => ({
  merchantTransactionId: mtid,
  uuid,
  result: 'OK',
});
const status = (mtid: string, s: TransactionOutcome['status'], extra: Partial<TransactionOutcome> = {}) =>
  ({
    merchantTransactionId: mtid,
    status: s,
    uuid: `u-${mtid}`,
    source: 'status',
    ...extra,
  }) as TransactionOutcome;

/** Strict checks whose status API answers from a table (pure: no Temporal). */
function strictWith(gateway: Record<string, LookupAnswer>): StrictChecks & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    confirm: (o) => {
      if (o.source !== 'callback' || o.status !== 'succeeded') return Promise.resolve(o);
      asked.push(o.merchantTransactionId);
      return Promise.resolve(gateway[o.merchantTransactionId] ?? 'absent');
    },
    isOwnDebit: (id) => /^c\.ch1\.d[0-9]+$/.test(id),
  };
}

describe('charge attempts (strict checks, charge-money-sweep)', () => {
  it('counts a success of a debit id that history never recorded sending (a lost local-activity task)', () => {
    const inbox = new CallbackInbox();
    const attempts = new ChargeAttempts(inbox, strictWith({}));
    attempts.add('c.ch1.d1');
    inbox.record(ok('c.ch1.d2', 'u2')); // d2 was sent by a workflow task that never completed
    inbox.record(ok('c.ch1.d1', 'u1'));
    const extras = attempts.extraSuccesses('c.ch1.d1').map((o) => o.merchantTransactionId);
    assert.deepEqual(extras, ['c.ch1.d2']);
  });

  it("ignores other charges' ids and this charge's refunds", () => {
    const inbox = new CallbackInbox();
    const attempts = new ChargeAttempts(inbox, strictWith({}));
    attempts.add('c.ch1.d1');
    inbox.record(ok('c.ch1.xr2', 'r2'));
    inbox.record(ok('c.ch10.d2', 'o2'));
    assert.deepEqual(attempts.extraSuccesses('c.ch1.d1'), []);
  });

  it('lists every late success, not only the first (a failed charge hands each to its follow-up)', () => {
    const inbox = new CallbackInbox();
    const attempts = new ChargeAttempts(inbox, strictWith({}));
    attempts.add('c.ch1.d1');
    attempts.add('c.ch1.d2');
    inbox.record(ok('c.ch1.d1', 'u1'));
    inbox.record(ok('c.ch1.d2', 'u2'));
    assert.deepEqual(
      attempts.successes().map((o) => o.merchantTransactionId),
      ['c.ch1.d1', 'c.ch1.d2'],
    );
  });

  it('does not read "no such transaction" as never committed when the gateway refused a duplicate id (3004)', async () => {
    const attempts = new ChargeAttempts(new CallbackInbox(), strictWith({}));
    const a = attempts.add('c.ch1.d1');
    a.exists = true;
    const prior = await attempts.settledPrior(() => Promise.resolve(undefined), undefined);
    assert.equal(prior.unknown, true);
    assert.equal(attempts.open().length, 1, 'the attempt stays open');
  });

  it('an unknown error code learned by a look-up blocks a new id', async () => {
    const attempts = new ChargeAttempts(new CallbackInbox(), strictWith({}));
    attempts.add('c.ch1.d1');
    const found = status('c.ch1.d1', 'failed', { error: gatewayErrorInfo(9999, 'unknown') });
    const prior = await attempts.settledPrior(() => Promise.resolve(found), undefined);
    assert.equal(prior.unknown, true);
  });

  it('a success only a signal reported is confirmed with the status API; a forged one is not adopted', async () => {
    const inbox = new CallbackInbox();
    const checks = strictWith({
      'c.ch1.d1': status('c.ch1.d1', 'failed', { error: gatewayErrorInfo(2003, 'x') }),
    });
    const attempts = new ChargeAttempts(inbox, checks);
    attempts.add('c.ch1.d1').outcome = status('c.ch1.d1', 'failed', { error: gatewayErrorInfo(3003, 'x') });
    inbox.record(ok('c.ch1.d1', 'forged'));
    const prior = await attempts.settledPrior(() => Promise.resolve(undefined), undefined);
    assert.equal(prior.success, undefined);
    assert.deepEqual(checks.asked, ['c.ch1.d1']);
    assert.equal(inbox.finalFor('c.ch1.d1')?.status, 'failed', "the inbox now holds the gateway's word");
  });

  it('a confirmed callback success is adopted with the gateway record', async () => {
    const inbox = new CallbackInbox();
    const attempts = new ChargeAttempts(inbox, strictWith({ 'c.ch1.d1': status('c.ch1.d1', 'succeeded') }));
    attempts.add('c.ch1.d1');
    inbox.record(ok('c.ch1.d1', 'u-c.ch1.d1'));
    const prior = await attempts.settledPrior(() => Promise.resolve(undefined), undefined);
    assert.equal(prior.success?.source, 'status');
  });

  it('without strict checks (charges from before the patch) keeps the old reading', async () => {
    const inbox = new CallbackInbox();
    const attempts = new ChargeAttempts(inbox);
    attempts.add('c.ch1.d1').exists = true;
    inbox.record(ok('c.ch1.d2', 'u2'));
    assert.deepEqual(attempts.extraSuccesses('c.ch1.d1'), []);
    const prior = await attempts.settledPrior(() => Promise.resolve(undefined), undefined);
    assert.equal(prior.unknown, false);
  });
});
