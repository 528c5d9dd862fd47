import { strict as assert } from 'node:assert';
import { useTestStack } from '../helpers/stack.js';
import { waitFor } from '../../src/embedded/wait-for.js';

/** Every string and every payload byte array of a history, as text, to search for what must not be there. */
function readable(value: unknown, out: string[] = []): string {
  if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) readable(v, out);
  return out.join('\n');
}

describe('charge pipeline on the dev server and the simulator', function () {
  this.timeout(60_000);
  const stack = useTestStack();

  const debitsFor = (chargeId: string) => stack.simulator.ledger.entriesFor(`c.${chargeId}.`);

  it('registers a first purchase and links the profile to the customer', async () => {
    const customerId = stack.uid('cust');
    await stack.store.addCustomer({ id: customerId, email: `${customerId}@example.org` });
    const result = await stack.client.registerCustomer({
      registrationId: stack.uid('order'),
      customerId,
      kind: 'debit',
      amountMinor: 4999,
      currency: 'EUR',
      transactionToken: 'ix::test-mastercard',
    });
    assert.equal(result.status, 'succeeded');
    assert.match(result.paymentToken ?? '', /^pt::/);
    const customer = await stack.store.requireCustomer(customerId);
    assert.equal(customer.profileGuid, result.profileGuid);
  });

  it('registers through the hosted payment page when the first purchase carries no card token', async () => {
    const customerId = stack.uid('cust');
    await stack.store.addCustomer({ id: customerId, email: `${customerId}@example.org` });
    const registrationId = stack.uid('hpp');
    const handle = await stack.client.startRegistration({
      registrationId,
      customerId,
      kind: 'debit',
      amountMinor: 1500,
      currency: 'EUR',
    });
    const redirectUrl = await waitFor(
      async () => (await stack.client.registrationState(registrationId)).redirectUrl,
    );
    const page = await fetch(redirectUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ pan: '5555555555554444' }),
    });
    assert.ok(page.ok, `hosted payment page answered ${page.status}`);
    const result = await handle.result();
    assert.equal(result.status, 'succeeded');
    assert.equal((await stack.store.requireCustomer(customerId)).profileGuid, result.profileGuid);
  });

  it('charges the preferred instrument of a stored profile once (customer-initiated)', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('order');
    const result = await stack.client.chargeAndWait({
      chargeId,
      customerId,
      amountMinor: 1234,
      currency: 'EUR',
      initiator: 'customer',
      sessionProof: stack.sessionProof(customerId, chargeId),
    });
    assert.equal(result.status, 'succeeded');
    assert.equal(result.attempts, 1);
    const entries = debitsFor(chargeId);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.amountMinor, 1234);
    assert.equal(entries[0]!.status, 'SUCCESS');
    assert.equal(entries[0]!.paymentToken, result.paymentToken);
  });

  it('keeps card data, secrets and personal data out of workflow history', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('hist');
    const sessionProof = stack.sessionProof(customerId, chargeId);
    const handle = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 700,
      currency: 'EUR',
      initiator: 'customer',
      sessionProof,
    });
    assert.equal((await handle.result()).status, 'succeeded');
    const history = readable(await handle.workflow.fetchHistory());
    assert.match(history, new RegExp(chargeId), 'the readable history holds the payloads');
    assert.ok(!history.includes(sessionProof.split('.').at(-1)!), 'no session proof in history');
    for (const secret of [
      '4111111111111111',
      '411111',
      'Test Holder',
      `${customerId}@example.org`,
      'sim-password',
      'sim-shared-secret',
    ]) {
      assert.ok(!history.includes(secret), `history contains ${secret}`);
    }
  });

  it('charges JPY and KWD amounts exactly (0 and 3 decimals)', async () => {
    const customerId = await stack.seedCustomer();
    for (const [amountMinor, currency] of [
      [1500, 'JPY'],
      [12345, 'KWD'],
    ] as const) {
      const chargeId = stack.uid('fx');
      const result = await stack.client.chargeAndWait({
        chargeId,
        customerId,
        amountMinor,
        currency,
        initiator: 'merchant',
      });
      assert.equal(result.status, 'succeeded');
      const [entry] = debitsFor(chargeId);
      assert.equal(entry?.amountMinor, amountMinor);
      assert.equal(entry?.currency, currency);
    }
  });

  it('waits for the callback of a PENDING charge', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('pend');
    const handle = await stack.startPendingCharge(customerId, chargeId);
    const result = await handle.result();
    assert.equal(result.status, 'succeeded');
    const state = await handle.state();
    assert.ok(state.callbacksSeen >= 1, 'the outcome came by callback');
    assert.equal(debitsFor(chargeId).length, 1);
  });

  it('exposes the 3-D Secure redirect URL and completes when the customer passes the challenge', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('3ds');
    const handle = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 3333,
      currency: 'EUR',
      initiator: 'customer',
      sessionProof: stack.sessionProof(customerId, chargeId),
    });
    const state = await waitFor(async () => {
      const s = await handle.state();
      return s.phase === 'needs-action' && s.redirectUrl ? s : undefined;
    });
    assert.ok(state.uuid);
    stack.simulator.completeRedirect(state.uuid, 'success');
    const result = await handle.result();
    assert.equal(result.status, 'succeeded');
    assert.equal(debitsFor(chargeId).length, 1);
  });

  it('reports a failed 3-D Secure challenge as a decline', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('3dsf');
    const handle = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 3333,
      currency: 'EUR',
      initiator: 'merchant',
    });
    const state = await waitFor(async () =>
      (await handle.state()).redirectUrl ? handle.state() : undefined,
    );
    stack.simulator.completeRedirect(state.uuid!, 'fail');
    const result = await handle.result();
    assert.equal(result.status, 'declined');
    assert.ok(result.error?.code);
  });

  it('does not retry a decline: one gateway attempt, typed code', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('decl');
    const result = await stack.client.chargeAndWait({
      chargeId,
      customerId,
      amountMinor: 2016,
      currency: 'EUR',
      initiator: 'merchant',
    });
    assert.equal(result.status, 'declined');
    assert.equal(result.error?.code, 2016);
    assert.equal(result.error?.decline, 'hard');
    assert.equal(result.attempts, 1);
    assert.equal(debitsFor(chargeId).length, 1);
  });

  it('attaches a duplicate start to the same execution and charges once', async () => {
    const customerId = await stack.seedCustomer();
    const request = {
      chargeId: stack.uid('dup'),
      customerId,
      amountMinor: 500,
      currency: 'EUR',
      initiator: 'merchant',
    } as const;
    const [a, b] = await Promise.all([
      stack.client.chargeAndWait(request),
      stack.client.chargeAndWait(request),
    ]);
    const c = await stack.client.chargeAndWait(request); // after completion: never charged again
    assert.deepEqual(a, b);
    assert.deepEqual(a, c);
    assert.equal(debitsFor(request.chargeId).length, 1);
  });

  it('captures a preauthorization through an update and refuses a second capture', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('auth');
    const handle = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 2500,
      currency: 'EUR',
      initiator: 'merchant',
      mode: 'preauthorize',
      refundWindowSeconds: 60,
    });
    const authorized = await handle.result();
    assert.equal(authorized.status, 'succeeded');
    const captured = await handle.capture(2000);
    assert.equal(captured.captured, true);
    await assert.rejects(handle.capture(), (err: Error) =>
      /uncaptured preauthorization/.test(String(err.cause)),
    );
    const refunded = await handle.refund(500);
    assert.equal(refunded.refundedMinor, 500);
    const types = debitsFor(chargeId)
      .map((e) => e.type)
      .sort();
    assert.deepEqual(types, ['CAPTURE', 'PREAUTHORIZE', 'REFUND']);
  });

  it('voids a preauthorization', async () => {
    const customerId = await stack.seedCustomer();
    const handle = await stack.client.startCharge({
      chargeId: stack.uid('void'),
      customerId,
      amountMinor: 900,
      currency: 'EUR',
      initiator: 'merchant',
      mode: 'preauthorize',
    });
    assert.equal((await handle.result()).status, 'succeeded');
    const voided = await handle.void();
    assert.equal(voided.voided, true);
    assert.equal((await handle.workflow.result()).voided, true);
  });
});
