import { strict as assert } from 'node:assert';
import type { Client } from '@temporalio/client';
import { PaymentsClient } from '../../src/client/payments-client.js';
import { InvalidRequestError } from '../../src/contract/requests.js';

describe('PaymentsClient session proof sealing', () => {
  it('refuses a customer-initiated charge it cannot seal, before anything starts', async () => {
    let started = false;
    const temporal = {
      workflow: {
        start: () => {
          started = true;
          return Promise.resolve();
        },
      },
    } as unknown as Client;
    await assert.rejects(
      new PaymentsClient(temporal, 'q').startCharge({
        chargeId: 'order-1',
        customerId: 'cus-1',
        amountMinor: 100,
        currency: 'EUR',
        initiator: 'customer',
        sessionProof: 'v2.cus-1.order-1.1.x',
      }),
      (err: unknown) => err instanceof InvalidRequestError && /sessionProofSecrets/.test(err.message),
    );
    assert.equal(started, false);
  });
});
