/**
 * Records the workflow histories that test/replay/histories.test.ts replays: runs each scenario on the embedded
 * test stack (in-memory dev server, simulator, worker with the development payload key) and writes
 * test/fixtures/histories/<package version>/<name>.json. Run it for every release (docs/deploys.md); the
 * histories of earlier releases are never re-recorded, and a fixture that exists is kept unless --overwrite.
 *
 *   npx tsx scripts/record-histories.ts            # every scenario
 *   npx tsx scripts/record-histories.ts charge-dunning billing-run-first …
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { billingChargeId, followUpWorkflowId, workflowIdFor } from '../src/ids.js';
import { installRuntime } from '../src/observability/runtime.js';
import { waitFor } from '../src/embedded/wait-for.js';
import { startTestStack } from '../test/helpers/stack.js';
import { testLogger } from '../test/helpers/observability.js';
import { stopTemporal } from '../test/helpers/temporal.js';
import { versionDir, type HistoryFixture } from '../test/replay/history-fixtures.js';
import { historyToJson } from '../test/replay/history-json.js';
import { packageVersion } from '../src/temporal/deployment.js';
import {
  BILLING_DATE,
  billingScenario,
  expect,
  ScenarioError,
  SCENARIOS_SINCE_0_2_0,
  type Scenario,
} from './history-scenarios.js';

const EventType = proto.temporal.api.enums.v1.EventType;
type History = proto.temporal.api.history.v1.IHistory;

const SCENARIOS_SINCE_0_1_0: readonly Scenario[] = [
  {
    names: ['charge-success'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      const chargeId = stack.uid('ok');
      const handle = await stack.client.startCharge({
        chargeId,
        customerId,
        amountMinor: 1999,
        currency: 'EUR',
        initiator: 'merchant',
      });
      const result = await handle.workflow.result();
      expect(result.status === 'succeeded', `charge-success: ${result.status}`);
      return { 'charge-success': { workflowId: handle.workflowId } };
    },
  },
  {
    names: ['charge-pending-callback'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      const handle = await stack.startPendingCharge(customerId, stack.uid('pend'));
      const result = await handle.workflow.result();
      const state = await handle.state();
      expect(result.status === 'succeeded', `charge-pending-callback: ${result.status}`);
      expect(state.callbacksSeen > 0, 'charge-pending-callback: no callback was taken');
      return { 'charge-pending-callback': { workflowId: handle.workflowId } };
    },
  },
  {
    names: ['charge-dunning'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      const handle = await stack.client.startCharge({
        chargeId: stack.uid('dun'),
        customerId,
        amountMinor: 2006, // the simulator's "insufficient funds" (2006, a soft decline)
        currency: 'EUR',
        initiator: 'merchant',
        dunning: { retryDelaysSeconds: [1, 1] },
      });
      const result = await handle.workflow.result();
      expect(
        result.status === 'declined' && result.attempts === 3,
        `charge-dunning: ${JSON.stringify(result)}`,
      );
      return { 'charge-dunning': { workflowId: handle.workflowId } };
    },
  },
  {
    names: ['charge-capture-refund'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      const handle = await stack.client.startCharge({
        chargeId: stack.uid('cap'),
        customerId,
        amountMinor: 5000,
        currency: 'EUR',
        initiator: 'merchant',
        mode: 'preauthorize',
        refundWindowSeconds: 30,
      });
      expect((await handle.result()).status === 'succeeded', 'charge-capture-refund: not authorized');
      expect((await handle.capture(4000)).captured === true, 'charge-capture-refund: not captured');
      expect((await handle.refund(1500)).refundedMinor === 1500, 'charge-capture-refund: first refund');
      // Refunding what is left closes the refund window at once.
      const final = await handle.refund(2500);
      expect(final.refundedMinor === 4000, 'charge-capture-refund: second refund');
      await handle.workflow.result();
      return { 'charge-capture-refund': { workflowId: handle.workflowId } };
    },
  },
  {
    names: ['billing-run-first', 'billing-run-last', 'billing-child-dunning'],
    async run(stack) {
      const { subs, handle, result, runs } = await billingScenario(
        stack,
        { prefix: 'r', count: 5, amountFor: (i) => (i === 0 ? 2006 : 999 + i) },
        { pageSize: 2, childrenPerRun: 2, dunningDelaysSeconds: [1] },
      );
      expect(result.done === 5 && result.continuedAsNew >= 2, `billing run: ${JSON.stringify(result)}`);
      expect(runs.length >= 3, `billing run: ${runs.length} runs`);
      const dunned = subs[0]!;
      return {
        'billing-run-first': { workflowId: handle.workflowId, runId: runs[0] },
        'billing-run-last': { workflowId: handle.workflowId, runId: runs[runs.length - 1] },
        'billing-child-dunning': {
          workflowId: workflowIdFor('charge', billingChargeId(dunned.subscriptionId, BILLING_DATE)),
        },
      };
    },
  },
  {
    // Since billing-report-by-result / billing-carried-lookup: children send no final report; the run settles
    // them from their results and, after continue-as-new, by looking up the children it carried over.
    names: ['billing-by-result-run-last', 'billing-by-result-child'],
    async run(stack) {
      const { subs, handle, result, runs } = await billingScenario(
        stack,
        { prefix: 'q', count: 4 },
        { pageSize: 2, childrenPerRun: 2, concurrency: 2 },
      );
      expect(result.done === 4 && result.succeeded === 4, `billing run: ${JSON.stringify(result)}`);
      expect(runs.length >= 2, `billing run: ${runs.length} runs`);
      return {
        'billing-by-result-run-last': { workflowId: handle.workflowId, runId: runs[runs.length - 1] },
        'billing-by-result-child': {
          workflowId: workflowIdFor('charge', billingChargeId(subs[0]!.subscriptionId, BILLING_DATE)),
        },
      };
    },
  },
  {
    names: ['charge-follow-up'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      const chargeId = stack.uid('cb');
      const result = await stack.client.chargeAndWait({
        chargeId,
        customerId,
        amountMinor: 1500,
        currency: 'EUR',
        initiator: 'merchant',
      });
      expect(result.status === 'succeeded', `charge-follow-up: charge ${result.status}`);
      stack.simulator.events.chargeback({ merchantTransactionId: `c.${chargeId}.d1`, reason: 'fraud' });
      await waitFor(async () => {
        const f = await stack.client.followUp(chargeId);
        return f?.status === 'charged-back' ? f : undefined;
      }, 60_000);
      // Still open (it waits out the chargeback window): its history so far replays as it is.
      return { 'charge-follow-up': { workflowId: followUpWorkflowId(chargeId) } };
    },
  },
  {
    names: ['register-customer'],
    async run(stack) {
      const customerId = await stack.seedCustomer({ register: false });
      const registrationId = stack.uid('reg');
      const result = await stack.client.registerCustomer({
        registrationId,
        customerId,
        kind: 'debit',
        amountMinor: 4999,
        currency: 'EUR',
        transactionToken: 'ix::test-visa',
      });
      expect(result.status === 'succeeded', `register-customer: ${result.status}`);
      return { 'register-customer': { workflowId: workflowIdFor('register', registrationId) } };
    },
  },
  {
    // Since the charge-money-sweep patch: a local-call charge whose d1 answers 3003 and settles during the
    // retry wait; it adopts d1 (confirmed with the status API) and looks up d2, the id it would have sent next.
    names: ['charge-sweep-late-settle-local'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      stack.simulator.faults.script([
        { fault: 'late-settle', operation: 'debit', reply: 'error', errorCode: 3003, settleAfterMs: 1500 },
      ]);
      const handle = await stack.client.startCharge({
        chargeId: stack.uid('sweep'),
        customerId,
        amountMinor: 2500,
        currency: 'EUR',
        initiator: 'merchant',
        gatewayCalls: 'local',
      });
      const result = await handle.workflow.result();
      expect(
        result.status === 'succeeded' && result.merchantTransactionId?.endsWith('.d1') === true,
        `charge-sweep-late-settle-local: ${JSON.stringify(result)}`,
      );
      return { 'charge-sweep-late-settle-local': { workflowId: handle.workflowId } };
    },
  },
  {
    // Since the charge-money-sweep patch: a PENDING debit completed by callback, confirmed with the status API.
    names: ['charge-sweep-pending-callback'],
    async run(stack) {
      const customerId = await stack.seedCustomer();
      const handle = await stack.startPendingCharge(customerId, stack.uid('spend'));
      const result = await handle.workflow.result();
      expect(result.status === 'succeeded', `charge-sweep-pending-callback: ${result.status}`);
      return { 'charge-sweep-pending-callback': { workflowId: handle.workflowId } };
    },
  },
];

const SCENARIOS: readonly Scenario[] = [...SCENARIOS_SINCE_0_1_0, ...SCENARIOS_SINCE_0_2_0];

/** True when no workflow task is scheduled or running: the history ends at a point the worker finished. */
function atRest(history: History): boolean {
  const tasks = (history.events ?? []).filter(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED ||
      e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED ||
      e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  );
  return tasks.at(-1)?.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
}

