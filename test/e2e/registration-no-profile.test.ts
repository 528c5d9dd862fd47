import { strict as assert } from 'node:assert';
import { useTestStack } from '../helpers/stack.js';

/**
 * A first purchase is a charge and a card stored together. When the gateway charges but reports no profile
 * (in its reply and its status), the registration failed: the customer must not keep paying for it.
 */
describe('a first purchase charged without a stored card', function () {
  this.timeout(120_000);
  const stack = useTestStack();
  afterEach(() => stack.simulator.faults.reset());

  it('fails the registration and refunds the charge under r.<id>.xr1', async () => {
    const customerId = stack.uid('cust');
    await stack.store.addCustomer({ id: customerId, email: `${customerId}@example.org` });
    const registrationId = stack.uid('np');
    const reg = `r.${registrationId}.reg`;
    stack.simulator.faults.script([
      { fault: 'no-profile-reply', operation: 'debit', merchantTransactionId: reg },
      { fault: 'no-profile-reply', operation: 'status', merchantTransactionId: reg, times: 50 },
    ]);
    const result = await stack.client.registerCustomer({
      registrationId,
      customerId,
      kind: 'debit',
      amountMinor: 4999,
      currency: 'EUR',
      transactionToken: 'ix::test-visa',
    });
    assert.equal(result.status, 'failed');
    assert.equal(result.reason, 'no-profile-in-reply');
    const entries = stack.simulator.ledger.entriesFor(`r.${registrationId}.`);
    const debit = entries.find((e) => e.type === 'DEBIT');
    assert.equal(debit?.status, 'SUCCESS', 'the gateway charged the first purchase');
    const refund = entries.find((e) => e.type === 'REFUND');
    assert.ok(
      refund,
      `the charge was not reversed: ${JSON.stringify(entries.map((e) => [e.type, e.status]))}`,
    );
    assert.equal(refund.merchantTransactionId, `r.${registrationId}.xr1`);
    assert.equal(refund.status, 'SUCCESS');
    assert.equal(result.reversal?.reversed, true);
    assert.equal(result.reversal?.reversalMerchantTransactionId, `r.${registrationId}.xr1`);
    assert.equal((await stack.store.requireCustomer(customerId)).profileGuid, undefined);
  });
});
