import { strict as assert } from 'node:assert';
import { runCli } from '../helpers/cli.js';
import { useTestStack } from '../helpers/stack.js';

describe('ixopay-temporal CLI: charge capture|void|refund and profiles', function () {
  this.timeout(90_000);
  const stack = useTestStack();

  const cli = (...args: string[]) => runCli(stack, args);

  const ledger = (chargeId: string) => stack.simulator.ledger.entriesFor(`c.${chargeId}.`);

  it('captures part of a preauthorization in its currency, then refunds with a decimal amount', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('op');
    const auth = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 2500,
      currency: 'EUR',
      initiator: 'merchant',
      mode: 'preauthorize',
      refundWindowSeconds: 3600,
    });
    assert.equal((await auth.result()).status, 'succeeded');

    const tooMuch = await cli('charge', 'capture', chargeId, '--amount', '25.01');
    assert.equal(tooMuch.code, 2, tooMuch.stderr);
    assert.match(tooMuch.stderr, /more than the 25\.00 EUR/);
    const badAmount = await cli('charge', 'capture', chargeId, '--amount', '1.234');
    assert.equal(badAmount.code, 2);
    assert.match(badAmount.stderr, /decimals/);
    assert.equal(ledger(chargeId).length, 1); // the preauthorization only

    const capture = await cli('charge', 'capture', chargeId, '--amount', '20.00', '--json');
    assert.equal(capture.code, 0, capture.stderr);
    assert.equal((JSON.parse(capture.stdout) as { captured: boolean }).captured, true);
    const again = await cli('charge', 'capture', chargeId);
    assert.equal(again.code, 3);
    assert.match(again.stderr, /capture refused: only an open, uncaptured preauthorization/);

    const refund = await cli('charge', 'refund', chargeId, '--amount', '5.5', '--json');
    assert.equal(refund.code, 0, refund.stderr);
    assert.equal((JSON.parse(refund.stdout) as { refundedMinor: number }).refundedMinor, 550);
    const kinds = ledger(chargeId).map((e) => e.merchantTransactionId.split('.').at(-1));
    assert.deepEqual(kinds, ['d1', 'cap1', 'rf1']);
    await auth.workflow.terminate('test done');
  });

  it('voids a preauthorization; refuses unknown, unfinished and closed charges', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('op');
    const auth = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 1200,
      currency: 'JPY',
      initiator: 'merchant',
      mode: 'preauthorize',
    });
    await auth.result();
    assert.equal((await cli('charge', 'void', chargeId, '--amount', '1')).code, 2);
    const voided = await cli('charge', 'void', chargeId, '--json');
    assert.equal(voided.code, 0, voided.stderr);
    assert.equal((JSON.parse(voided.stdout) as { voided: boolean }).voided, true);

    const unknown = await cli('charge', 'refund', stack.uid('nope'), '--amount', '1.00');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown charge/);
    assert.equal((await cli('charge', 'refund', 'bad id!', '--amount', '1.00')).code, 2);

    const declinedId = stack.uid('op');
    await stack.client.chargeAndWait({
      chargeId: declinedId,
      customerId,
      amountMinor: 2003,
      currency: 'EUR',
      initiator: 'merchant',
    });
    const declined = await cli('charge', 'refund', declinedId, '--amount', '1.00');
    assert.equal(declined.code, 3);
    assert.match(declined.stderr, /has not succeeded \(declined\)/);

    const closedId = stack.uid('op');
    await stack.client.chargeAndWait({
      chargeId: closedId,
      customerId,
      amountMinor: 1000,
      currency: 'EUR',
      initiator: 'merchant',
    });
    const closed = await cli('charge', 'refund', closedId);
    assert.equal(closed.code, 3);
    assert.match(closed.stderr, /is closed/);
    assert.equal((await cli('charge', 'capture', '--help')).code, 0);
    // The start form still works next to the subcommands.
    const started = await cli(
      'charge',
      '--charge-id',
      stack.uid('op'),
      '--customer',
      customerId,
      '--amount',
      '3.00',
      '--currency',
      'EUR',
    );
    assert.equal(started.code, 0, started.stderr);
  });

  it('shows a profile without card data, sets the preferred instrument and deletes it', async () => {
    const customerId = await stack.seedCustomer();
    await stack.client.registerCustomer({
      registrationId: stack.uid('reg'),
      customerId,
      kind: 'register',
      transactionToken: 'ix::test-mastercard',
    });
    const shown = await cli('profiles', 'show', customerId);
    assert.equal(shown.code, 0, shown.stderr);
    assert.doesNotMatch(shown.stdout, /pt::/); // masked
    assert.match(shown.stdout, /4444/);
    assert.match(shown.stdout, /1111/);
    assert.doesNotMatch(shown.stdout, /411111|555555/); // no first six

    // --json alone keeps tokens masked; --show-tokens shows them.
    const masked = await cli('profiles', 'show', customerId, '--json');
    assert.equal(masked.code, 0, masked.stderr);
    assert.doesNotMatch(masked.stdout, /pt::[^…]/);
    const json = JSON.parse(
      (await cli('profiles', 'show', customerId, '--json', '--show-tokens')).stdout,
    ) as {
      instruments: { paymentToken: string; lastFour: string; preferred: boolean }[];
    };
    const visa = json.instruments.find((i) => i.lastFour === '1111')!;
    assert.equal(visa.preferred, false);
    const notInProfile = await cli('profiles', 'set-preferred', customerId, '--token', 'pt::not-mine-1234');
    assert.equal(notInProfile.code, 2);
    assert.match(notInProfile.stderr, /…1234 is not in/);
    const set = await cli('profiles', 'set-preferred', customerId, '--token', visa.paymentToken);
    assert.equal(set.code, 0, set.stderr);
    const profile = await stack.gateway.getProfile({
      profileGuid: (await stack.store.requireCustomer(customerId)).profileGuid!,
    });
    const preferred = profile.paymentInstruments?.find((i) => i.isPreferred === true);
    assert.equal(preferred?.paymentToken, visa.paymentToken);

    assert.equal((await cli('profiles', 'delete', customerId)).code, 2); // needs --yes
    const deleted = await cli('profiles', 'delete', customerId, '--yes');
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal((await stack.store.requireCustomer(customerId)).profileGuid, undefined);
    assert.equal((await cli('profiles', 'show', customerId)).code, 3);
    const unknown = await cli('profiles', 'show', stack.uid('nobody'));
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown customer/);
  });
});