async function fixtureOf(
  handle: WorkflowHandle,
  name: string,
  runId: string | undefined,
): Promise<HistoryFixture & { runId: string }> {
  const description = await handle.describe();
  const history = await waitFor(async () => {
    const h = await handle.fetchHistory();
    return description.status.name !== 'RUNNING' || atRest(h) ? h : undefined;
  });
  return {
    name,
    workflowId: handle.workflowId,
    workflowType: description.type,
    runId: runId ?? description.runId,
    history: historyToJson(history) as HistoryFixture['history'],
  };
}

async function main(): Promise<void> {
  const overwrite = process.argv.includes('--overwrite');
  const wanted = process.argv.slice(2).filter((a) => a !== '--overwrite');
  const dir = versionDir(packageVersion());
  const known = SCENARIOS.flatMap((s) => s.names);
  const unknown = wanted.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new ScenarioError(`unknown history ${unknown.join(', ')}; known: ${known.join(', ')}`);
  }
  const scenarios = SCENARIOS.filter((s) => wanted.length === 0 || s.names.some((n) => wanted.includes(n)));
  installRuntime({ logger: testLogger }); // only errors are printed
  const stack = await startTestStack();
  try {
    mkdirSync(dir, { recursive: true });
    for (const scenario of scenarios) {
      const recorded = await scenario.run(stack);
      for (const [name, { workflowId, runId }] of Object.entries(recorded)) {
        if (wanted.length > 0 && !wanted.includes(name)) continue;
        const file = join(dir, `${name}.json`);
        if (existsSync(file) && !overwrite) {
          console.log(`${name}: kept ${file} (recorded before; --overwrite replaces it)`);
          continue;
        }
        const { name: _name, ...fixture } = await fixtureOf(
          stack.temporal.workflow.getHandle(workflowId, runId),
          name,
          runId,
        );
        writeFileSync(file, `${JSON.stringify(fixture)}\n`);
        console.log(`${name}: ${fixture.history.events.length} events → ${file}`);
      }
    }
  } finally {
    await stack.stop();
    await stopTemporal();
  }
}

await main();
