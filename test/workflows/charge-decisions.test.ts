/**
 * The charge's decisions with stubbed activities on the real dev server: the gateway's answers are scripted per
 * merchantTransactionId, so each case shows what the workflow decides (dunning, a hard decline, adopting an
 * attempt that settled while the charge waited to retry) and which debits it sent.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { ChargeResult, GatewayErrorInfo, TransactionOutcome } from '../../src/contract/domain.js';
import type { ChargeInput } from '../../src/contract/messages.js';
import { WORKFLOW_TYPES, type ChargeWorkflow } from '../../src/contract/workflows.js';
import { workflowIdFor } from '../../src/ids.js';
import { useStubWorkers } from '../helpers/stub-worker.js';

type Answer = Omit<TransactionOutcome, 'merchantTransactionId' | 'source'>;
const ok: Answer = { status: 'succeeded', uuid: 'u-ok' };
const declined = (code: number, decline: 'soft' | 'hard'): Answer => ({
  status: 'declined',
  error: { code, message: 'declined', decline } satisfies GatewayErrorInfo,
});
const transient: Answer = {
  status: 'failed',
  error: { code: 3003, message: 'timeout at the acquirer', transient: true, uncertain: true },
};

interface Script {
  /** Step (d1, d2…) → the debit's synchronous answer. */
  readonly debit: Record<string, Answer>;
  /** Step → the status look-up's answer (undefined: the gateway does not know the transaction). */
  readonly lookup?: Record<string, Answer>;
}

describe('charge decisions with stubbed activities', function () {
  this.timeout(60_000);
  const stubs = useStubWorkers();

  /** Runs one charge against the script; returns its result and the debits sent, by step. */
  async function charge(
    script: Script,
    extra: Partial<ChargeInput> = {},
  ): Promise<{ result: ChargeResult; sent: string[] }> {
    const chargeId = `cd-${randomUUID().slice(0, 8)}`;
    const step = (merchantTransactionId: string): string => merchantTransactionId.split('.').at(-1)!;
    const sent: string[] = [];
    const answer = (merchantTransactionId: string, a: Answer | undefined): TransactionOutcome | undefined =>
      a && { ...a, merchantTransactionId, source: 'reply' };
    const activities = {
      authenticate: () =>
        Promise.resolve({ customerId: 'cus-1', customerIdentification: 'ci-1', profileGuid: 'pg-1' }),
      fetchProfile: () =>
        Promise.resolve({
          profileGuid: 'pg-1',
          customerIdentification: 'ci-1',
          instruments: [{ paymentToken: 'pt::abc', isPreferred: true }],
        }),
      debit: ({ merchantTransactionId }: { merchantTransactionId: string }) => {
        sent.push(step(merchantTransactionId));
        const a = answer(merchantTransactionId, script.debit[step(merchantTransactionId)]);
        // An unscripted debit is a decision the case did not expect: it fails the charge at once.
        if (!a)
          throw ApplicationFailure.nonRetryable(`unscripted debit ${merchantTransactionId}`, 'Unscripted');
        return Promise.resolve(a);
      },
      reconcile: ({ merchantTransactionId }: { merchantTransactionId: string }) =>
        Promise.resolve(answer(merchantTransactionId, script.lookup?.[step(merchantTransactionId)])),
      storeChargeOutcome: () => Promise.resolve(undefined),
      forwardChargeEvent: () => Promise.resolve(undefined),
    };
    const input: ChargeInput = {
      chargeId,
      customerId: 'cus-1',
      amountMinor: 1500,
      currency: 'EUR',
      initiator: 'merchant',
      ...extra,
    };
    const result = await stubs.run({ activities, queue: 'cd' }, (taskQueue) =>
      stubs.client.workflow.execute<ChargeWorkflow>(WORKFLOW_TYPES.charge, {
        workflowId: workflowIdFor('charge', chargeId),
        taskQueue,
        args: [input],
      }),
    );
    return { result, sent };
  }

  it('retries a soft decline after its dunning delay under a new id, and succeeds', async () => {
    const { result, sent } = await charge(
      { debit: { d1: declined(2006, 'soft'), d2: ok } },
      { dunning: { retryDelaysSeconds: [1] } },
    );
    assert.equal(result.status, 'succeeded');
    assert.equal(result.attempts, 2);
    assert.ok(result.merchantTransactionId?.endsWith('.d2'));
    assert.deepEqual(sent, ['d1', 'd2']);
  });

  it('never retries a hard decline, whatever dunning allows', async () => {
    const { result, sent } = await charge(
      { debit: { d1: declined(2016, 'hard') } },
      { dunning: { retryDelaysSeconds: [1, 1] } },
    );
    assert.equal(result.status, 'declined');
    assert.equal(result.error?.code, 2016);
    assert.deepEqual(sent, ['d1']);
  });

  it('adopts an attempt that settled while the charge waited to retry, and sends no second debit', async () => {
    const { result, sent } = await charge({ debit: { d1: transient }, lookup: { d1: ok } });
    assert.equal(result.status, 'succeeded');
    assert.ok(result.merchantTransactionId?.endsWith('.d1'));
    assert.deepEqual(sent, ['d1']);
  });

  it('sends a new attempt only once the look-up says the first one failed', async () => {
    const failed: Answer = { status: 'failed', error: { code: 3003, message: 'timeout', transient: true } };
    const { result, sent } = await charge({ debit: { d1: transient, d2: ok }, lookup: { d1: failed } });
    assert.equal(result.status, 'succeeded');
    assert.ok(result.merchantTransactionId?.endsWith('.d2'));
    assert.deepEqual(sent, ['d1', 'd2']);
  });
});
