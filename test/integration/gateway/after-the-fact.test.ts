import { strict as assert } from 'node:assert';
import { GatewayClient, parseCallback } from '../../../src/gateway/index.js';
import { type Simulator, SIMULATOR_DEFAULTS, startSimulator } from '../../../src/simulator/index.js';
import { CallbackReceiver } from '../simulator/support.js';

let n = 0;
const chargeId = (): string => `c.atf${Date.now().toString(36)}${++n}.d1`;

describe('GatewayClient and parseCallback read after-the-fact events from the simulator', () => {
  let sim: Simulator;
  let client: GatewayClient;
  let receiver: CallbackReceiver;

  beforeEach(async () => {
    receiver = await new CallbackReceiver().start();
    sim = await startSimulator({
      pendingCompleteAfterMs: 'manual',
      callbackRetry: { initialMs: 20, maxMs: 100, maxAttempts: 5 },
    });
    client = new GatewayClient({
      baseUrl: sim.url,
      apiKey: SIMULATOR_DEFAULTS.apiKey,
      username: SIMULATOR_DEFAULTS.username,
      password: SIMULATOR_DEFAULTS.password,
      getRetries: 0,
    });
  });
  afterEach(async () => {
    await sim.stop();
    await receiver.stop();
  });

  const debit = (merchantTransactionId: string, extra: Record<string, unknown> = {}) =>
    client.debit({
      merchantTransactionId,
      amount: 1234,
      currency: 'EUR',
      transactionToken: 'ix::test-visa',
      callbackUrl: `${receiver.url}/ixopay`,
      merchantMetaData: merchantTransactionId,
      ...extra,
    });

  it('parses chargeback and reversal callbacks and status replies with amounts in minor units', async () => {
    const id = chargeId();
    const original = await debit(id);
    const cb = sim.events.chargeback({ merchantTransactionId: id, amountMinor: 1000, reason: 'Fraud' });
    const reversal = sim.events.chargebackReversal({ chargebackUuid: cb.uuid, amountMinor: 250 });
    await sim.flushCallbacks();

    const [cbBody] = receiver.for(cb.uuid);
    const chargeback = parseCallback(cbBody?.body ?? '');
    assert.equal(chargeback.transactionType, 'CHARGEBACK');
    assert.deepEqual(chargeback.chargebackData, {
      originalUuid: original.uuid,
      originalMerchantTransactionId: id,
      amount: 1000,
      currency: 'EUR',
      reason: 'Fraud',
      chargebackDateTime: chargeback.chargebackData?.chargebackDateTime,
    });
    assert.equal(chargeback.merchantMetaData, id);

    const reversed = parseCallback(receiver.for(reversal.uuid)[0]?.body ?? '');
    assert.equal(reversed.transactionType, 'CHARGEBACK-REVERSAL');
    assert.deepEqual(
      [
        reversed.amount,
        reversed.chargebackReversalData?.amount,
        reversed.chargebackReversalData?.chargebackUuid,
      ],
      [250, 250, cb.uuid],
    );
    assert.equal(reversed.chargebackReversalData?.originalMerchantTransactionId, id);

    const status = await client.getByUuid(cb.uuid);
    assert.ok(status.found);
    assert.deepEqual(
      [status.status.transactionType, status.status.amount, status.status.chargebackData?.amount],
      ['CHARGEBACK', 1000, 1000],
    );
    const originalStatus = await client.getByMerchantTransactionId(id);
    assert.equal(originalStatus.found && originalStatus.status.transactionStatus, 'SUCCESS');
  });

  it('parses a back-office refund, routable by merchantMetaData', async () => {
    const id = chargeId();
    await debit(id);
    const refund = sim.events.refund({ merchantTransactionId: id, amountMinor: 34 });
    await sim.flushCallbacks();
    const parsed = parseCallback(receiver.for(refund.uuid)[0]?.body ?? '');
    assert.deepEqual(
      [
        parsed.transactionType,
        parsed.result,
        parsed.amount,
        parsed.merchantMetaData,
        parsed.merchantTransactionId,
      ],
      ['REFUND', 'OK', 34, id, `bo-${refund.uuid}`],
    );
  });

  it('parses an error callback with its errors array and message/code', async () => {
    const id = chargeId();
    const declined = await debit(id, { transactionToken: 'ix::test-insufficient-funds' });
    await sim.flushCallbacks();
    const parsed = parseCallback(receiver.for(declined.uuid)[0]?.body ?? '');
    assert.deepEqual(
      [parsed.result, parsed.errorCode, parsed.code, parsed.errors?.[0]?.code],
      ['ERROR', 2006, 2006, 2006],
    );
    assert.equal(parsed.errors?.[0]?.message, parsed.message);
  });

  it('sees a late settle: ERROR first, SUCCESS for the same uuid after it settles', async () => {
    sim.faults.script([{ fault: 'late-settle', reply: 'error', errorCode: 1003, settleAfterMs: 3_600_000 }]);
    const id = chargeId();
    const first = await debit(id);
    assert.deepEqual([first.returnType, first.errors?.[0]?.errorCode], ['ERROR', 1003]);
    const before = await client.getByMerchantTransactionId(id);
    assert.equal(before.found && before.status.transactionStatus, 'ERROR');
    sim.events.settleLate({ merchantTransactionId: id });
    const after = await client.getByMerchantTransactionId(id);
    assert.deepEqual(after.found && [after.status.uuid, after.status.transactionStatus], [
      first.uuid,
      'SUCCESS',
    ]);
    await sim.flushCallbacks();
    assert.deepEqual(
      receiver.for(first.uuid).map((cb) => parseCallback(cb.body).result),
      ['ERROR', 'OK'],
    );
  });
});
