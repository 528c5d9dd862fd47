import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import { billingChargeId, workflowIdFor } from '../../src/ids.js';
import { seedSubscriptions, type SeededSubscription } from '../../src/embedded/seed-subscriptions.js';
import { useTestStack } from '../helpers/stack.js';

const DATE = '2026-11-25';
const EventType = temporal.api.enums.v1.EventType;

describe('billing runs', function () {
  this.timeout(120_000);
  const stack = useTestStack();

  /** Debits per subscription for this period, from the simulator's ledger. */
  const debits = (sub: SeededSubscription) =>
    stack.simulator.ledger
      .entriesFor(`c.${billingChargeId(sub.subscriptionId, DATE)}.`)
      .filter((e) => e.type === 'DEBIT');

  async function seed(count: number, amountFor?: (i: number) => number): Promise<SeededSubscription[]> {
    return seedSubscriptions({
      store: stack.store,
      gateway: stack.gateway,
      prefix: stack.uid('b').slice(0, 10),
      count,
      billingDate: DATE,
      ...(amountFor ? { amountFor } : {}),
    });
  }

  it('starts at most childrenPerRun children per run, also within one page', async () => {
    const subs = await seed(5);
    const handle = await stack.client.startBillingRun({
      runId: stack.uid('cap'),
      billingDate: DATE,
      filters: { customerIds: subs.map((s) => s.customerId) },
      pageSize: 10,
      childrenPerRun: 2,
    });
    const result = await handle.result();
    assert.equal(result.succeeded, 5);
    // 2 + 2 + 1 children: two continue-as-new; starting the whole page at once would need only one.
    assert.ok(result.continuedAsNew >= 2, `continued as new ${result.continuedAsNew} times`);
    for (const sub of subs) assert.equal(debits(sub).length, 1);
  });

  it('bills every due subscription once across continue-as-new, with soft and hard declines and dunning', async () => {
    // 2006 = insufficient funds (soft: dunning), 2016 = stolen card (hard: past due at once).
    const subs = await seed(13, (i) => (i === 3 ? 2006 : i === 7 ? 2016 : 500 + i));
    const customerIds = subs.map((s) => s.customerId);
    const runId = stack.uid('run');
    const handle = await stack.client.startBillingRun({
      runId,
      billingDate: DATE,
      filters: { customerIds },
      concurrency: 3,
      pageSize: 4,
      childrenPerRun: 5,
      dunningDelaysSeconds: [1, 2],
    });
    const result = await handle.result();
    assert.equal(result.phase, 'done');
    assert.equal(result.scheduled, 13);
    assert.equal(result.done, 13);
    assert.equal(result.succeeded, 11);
    assert.equal(result.declined, 2);
    assert.equal(result.inDunning, 0);
    assert.ok(result.continuedAsNew >= 2, `continued as new ${result.continuedAsNew} times`);
    assert.equal(
      result.amountsSucceeded['EUR'],
      subs.filter((_, i) => i !== 3 && i !== 7).reduce((a, s) => a + s.amountMinor, 0),
    );

    // Exactly-once per (subscription, period, attempt), and progress equals the ledger.
    for (const [i, sub] of subs.entries()) {
      const entries = debits(sub);
      const expected = i === 3 ? 3 : 1; // soft decline: first attempt + 2 dunning retries
      assert.equal(entries.length, expected, `${sub.subscriptionId} debits`);
      assert.equal(new Set(entries.map((e) => e.merchantTransactionId)).size, entries.length);
    }
    const ledgerSucceeded = subs.filter((s) => debits(s).some((e) => e.status === 'SUCCESS')).length;
    assert.equal(ledgerSucceeded, result.succeeded);

    // Paid subscriptions advanced once; declined ones are past due.
    for (const [i, sub] of subs.entries()) {
      const s = await stack.store.requireSubscription(sub.subscriptionId);
      if (i === 3 || i === 7) assert.equal(s.status, 'past_due');
      else assert.equal(s.nextBillingDate, '2026-12-25');
    }

    // The report lists every subscription, as JSON and CSV.
    assert.ok(result.report);
    const report = JSON.parse(readFileSync(result.report.json, 'utf8')) as { items: unknown[] };
    assert.equal(report.items.length, 13);
    const csv = readFileSync(result.report.csv, 'utf8').trim().split('\n');
    assert.equal(csv.length, 14);
    assert.match(csv.find((l) => l.startsWith(subs[7]!.subscriptionId)) ?? '', /declined.*true.*2016/);

    // Running it again, under the same or a new run id, charges nobody.
    const again = await stack.client.startBillingRun({ runId, billingDate: DATE, filters: { customerIds } });
    assert.equal((await again.result()).succeeded, 11);
    const rerun = await stack.client.startBillingRun({
      runId: stack.uid('rerun'),
      billingDate: DATE,
      filters: { customerIds },
    });
    const rerunResult = await rerun.result();
    assert.equal(rerunResult.scheduled, 0);
    for (const [i, sub] of subs.entries()) assert.equal(debits(sub).length, i === 3 ? 3 : 1);
  });

  it('children call the gateway as local activities by default, or as activity tasks when asked', async () => {
    const subs = await seed(4);
    const eventTypes = async (sub: SeededSubscription): Promise<string[]> => {
      const id = workflowIdFor('charge', billingChargeId(sub.subscriptionId, DATE));
      const history = await stack.client.temporal.workflow.getHandle(id).fetchHistory();
      return (history.events ?? []).map((e) => EventType[e.eventType ?? 0] ?? '');
    };
    for (const [mode, some] of [
      ['local', subs.slice(0, 2)],
      ['activities', subs.slice(2)],
    ] as const) {
      const handle = await stack.client.startBillingRun({
        runId: stack.uid(mode),
        billingDate: DATE,
        filters: { customerIds: some.map((s) => s.customerId) },
        ...(mode === 'activities' ? { childGatewayCalls: mode } : {}),
      });
      assert.equal((await handle.result()).succeeded, 2);
      for (const sub of some) {
        assert.equal(debits(sub).length, 1);
        const types = await eventTypes(sub);
        const scheduled = types.filter((t) => t === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED').length;
        const markers = types.filter((t) => t === 'EVENT_TYPE_MARKER_RECORDED').length;
        // authenticate, fetchProfile and keeping the outcome in the store are always local; the debit follows
        // the mode (activities mode: the markers are those three, the gateway-reads-local, the
        // charge-money-sweep, the charge-outcome-stored and the billing-report-by-result patches; local mode:
        // the debit instead of gateway-reads-local).
        assert.deepEqual(
          [scheduled, markers],
          mode === 'local' ? [0, 7] : [1, 7],
          `${mode}: ${types.join(' ')}`,
        );
        // A child that closes at once sends the run no report: the run settles it from its result.
        assert.ok(
          !types.includes('EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED'),
          types.join(' '),
        );
      }
    }
  });

  it('starting the same run twice at once charges each subscription once', async () => {
    const subs = await seed(8);
    const request = {
      runId: stack.uid('twice'),
      billingDate: DATE,
      filters: { customerIds: subs.map((s) => s.customerId) },
      concurrency: 4,
    };
    const [a, b] = await Promise.all([
      stack.client.startBillingRun(request),
      stack.client.startBillingRun(request),
    ]);
    assert.equal(a.workflowId, b.workflowId);
    const [ra, rb] = await Promise.all([a.result(), b.result()]);
    assert.deepEqual(ra, rb);
    for (const sub of subs) assert.equal(debits(sub).length, 1);
  });

  it('completes after the worker dies mid-run, one charge each', async () => {
    const subs = await seed(12);
    stack.simulator.faults.set({ latencyMs: 150 });
    try {
      const handle = await stack.client.startBillingRun({
        runId: stack.uid('crash'),
        billingDate: DATE,
        filters: { customerIds: subs.map((s) => s.customerId) },
        concurrency: 2,
        pageSize: 5,
      });
      for (;;) {
        const progress = await stack.client
          .billingProgress(handle.workflowId.replace(/^billing-/, ''))
          .catch(() => undefined);
        if (progress && progress.done >= 3) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await stack.stopWorker();
      await new Promise((r) => setTimeout(r, 500));
      await stack.startWorker();
      const result = await handle.result();
      assert.equal(result.succeeded, 12);
      for (const sub of subs) assert.equal(debits(sub).length, 1);
    } finally {
      stack.simulator.faults.reset();
    }
  });
});
