import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Connection, type Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time.js';
import { ENCRYPTED_ENCODING } from '../../src/codec/encryption-codec.js';
import {
  MissingSearchAttributesError,
  assertSearchAttributes,
} from '../../src/temporal/search-attribute-check.js';
import { SEARCH_ATTRIBUTES } from '../../src/temporal/names.js';
import { useTestStack } from '../helpers/stack.js';
import { devServer, temporalClient } from '../helpers/temporal.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function encoding(payload: Payload | null | undefined): string | undefined {
  const raw = payload?.metadata?.['encoding'];
  return raw ? Buffer.from(raw).toString() : undefined;
}

describe('Web UI metadata: search attributes, summaries, current details', function () {
  this.timeout(90_000);
  const stack = useTestStack();
  let plain: Client;
  before(async () => {
    plain = await temporalClient();
  });

  it('a charge carries a decoded summary and details, encrypted in history, and shows its phase', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('ui');
    const handle = await stack.client.startCharge({
      chargeId,
      customerId,
      amountMinor: 1999,
      currency: 'EUR',
      initiator: 'merchant',
      refundWindowSeconds: 3600,
    });
    assert.equal((await handle.result()).status, 'succeeded');
    const description = await handle.workflow.describe();
    assert.equal(
      await description.staticSummary(),
      `Charge 19.99 EUR · customer ${customerId} · merchant-initiated`,
    );
    assert.match((await description.staticDetails()) ?? '', new RegExp(`\\*\\*charge\\*\\* ${chargeId}`));
    // The server holds ciphertext only: the summary is a payload like any other.
    const metadata = description.raw.executionConfig?.userMetadata;
    assert.equal(encoding(metadata?.summary), ENCRYPTED_ENCODING);
    assert.equal(encoding(metadata?.details), ENCRYPTED_ENCODING);

    // Current details: the settlement phase (the refund window keeps the workflow open).
    const meta = await handle.workflow.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    assert.match(meta.currentDetails ?? '', /^\*\*settled\*\* · refund window 3600s/);

    // Activities carry encrypted summaries, decoded by a client with the keys.
    const history = await plain.workflow.getHandle(handle.workflowId).fetchHistory();
    const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes);
    assert.ok(scheduled.length > 0);
    for (const e of scheduled) assert.equal(encoding(e.userMetadata?.summary), ENCRYPTED_ENCODING);
    const typed = description.typedSearchAttributes
      .getAll()
      .filter((p) => p.key.name in SEARCH_ATTRIBUTES)
      .map((p) => [p.key.name, p.value]);
    assert.deepEqual(Object.fromEntries(typed), {
      CustomerId: customerId,
      AmountMinor: 1999,
      Currency: 'EUR',
      ChargeStatus: 'succeeded',
    });
    await handle.workflow.terminate('test done');
  });

  it('a registration and a billing run carry summaries; the run shows its progress line', async () => {
    const customerId = await stack.seedCustomer({ register: false });
    const registrationId = stack.uid('uireg');
    const reg = await stack.client.startRegistration({
      registrationId,
      customerId,
      kind: 'debit',
      amountMinor: 4999,
      currency: 'EUR',
      transactionToken: 'ix::test-visa',
    });
    await reg.result();
    assert.equal(
      await (await reg.describe()).staticSummary(),
      `Registration (debit 49.99 EUR) · customer ${customerId}`,
    );
    const runId = stack.uid('uirun');
    const run = await stack.client.startBillingRun({ runId, billingDate: '2020-01-01' });
    await run.result();
    assert.equal(
      await (await run.describe()).staticSummary(),
      `Billing run ${runId} · due on or before 2020-01-01`,
    );
    const meta = await run.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    assert.match(meta.currentDetails ?? '', /^\*\*done\*\* · 0\/0 done · 0 paid/);
  });

  describe('startup check of search attributes', () => {
    let namespace: string;
    let connection: Connection;
    before(async () => {
      const server = await devServer();
      connection = await Connection.connect({ address: server.address });
      namespace = `bare-${Date.now().toString(36)}`;
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('1 day'),
      });
    });
    after(async () => {
      await connection?.close();
    });

    /** A just-registered namespace becomes visible once the server's namespace cache refreshes. */
    async function check(ns: string): Promise<unknown> {
      for (;;) {
        try {
          await assertSearchAttributes(connection, ns);
          return undefined;
        } catch (err) {
          if (err instanceof MissingSearchAttributesError) return err;
          if (!/not found/i.test(String(err))) throw err;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }

    it('passes on a namespace that has them', async () => {
      assert.equal(await check((await devServer()).namespace), undefined);
    });

    it('names every missing attribute and the command that adds it', async () => {
      const err = await check(namespace);
      assert.ok(err instanceof MissingSearchAttributesError);
      assert.deepEqual(
        err.missing.map((m) => m.name),
        Object.keys(SEARCH_ATTRIBUTES),
      );
      assert.ok(
        err.commands.includes(
          `temporal operator search-attribute create --namespace ${namespace} --name ChargeFlags --type KeywordList`,
        ),
      );
      assert.match(err.message, /--name AmountMinor --type Int/);
    });

    for (const command of ['worker', 'webhook']) {
      it(`\`${command}\` refuses to start against it, exit 1 with the commands`, async () => {
        await check(namespace);
        const env = {
          ...process.env,
          TEMPORAL_ADDRESS: (await devServer()).address,
          TEMPORAL_NAMESPACE: namespace,
          DATA_DIR: stack.dataDir,
          WEBHOOK_PORT: '0',
        };
        const out = await new Promise<{ code: number; stderr: string }>((resolve) => {
          execFile(process.execPath, ['--import', 'tsx', CLI, command], { env }, (error, _stdout, stderr) => {
            resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr });
          });
        });
        assert.equal(out.code, 1, out.stderr);
        assert.match(out.stderr, /MissingSearchAttributesError/);
        assert.match(
          out.stderr,
          /temporal operator search-attribute create --namespace \S+ --name ChargeFlags --type KeywordList/,
        );
      });
    }
  });
});
