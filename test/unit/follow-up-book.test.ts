import { strict as assert } from 'node:assert';
import type { ChargeFlag, ChargeResult, GatewayCallbackEvent } from '../../src/contract/domain.js';
import { FollowUpBook, initialFollowUpState, type ClosedCharge } from '../../src/workflows/follow-up-book.js';

const CHARGE = 'ch-1';
const succeeded: ChargeResult = {
  chargeId: CHARGE,
  status: 'succeeded',
  amountMinor: 1500,
  currency: 'EUR',
  attempts: 1,
  merchantTransactionId: `c.${CHARGE}.d1`,
};
const memo = {
  customerId: 'cus-1',
  amountMinor: 1500,
  currency: 'EUR',
  mode: 'debit',
  initiator: 'merchant',
} as const;

function book(charge: Partial<ClosedCharge> = {}): { book: FollowUpBook; flags: ChargeFlag[] } {
  const flags: ChargeFlag[] = [];
  const closed: ClosedCharge = {
    chargeId: CHARGE,
    workflowStatus: 'COMPLETED',
    memo,
    result: succeeded,
    ...charge,
  };
  const b = new FollowUpBook(initialFollowUpState(CHARGE), closed, (f) => flags.push(f));
  b.state.status = closed.result?.status ?? 'failed';
  return { book: b, flags };
}
const chargeback = (
  uuid: string,
  amountMinor: number,
  extra: Partial<GatewayCallbackEvent> = {},
): GatewayCallbackEvent => ({
  merchantTransactionId: `cb-${uuid}`,
  uuid,
  result: 'OK',
  transactionType: 'CHARGEBACK',
  chargeback: { originalMerchantTransactionId: `c.${CHARGE}.d1`, amountMinor },
  ...extra,
});
const reversal = (uuid: string, of: string, amountMinor: number): GatewayCallbackEvent => ({
  merchantTransactionId: `cbr-${uuid}`,
  uuid,
  result: 'OK',
  transactionType: 'CHARGEBACK-REVERSAL',
  chargeback: { originalMerchantTransactionId: `c.${CHARGE}.d1`, chargebackUuid: of, amountMinor },
});
const debitOk = (mtid: string): GatewayCallbackEvent => ({
  merchantTransactionId: mtid,
  uuid: `u-${mtid}`,
  result: 'OK',
});

describe('follow-up book (events after a charge closed, without Temporal)', () => {
  it('a chargeback and its reversal, in either order, derive the status and one billing correction each', () => {
    for (const order of ['chargeback first', 'reversal first']) {
      const { book: b, flags } = book({
        memo: { ...memo, billing: { runId: 'r', subscriptionId: 's', period: 'p' } },
      });
      const events = [chargeback('cb1', 1500), reversal('rv1', 'cb1', 1500)];
      if (order === 'reversal first') events.reverse();
      const corrections: (string | undefined)[] = [];
      for (const e of events) {
        b.chargebackFact(e);
        const c = b.derive();
        corrections.push(c?.status);
        if (c) b.state.billingStatus = c.status;
      }
      assert.equal(b.state.status, 'chargeback-reversed', order);
      assert.equal(b.state.chargedBackMinor, 0, order);
      assert.deepEqual(flags.sort(), ['charged-back', 'chargeback-reversed'].sort(), order);
      assert.deepEqual(
        corrections,
        order === 'chargeback first'
          ? ['charged-back', 'chargeback-reversed']
          : [undefined, 'chargeback-reversed'],
        order,
      );
      assert.equal(b.derive(), undefined, 'nothing changed: no second correction');
    }
  });

  it('records an amount in another currency without counting it', () => {
    const { book: b, flags } = book();
    b.chargebackFact(
      chargeback('cb1', 1500, {
        chargeback: { originalMerchantTransactionId: 'x', amountMinor: 1500, currency: 'USD' },
      }),
    );
    b.derive();
    assert.equal(b.state.chargedBackMinor, 0);
    assert.equal(b.state.status, 'succeeded');
    assert.deepEqual(flags, ['currency-mismatch']);
    assert.match(b.state.events[0]?.reason ?? '', /currency-mismatch: USD for a EUR/);
  });

  it('back-office refunds add up to partially refunded, then refunded', () => {
    const { book: b } = book();
    const refund = (uuid: string, amountMinor: number): GatewayCallbackEvent => ({
      merchantTransactionId: `bo-${uuid}`,
      uuid,
      result: 'OK',
      transactionType: 'REFUND',
      relatesTo: `c.${CHARGE}.d1`,
      amountMinor,
      currency: 'EUR',
    });
    b.backOfficeRefundFact(refund('r1', 500));
    b.derive();
    assert.deepEqual([b.state.status, b.state.refundedMinor], ['partially-refunded', 500]);
    b.backOfficeRefundFact(refund('r2', 1000));
    b.derive();
    assert.deepEqual([b.state.status, b.state.refundedMinor], ['refunded', 1500]);
  });

  it('a late debit: the charge’s own success counts, a second one is extra, a failed charge’s is its late success', () => {
    const { book: ok } = book();
    assert.equal(ok.lateDebit(debitOk(`c.${CHARGE}.d1`)), 'counted');
    assert.equal(ok.lateDebit(debitOk(`c.${CHARGE}.d2`)), 'extra');
    const reversed = {
      ...succeeded,
      extraDebits: [{ merchantTransactionId: `c.${CHARGE}.d3` }],
    } as unknown as ChargeResult;
    assert.equal(
      book({ result: reversed }).book.lateDebit(debitOk(`c.${CHARGE}.d3`)),
      'counted',
      'the charge reversed it',
    );

    const failed = { ...succeeded, status: 'failed', merchantTransactionId: undefined } as ChargeResult;
    const { book: b, flags } = book({ result: failed });
    assert.equal(b.lateDebit(debitOk(`c.${CHARGE}.d2`)), 'late-success');
    b.lateSuccess(debitOk(`c.${CHARGE}.d2`));
    assert.equal(b.lateDebit(debitOk(`c.${CHARGE}.d2`)), 'counted', 'the late success is counted once');
    assert.equal(
      b.lateDebit(debitOk(`c.${CHARGE}.d3`)),
      'extra',
      'another debit after the late success is extra',
    );
    assert.deepEqual(b.derive(), { status: 'succeeded-late', reason: `succeeded late (c.${CHARGE}.d2)` });
    assert.equal(b.state.status, 'succeeded-late');
    assert.deepEqual(flags, ['succeeded-late']);
  });

  it('a hold (preauthorize) nobody will capture: a late debit is extra; a charge of unknown currency is flagged', () => {
    const { book: hold } = book({ memo: { ...memo, mode: 'preauthorize' }, result: undefined });
    assert.equal(hold.lateDebit(debitOk(`c.${CHARGE}.d1`)), 'extra');
    const { book: unknown, flags } = book({
      memo: undefined,
      result: undefined,
      workflowStatus: 'NOT_FOUND',
    });
    assert.equal(unknown.knownCurrency, undefined);
    unknown.extraDebitUnknownCharge(debitOk(`c.${CHARGE}.d1`));
    assert.deepEqual(flags, ['double-debit-unreversed']);
    assert.match(unknown.line(), /1 event\(s\) after the close/);
  });
});
