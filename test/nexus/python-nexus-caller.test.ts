import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { workflowIdFor } from '../../src/ids.js';
import { ensureNexusEndpoint } from '../../src/nexus/endpoint.js';
import { AMOUNT_PENDING } from '../../src/simulator/triggers.js';
import { useTestStack } from '../helpers/stack.js';
import { python, setupPythonCaller, startCallerWorker, type CallerWorker } from '../helpers/python-caller.js';

interface PythonOutcome {
  readonly outcome: 'charged' | 'refused';
  readonly result?: { status: string; uuid?: string; amountMinor: number; currency: string };
  readonly handlerErrorType?: string;
  readonly type?: string;
  readonly retryable?: boolean;
  readonly message?: string;
  readonly details?: { differences?: string[]; issues?: { path: string; message: string }[] }[];
}

describe('the ixopay-payments Nexus service called from a Python workflow in another namespace', function () {
  this.timeout(240_000);
  let worker: CallerWorker;
  const callerNamespace = 'payments-caller';
  const callerQueue = `py-caller-${randomBytes(3).toString('hex')}`;
  const endpoint = `ixopay-payments-${randomBytes(3).toString('hex')}`;

  const charge = async (chargeId: string, customerId: string, amountMinor: number, workflowId?: string) =>
    JSON.parse(
      await python('starter.py', [
        ...(workflowId ? ['--workflow-id', workflowId] : []),
        ...['--address', stack.temporalAddress, '--namespace', callerNamespace],
        ...['--task-queue', callerQueue, '--endpoint', endpoint],
        ...['--charge-id', chargeId, '--customer-id', customerId],
        ...['--amount-minor', String(amountMinor), '--currency', 'EUR'],
      ]),
    ) as PythonOutcome;
  const debits = (chargeId: string) =>
    stack.simulator.ledger
      .committed()
      .filter((e) => e.merchantTransactionId.startsWith(`c.${chargeId}.`) && e.type === 'DEBIT');

  before(async function () {
    await setupPythonCaller();
  });
  const stack = useTestStack();
  before(async function () {
    await ensureNexusEndpoint({
      address: stack.temporalAddress,
      callerNamespace,
      endpoint,
      targetNamespace: 'default',
      targetTaskQueue: stack.taskQueue,
    });
    worker = await startCallerWorker([
      ...['--address', stack.temporalAddress],
      ...['--namespace', callerNamespace, '--task-queue', callerQueue],
    ]);
  });
  after(async () => {
    await worker?.stop();
  });

  it('charges a customer: the Python workflow gets succeeded with the gateway uuid', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('py');
    const callerWorkflowId = `caller-${chargeId}`;
    const out = await charge(chargeId, customerId, 1999, callerWorkflowId);
    assert.equal(out.outcome, 'charged');
    assert.equal(out.result?.status, 'succeeded');
    const status = await stack.client.chargeStatus(chargeId);
    assert.ok(out.result.uuid);
    assert.equal(out.result.uuid, status.result?.uuid);
    assert.equal(debits(chargeId).length, 1);
    // What the caller's namespace stored (its input, the operation's input and result) is encrypted.
    const raw = new Client({ connection: stack.temporal.connection, namespace: callerNamespace });
    const history = await raw.workflow.getHandle(callerWorkflowId).fetchHistory();
    const payloads = (history.events ?? []).flatMap((e) => [
      ...(e.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
      ...(e.nexusOperationScheduledEventAttributes?.input
        ? [e.nexusOperationScheduledEventAttributes.input]
        : []),
      ...(e.nexusOperationCompletedEventAttributes?.result
        ? [e.nexusOperationCompletedEventAttributes.result]
        : []),
      ...(e.workflowExecutionCompletedEventAttributes?.result?.payloads ?? []),
    ]);
    assert.equal(payloads.length, 5); // two workflow arguments, the operation input and result, the workflow result
    for (const p of payloads) {
      assert.equal(Buffer.from(p.metadata?.['encoding'] ?? []).toString(), 'binary/encrypted');
    }
  });

  it('a second Python workflow with the same chargeId attaches to the running charge: one debit', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('py');
    // PENDING until the simulator's callback: both workflows call while the charge runs.
    const [first, second] = await Promise.all([
      charge(chargeId, customerId, AMOUNT_PENDING),
      charge(chargeId, customerId, AMOUNT_PENDING),
    ]);
    assert.equal(first.result?.status, 'succeeded');
    assert.equal(second.result?.status, 'succeeded');
    assert.equal(second.result.uuid, first.result.uuid);
    // Both operations are completion callbacks of the one charge workflow (the second attached to it).
    const described = await stack.temporal.workflow.getHandle(workflowIdFor('charge', chargeId)).describe();
    assert.equal(described.raw.callbacks?.length, 2);
    // And once the charge is closed, a third gets its result without charging again.
    const third = await charge(chargeId, customerId, AMOUNT_PENDING);
    assert.equal(third.result?.uuid, first.result.uuid);
    assert.equal(debits(chargeId).length, 1);
  });

  it('an invalid amount reaches Python as a non-retryable BAD_REQUEST InvalidRequestError; nothing starts', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('py');
    const out = await charge(chargeId, customerId, 0);
    assert.equal(out.outcome, 'refused');
    assert.equal(out.handlerErrorType, 'BAD_REQUEST');
    assert.equal(out.type, 'InvalidRequestError');
    assert.equal(out.retryable, false);
    assert.deepEqual(
      out.details?.[0]?.issues?.map((i) => i.path),
      ['amountMinor'],
    );
    await assert.rejects(
      stack.temporal.workflow.getHandle(workflowIdFor('charge', chargeId)).describe(),
      WorkflowNotFoundError,
    );
    assert.equal(debits(chargeId).length, 0);
  });

  it('the same chargeId with another amount reaches Python as a CONFLICT IdempotencyConflictError', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('py');
    assert.equal((await charge(chargeId, customerId, 1500)).result?.status, 'succeeded');
    const out = await charge(chargeId, customerId, 1600);
    assert.equal(out.outcome, 'refused');
    assert.equal(out.handlerErrorType, 'CONFLICT');
    assert.equal(out.type, 'IdempotencyConflictError');
    assert.match(out.message ?? '', /IdempotencyConflictError/);
    assert.deepEqual(out.details?.[0]?.differences, ['amountMinor']);
    assert.equal(debits(chargeId).length, 1);
  });
});
