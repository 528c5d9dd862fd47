import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { paymentsDataConverter } from '../../src/codec/index.js';
import type { ChargeResult } from '../../src/contract/domain.js';
import { ensureNexusEndpoint } from '../../src/nexus/endpoint.js';
import type { ChargeStatusView } from '../../src/client/payments-client.js';
import { useTestStack } from '../helpers/stack.js';
import type { CallOutcome, callPayments } from './caller-workflows.js';

describe('the ixopay-payments Nexus operations, called from a workflow in another namespace', function () {
  this.timeout(180_000);
  let worker: Worker;
  let running: Promise<void>;
  let native: NativeConnection;
  let caller: Client;
  const callerNamespace = 'payments-caller';
  const taskQueue = `ts-caller-${randomBytes(3).toString('hex')}`;
  const endpoint = `ixopay-payments-${randomBytes(3).toString('hex')}`;

  const call = (operation: Parameters<typeof callPayments>[1], input: unknown): Promise<CallOutcome> =>
    caller.workflow.execute<typeof callPayments>('callPayments', {
      taskQueue,
      workflowId: `call-${operation}-${randomBytes(4).toString('hex')}`,
      args: [endpoint, operation, input],
    });

  const stack = useTestStack();
  before(async () => {
    await ensureNexusEndpoint({
      address: stack.temporalAddress,
      callerNamespace,
      endpoint,
      targetNamespace: 'default',
      targetTaskQueue: stack.taskQueue,
    });
    const dataConverter = paymentsDataConverter(stack.payloadKeys, 'development');
    native = await NativeConnection.connect({ address: stack.temporalAddress });
    worker = await Worker.create({
      connection: native,
      namespace: callerNamespace,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('./caller-workflows.ts', import.meta.url)),
      dataConverter,
    });
    running = worker.run();
    caller = new Client({ connection: stack.temporal.connection, namespace: callerNamespace, dataConverter });
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await native?.close();
  });

  it('capture and void a preauthorization, refund a debit and read the status, each through Nexus', async () => {
    const customerId = await stack.seedCustomer();
    const auth = stack.uid('auth');
    const base = { customerId, currency: 'EUR', initiator: 'merchant' } as const;
    const preauth = await stack.client.startCharge({
      ...base,
      chargeId: auth,
      amountMinor: 5000,
      mode: 'preauthorize',
    });
    assert.equal((await preauth.result()).status, 'succeeded');
    const captured = await call('capture', { chargeId: auth, amountMinor: 4000, idempotencyKey: 'cap-1' });
    assert.equal((captured.ok as ChargeResult).captured, true, JSON.stringify(captured));

    const other = stack.uid('auth');
    await (
      await stack.client.startCharge({ ...base, chargeId: other, amountMinor: 3000, mode: 'preauthorize' })
    ).result();
    const voided = await call('void', { chargeId: other });
    assert.equal((voided.ok as ChargeResult).voided, true, JSON.stringify(voided));

    const debit = stack.uid('debit');
    await (
      await stack.client.startCharge({
        ...base,
        chargeId: debit,
        amountMinor: 2000,
        refundWindowSeconds: 120,
      })
    ).result();
    const refunded = await call('refund', { chargeId: debit, amountMinor: 500, idempotencyKey: 'r-1' });
    assert.equal((refunded.ok as ChargeResult).refundedMinor, 500, JSON.stringify(refunded));
    const status = (await call('chargeStatus', { chargeId: debit })).ok as ChargeStatusView;
    assert.equal(status.workflowStatus, 'RUNNING');
    assert.equal(status.result?.refundedMinor, 500);
  });

  it('charges customer-initiated with the session proof the caller passes (sealed by the handler)', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('cit');
    const out = await call('charge', {
      chargeId,
      customerId,
      amountMinor: 1234,
      currency: 'EUR',
      initiator: 'customer',
      sessionProof: stack.sessionProof(customerId, chargeId),
    });
    assert.equal((out.ok as ChargeResult | undefined)?.status, 'succeeded', JSON.stringify(out));
  });

  it('a refund the charge refuses fails the operation; nothing is refunded', async () => {
    const customerId = await stack.seedCustomer();
    const debit = stack.uid('debit');
    await (
      await stack.client.startCharge({
        chargeId: debit,
        customerId,
        amountMinor: 2000,
        currency: 'EUR',
        initiator: 'merchant',
        refundWindowSeconds: 120,
      })
    ).result();
    const out = await call('refund', { chargeId: debit, amountMinor: 2001 });
    assert.equal(out.refused?.failure, 'NexusOperationFailure');
    assert.equal(out.refused.handlerErrorType, undefined);
    assert.equal((await stack.client.charge(debit).state()).result?.refundedMinor ?? 0, 0);
  });

  it('registers a customer and starts a billing run through Nexus', async () => {
    const customerId = await stack.seedCustomer({ register: false });
    const registered = await call('register', {
      registrationId: stack.uid('reg'),
      customerId,
      kind: 'register',
      transactionToken: 'ix::test-visa',
    });
    assert.equal((registered.ok as { status: string }).status, 'succeeded', JSON.stringify(registered));
    const runId = stack.uid('run');
    const started = await call('startBillingRun', {
      runId,
      billingDate: '2026-01-01',
      filters: { customerIds: [customerId] },
    });
    assert.deepEqual(started.ok, { runId, workflowId: `billing-${runId}` });
    assert.equal((await stack.client.billingResult(runId)).succeeded, 0);
  });

  it('refuses an unknown customer, an unknown charge and a bad capture with typed, non-retryable errors', async () => {
    const unknown = await call('charge', {
      chargeId: stack.uid('c'),
      customerId: 'nobody-here',
      amountMinor: 100,
      currency: 'EUR',
      initiator: 'merchant',
    });
    assert.equal(unknown.refused?.handlerErrorType, 'NOT_FOUND');
    assert.equal(unknown.refused.type, 'UnknownCustomerError');

    const noCharge = await call('chargeStatus', { chargeId: stack.uid('none') });
    assert.equal(noCharge.refused?.handlerErrorType, 'NOT_FOUND');
    assert.equal(noCharge.refused.type, 'ChargeNotFoundError');

    const bad = await call('capture', { chargeId: 'x', amountMinor: -1, extra: true });
    assert.equal(bad.refused?.handlerErrorType, 'BAD_REQUEST');
    assert.equal(bad.refused.type, 'InvalidRequestError');
    const paths = (bad.refused.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    assert.ok(paths.includes('amountMinor'), JSON.stringify(paths));
  });
});
