import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { createAuthenticate } from '../../src/activities/authenticate.js';
import {
  issueSessionProof,
  openSqliteCustomerStore,
  sealSessionProof,
  type CustomerStore,
} from '../../src/customers/index.js';

const SECRETS = ['session-secret-0123456789'];
const NOW = new Date('2026-11-25T10:00:00Z');

describe('authenticate: session proofs bound to their charge', () => {
  let dir: string;
  let store: CustomerStore;
  let authenticate: ReturnType<typeof createAuthenticate>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ixopay-auth-'));
    store = openSqliteCustomerStore({ file: join(dir, 'customers.sqlite') });
    await store.addCustomer({ id: 'cus-1', email: 'a@example.org' });
    await store.addCustomer({ id: 'cus-2', email: 'b@example.org' });
    authenticate = createAuthenticate({ store, sessionProofSecrets: SECRETS, now: () => NOW });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const proof = (customerId: string, chargeId: string, now = NOW) =>
    issueSessionProof({ customerId, chargeId, secret: SECRETS[0]!, ttlSeconds: 600, now });
  const charge = (chargeId: string, sessionProof: string, customerId = 'cus-1') =>
    authenticate({ customerId, chargeId, initiator: 'customer', sessionProof });
  const refused = async (attempt: Promise<unknown>, detail: RegExp): Promise<void> => {
    await assert.rejects(attempt, (err: unknown) => {
      assert.ok(err instanceof ApplicationFailure, String(err));
      assert.equal(err.type, 'InvalidSessionProof');
      assert.equal(err.nonRetryable, true);
      assert.match(err.message, detail);
      return true;
    });
  };

  it('accepts a proof sealed for its own charge', async () => {
    const sealed = sealSessionProof(proof('cus-1', 'order-a'), SECRETS, 'order-a');
    assert.equal((await charge('order-a', sealed)).customerId, 'cus-1');
  });

  it('refuses a proof issued for charge A presented for charge B', async () => {
    await refused(
      charge('order-b', sealSessionProof(proof('cus-1', 'order-a'), SECRETS, 'order-b')),
      /wrong-charge/,
    );
  });

  it('refuses a proof sealed for charge A copied into charge B', async () => {
    await refused(
      charge('order-b', sealSessionProof(proof('cus-1', 'order-a'), SECRETS, 'order-a')),
      /cannot be opened/,
    );
  });

  it('refuses an expired proof and a proof of another customer', async () => {
    const old = proof('cus-1', 'order-a', new Date(NOW.getTime() - 3_600_000));
    await refused(charge('order-a', sealSessionProof(old, SECRETS, 'order-a')), /expired/);
    const foreign = sealSessionProof(proof('cus-2', 'order-a'), SECRETS, 'order-a');
    await refused(charge('order-a', foreign), /wrong-customer/);
  });

  it('refuses a plaintext proof, even a valid one', async () => {
    await refused(charge('order-a', proof('cus-1', 'order-a')), /not sealed/);
  });
});
