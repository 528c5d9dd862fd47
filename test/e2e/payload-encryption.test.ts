import { defaultPayloadConverter } from '@temporalio/common';
import { strict as assert } from 'node:assert';
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { EncryptionCodec } from '../../src/codec/index.js';
import { useTestStack } from '../helpers/stack.js';
import { temporalClient } from '../helpers/temporal.js';

const AMOUNT = 4271;
const LOCAL_ACTIVITY_MARKER_KEYS = new Set([
  'seq',
  'attempt',
  'activity_id',
  'activity_type',
  'complete_time',
  'backoff',
  'original_schedule_time',
  // Patch markers (workflow versioning): the patch id and whether it is deprecated.
  'id',
  'deprecated',
  // W3C trace context in headers (OpenTelemetry): ids only, never data.
  'traceparent',
  'tracestate',
]);

interface Found {
  readonly texts: string[];
  readonly payloads: Payload[];
  readonly failureMessages: string[];
}

/** Every string, byte array, payload and failure message of a history, search attributes left out. */
function collect(value: unknown, found: Found = { texts: [], payloads: [], failureMessages: [] }): Found {
  if (value instanceof Uint8Array) found.texts.push(Buffer.from(value).toString('latin1'));
  else if (typeof value === 'string') found.texts.push(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, found);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record['data'] instanceof Uint8Array && record['metadata']) found.payloads.push(record);
    if (typeof record['message'] === 'string' && 'stackTrace' in record)
      found.failureMessages.push(record['message']);
    for (const [key, v] of Object.entries(record)) {
      // Search attributes stay clear by design: ids, amount and currency to filter by, no personal data.
      if (key !== 'searchAttributes') collect(v, found);
    }
  }
  return found;
}

describe('payload encryption in workflow history', function () {
  this.timeout(90_000);
  const stack = useTestStack();
  let plain: Client;
  before(async () => {
    plain = await temporalClient();
  });

  it('stores only ciphertext: no payment token, customer id, amount or failure message in clear', async () => {
    const customerId = await stack.seedCustomer();
    const disabled = await stack.seedCustomer();
    await stack.store.setStatus(disabled, 'disabled');
    const paid = stack.uid('enc');
    const pending = stack.uid('enc');
    const refused = stack.uid('enc');
    const results = await Promise.all([
      stack.client.chargeAndWait({
        chargeId: paid,
        customerId,
        amountMinor: AMOUNT,
        currency: 'EUR',
        initiator: 'customer',
        sessionProof: stack.sessionProof(customerId, paid),
      }),
      // PENDING, completed by the gateway's callback: the webhook's signal is encrypted too.
      (await stack.startPendingCharge(customerId, pending)).result(),
      stack.client.chargeAndWait({
        chargeId: refused,
        customerId: disabled,
        amountMinor: AMOUNT,
        currency: 'EUR',
        initiator: 'merchant',
      }),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['succeeded', 'succeeded', 'failed'],
    );
    const token = results[0].paymentToken!;
    assert.match(token, /^pt::/);
    const codec = new EncryptionCodec(stack.payloadKeys);

    for (const [chargeId, customer] of [
      [paid, customerId],
      [pending, customerId],
      [refused, disabled],
    ] as const) {
      const handle = plain.workflow.getHandle(`charge-${chargeId}`);
      const raw = collect(await handle.fetchHistory());
      assert.ok(raw.payloads.length >= 3, `${chargeId}: ${raw.payloads.length} payloads found`);
      for (const payload of raw.payloads) {
        const encoding = Buffer.from(payload.metadata!['encoding']!).toString();
        if (encoding === 'binary/encrypted') continue;
        // The SDK core's own marker data (local activities: sequence, type, times; patches: id) and trace headers
        // never pass a codec.
        const keys = Object.keys(JSON.parse(Buffer.from(payload.data!).toString()) as object);
        assert.ok(
          keys.every((k) => LOCAL_ACTIVITY_MARKER_KEYS.has(k)),
          `${chargeId}: a payload in clear that is not local-activity marker data: ${keys.join()}`,
        );
      }
      for (const secret of ['pt::', token, customer, 'is disabled']) {
        assert.ok(
          !raw.texts.some((t) => t.includes(secret)),
          `${chargeId}: history holds ${secret} in clear`,
        );
      }
      // The amount as a number of its own: "4271" inside a uuid ("…-4271-…") or a hex request id is no amount.
      for (const amount of [String(AMOUNT), '42.71']) {
        const standalone = new RegExp(`(?<![\\w.-])${amount.replace('.', '\\.')}(?![\\w-])`);
        const hit = raw.texts.find((t) => standalone.test(t));
        assert.equal(hit, undefined, `${chargeId}: history holds the amount ${amount} in clear`);
      }
      // The refusal's message and stack sit encrypted in the failure's encodedAttributes. (Other failures may
      // be the server's own, e.g. UnhandledCommand when a signal races a workflow task: no data in them.)
      if (chargeId === refused)
        assert.ok(raw.failureMessages.includes('Encoded failure'), raw.failureMessages.join());

      // The same scan over the decrypted payloads finds them: the scan above could fail.
      const decoded = collect(await codec.decode(raw.payloads)).texts.join('\n');
      assert.ok(decoded.includes(customer), `${chargeId}: decoded payloads name the customer`);
      assert.ok(decoded.includes(String(AMOUNT)) || chargeId === pending);
      if (chargeId === refused) assert.match(decoded, /is disabled/);

      // Search attributes stay readable without the key (the memo does not: it is encrypted too).
      const raw2 = await plain.workflowService.describeWorkflowExecution({
        namespace: 'default',
        execution: { workflowId: `charge-${chargeId}` },
      });
      const info = raw2.workflowExecutionInfo!;
      const customerAttr = info.searchAttributes!.indexedFields!['CustomerId']!;
      // A typed Keyword attribute is stored as a single value.
      assert.deepEqual(defaultPayloadConverter.fromPayload(customerAttr), customer);
      const memo = info.memo!.fields!['charge']!;
      assert.equal(Buffer.from(memo.metadata!['encoding']!).toString(), 'binary/encrypted');
    }
    const decodedPaid = collect(
      await codec.decode(collect(await plain.workflow.getHandle(`charge-${paid}`).fetchHistory()).payloads),
    ).texts.join('\n');
    assert.ok(decodedPaid.includes(token), 'the decrypted history holds the token used');
  });
});
