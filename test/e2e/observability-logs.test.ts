import { strict as assert } from 'node:assert';
import { SIMULATOR_DEFAULTS } from '../../src/simulator/index.js';
import { waitFor } from '../../src/embedded/wait-for.js';
import { captureLogs } from '../helpers/observability.js';
import { useTestStack } from '../helpers/stack.js';

describe('structured logs of a charge', function () {
  this.timeout(60_000);
  const stack = useTestStack();

  it('writes JSON lines carrying chargeId, workflowId, runId and attempt, and nothing secret', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('logs');
    const sessionProof = stack.sessionProof(customerId, chargeId);
    const capture = captureLogs();
    let paymentToken: string;
    try {
      const charge = await stack.client.startCharge({
        chargeId,
        customerId,
        amountMinor: 1234,
        currency: 'EUR',
        initiator: 'customer',
        sessionProof,
      });
      const result = await charge.result();
      assert.equal(result.status, 'succeeded');
      paymentToken = result.paymentToken!;
      // Workflow lines leave the sandbox through a sink after each activation: wait for the last one.
      await waitFor(() =>
        Promise.resolve(
          capture.lines.some((l) => l.includes('charge finished') && l.includes(chargeId)) ? true : undefined,
        ),
      );
    } finally {
      capture.stop();
    }

    const entries = capture.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of entries) {
      assert.equal(typeof entry['ts'], 'string');
      assert.ok(!Number.isNaN(Date.parse(entry['ts'] as string)));
      assert.match(entry['level'] as string, /^(trace|debug|info|warn|error)$/);
      assert.equal(typeof entry['msg'], 'string');
    }

    const mine = entries.filter((e) => e['chargeId'] === chargeId);
    const messages = (component: string) =>
      mine.filter((e) => e['sdkComponent'] === component).map((e) => e['msg']);
    assert.ok(messages('workflow').includes('charge started'), JSON.stringify(messages('workflow')));
    assert.ok(messages('workflow').includes('charge finished'));
    assert.ok(messages('activity').includes('customer authenticated'), JSON.stringify(messages('activity')));
    assert.ok(messages('activity').includes('sending debit'));
    assert.ok(messages('activity').includes('gateway transaction'));
    for (const entry of mine) {
      assert.equal(entry['workflowId'], `charge-${chargeId}`, JSON.stringify(entry));
      assert.match(String(entry['runId']), /^[0-9a-f-]{36}$/, JSON.stringify(entry));
      assert.equal(typeof entry['attempt'], 'number', JSON.stringify(entry));
    }
    const finished = mine.find((e) => e['msg'] === 'charge finished')!;
    assert.equal(finished['status'], 'succeeded');

    const text = capture.lines.join('\n');
    const hmac = sessionProof.split('.').pop()!;
    assert.ok(!text.includes(`${customerId}@example.org`), 'an email address was logged');
    assert.ok(!text.includes(paymentToken), 'a full payment token was logged');
    assert.ok(text.includes(`pt::…${paymentToken.slice(-4)}`), 'the debit line shows the masked token');
    assert.ok(!text.includes(hmac), 'a session proof was logged');
    assert.ok(!text.includes(SIMULATOR_DEFAULTS.sharedSecret), 'the gateway shared secret was logged');
    assert.ok(!text.includes(stack.sessionProofSecrets[0]!), 'the session-proof secret was logged');
  });
});
