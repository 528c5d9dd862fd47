import { UnknownCustomerError } from '../../src/customers/errors.js';
import { PaymentsClient } from '../../src/client/payments-client.js';
import { strict as assert } from 'node:assert';
import { WorkflowNotFoundError } from '@temporalio/client';
import { InvalidRequestError } from '../../src/contract/requests.js';
import { sealSessionProof } from '../../src/customers/index.js';
import { workflowIdFor } from '../../src/ids.js';
import type { chargeStoredProfile } from '../../src/workflows/index.js';
import { useTestStack } from '../helpers/stack.js';

describe('charges refused before or without charging anything', function () {
  this.timeout(60_000);
  const stack = useTestStack();

  const nothingCharged = (chargeId: string): void => {
    assert.deepEqual(stack.simulator.ledger.entriesFor(`c.${chargeId}.`), []);
  };
  const merchantCharge = (chargeId: string, customerId: string) =>
    ({ chargeId, customerId, amountMinor: 1000, currency: 'EUR', initiator: 'merchant' }) as const;

  it('refuses an unknown customer before starting, and the worker refuses it non-retryably too', async () => {
    const chargeId = stack.uid('c');
    const nobody = stack.uid('nobody');
    await assert.rejects(stack.client.startCharge(merchantCharge(chargeId, nobody)), UnknownCustomerError);
    await assert.rejects(stack.client.charge(chargeId).workflow.describe(), WorkflowNotFoundError);
    // A starter without access to the store starts it; the worker's authenticate step refuses it.
    const blind = new PaymentsClient(stack.temporal, stack.taskQueue, {
      sessionProofSecrets: stack.sessionProofSecrets,
    });
    const result = await blind.chargeAndWait(merchantCharge(chargeId, nobody));
    assert.equal(result.status, 'failed');
    assert.equal(result.reason, 'UnknownCustomer');
    nothingCharged(chargeId);
  });

  it('fails a disabled customer', async () => {
    const customerId = await stack.seedCustomer();
    await stack.store.setStatus(customerId, 'disabled');
    const chargeId = stack.uid('c');
    const result = await stack.client.chargeAndWait(merchantCharge(chargeId, customerId));
    assert.equal(result.reason, 'CustomerDisabled');
    nothingCharged(chargeId);
  });

  it('fails a merchant-initiated charge without a mandate', async () => {
    const customerId = await stack.seedCustomer({ mandate: false });
    const chargeId = stack.uid('c');
    const result = await stack.client.chargeAndWait(merchantCharge(chargeId, customerId));
    assert.equal(result.reason, 'MissingMandate');
    nothingCharged(chargeId);
  });

  it('fails a customer-initiated charge with a forged, expired, foreign or replayed session proof', async () => {
    const customerId = await stack.seedCustomer();
    const other = await stack.seedCustomer();
    const proofs = [
      (chargeId: string) => `${stack.sessionProof(customerId, chargeId).slice(0, -4)}AAAA`,
      (chargeId: string) => stack.sessionProof(other, chargeId),
      (chargeId: string) => stack.sessionProof(customerId, chargeId, 60, new Date(Date.now() - 3_600_000)),
      // issued for charge A, presented for charge B
      () => stack.sessionProof(customerId, stack.uid('other-charge')),
    ];
    for (const proofFor of proofs) {
      const chargeId = stack.uid('c');
      const sessionProof = proofFor(chargeId);
      const result = await stack.client.chargeAndWait({
        ...merchantCharge(chargeId, customerId),
        initiator: 'customer',
        sessionProof,
      });
      assert.equal(result.status, 'failed');
      assert.equal(result.reason, 'InvalidSessionProof');
      nothingCharged(chargeId);
    }
  });

  it('refuses a plaintext proof or a sealed proof copied from another charge that reach the workflow', async () => {
    const customerId = await stack.seedCustomer();
    const chargeA = stack.uid('c');
    const sealedForA = sealSessionProof(
      stack.sessionProof(customerId, chargeA),
      stack.sessionProofSecrets,
      chargeA,
    );
    for (const [chargeId, sessionProof] of [
      [chargeA, stack.sessionProof(customerId, chargeA)],
      [stack.uid('c'), sealedForA],
    ] as const) {
      // Started around the client API, which always seals (a backend bypassing it, or a copied history).
      const handle = await stack.temporal.workflow.start<typeof chargeStoredProfile>('chargeStoredProfile', {
        taskQueue: stack.taskQueue,
        workflowId: workflowIdFor('charge', chargeId),
        args: [{ ...merchantCharge(chargeId, customerId), initiator: 'customer', sessionProof }],
      });
      const result = await handle.result();
      assert.equal(result.status, 'failed');
      assert.equal(result.reason, 'InvalidSessionProof');
      nothingCharged(chargeId);
    }
  });

  it('fails a customer without an IXOPAY profile', async () => {
    const customerId = await stack.seedCustomer({ register: false });
    const chargeId = stack.uid('c');
    const result = await stack.client.chargeAndWait(merchantCharge(chargeId, customerId));
    assert.equal(result.reason, 'ProfileNotFound');
    nothingCharged(chargeId);
  });

  it('fails when the only instrument is expired or the pinned token is not in the profile', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('c');
    const result = await stack.client.chargeAndWait({
      ...merchantCharge(chargeId, customerId),
      paymentToken: 'pt::doesnotexist',
    });
    assert.equal(result.reason, 'pinned-token-not-found');
    nothingCharged(chargeId);

    // The customer's only card expired since it was stored: nothing is charged.
    const expiredCustomer = await stack.seedCustomer();
    const first = await stack.client.chargeAndWait(merchantCharge(stack.uid('c'), expiredCustomer));
    assert.equal(first.status, 'succeeded', 'the card was usable before it expired');
    assert.ok(stack.simulator.expireInstrument(first.paymentToken!));
    const expiredCharge = stack.uid('c');
    const refused = await stack.client.chargeAndWait(merchantCharge(expiredCharge, expiredCustomer));
    assert.equal(refused.status, 'failed');
    assert.equal(refused.reason, 'no-usable-instrument');
    nothingCharged(expiredCharge);
  });

  it('rejects malformed requests before any workflow starts', async () => {
    const customerId = await stack.seedCustomer();
    const bad: Record<string, unknown>[] = [
      { amountMinor: 9.99 },
      { amountMinor: -1 },
      { amountMinor: 0 },
      { currency: 'EURO' },
      { currency: 'XXX' },
      { chargeId: 'has space' },
      { chargeId: '' },
      { customerId: 'a'.repeat(41) },
      { initiator: 'customer' }, // no session proof
      { unexpected: true },
    ];
    for (const patch of bad) {
      const chargeId = stack.uid('bad');
      const request = { ...merchantCharge(chargeId, customerId), ...patch };
      await assert.rejects(stack.client.startCharge(request), InvalidRequestError, JSON.stringify(patch));
      await assert.rejects(stack.client.charge(chargeId).workflow.describe(), WorkflowNotFoundError);
      nothingCharged(chargeId);
    }
  });
});
