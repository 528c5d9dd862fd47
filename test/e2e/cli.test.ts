import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scheduledRunId } from '../../src/ids.js';
import type { billingRun } from '../../src/workflows/index.js';
import type { BillingRunResult } from '../../src/contract/messages.js';
import { runCli } from '../helpers/cli.js';
import { useTestStack } from '../helpers/stack.js';

describe('ixopay-temporal CLI', function () {
  this.timeout(90_000);
  const stack = useTestStack();

  const cli = (...args: string[]) => runCli(stack, args);

  async function scheduleListed(scheduleId: string): Promise<boolean> {
    for await (const s of stack.temporal.schedule.list()) if (s.scheduleId === scheduleId) return true;
    return false;
  }

  it('prints help and refuses unknown commands with exit code 2', async () => {
    const help = await cli('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /billing run\|status\|report\|schedule/);
    assert.equal((await cli('frobnicate')).code, 2);
    assert.equal((await cli('charge', '--help')).code, 0);
  });

  it('adds and lists customers without showing personal data', async () => {
    const id = stack.uid('clic');
    assert.equal(
      (await cli('customers', 'add', '--id', id, '--email', `${id}@example.org`, '--mandate', 'm-1')).code,
      0,
    );
    const list = await cli('customers', 'list', '--limit', '1000');
    assert.equal(list.code, 0);
    assert.match(list.stdout, new RegExp(id));
    assert.doesNotMatch(list.stdout, /@example\.org/);
  });

  it('charges a stored profile: 0 on success, 3 on a decline, 2 on a malformed amount with nothing charged', async () => {
    const customerId = await stack.seedCustomer();
    const ok = await cli(
      'charge',
      '--charge-id',
      stack.uid('cli'),
      '--customer',
      customerId,
      '--amount',
      '12.34',
      '--currency',
      'EUR',
      '--json',
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { status: string }).status, 'succeeded');

    const declinedId = stack.uid('cli');
    const declined = await cli(
      'charge',
      '--charge-id',
      declinedId,
      '--customer',
      customerId,
      '--amount',
      '20.06',
      '--currency',
      'EUR',
    );
    assert.equal(declined.code, 3);
    const status = await cli('status', declinedId);
    assert.equal(status.code, 0);
    assert.match(status.stdout, /^status\s+declined$/m); // a table by default

    const badId = stack.uid('cli');
    const bad = await cli(
      'charge',
      '--charge-id',
      badId,
      '--customer',
      customerId,
      '--amount',
      '12.345',
      '--currency',
      'EUR',
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /decimals/);
    assert.deepEqual(stack.simulator.ledger.entriesFor(`c.${badId}.`), []);
  });

  it('status takes the chargeId or the workflow id that charge --no-wait prints; --show-tokens unmasks', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('cliw');
    const started = await cli(
      'charge',
      '--charge-id',
      chargeId,
      '--customer',
      customerId,
      '--amount',
      '4.56',
      '--currency',
      'EUR',
      '--no-wait',
    );
    assert.equal(started.code, 0, started.stderr);
    const workflowId = started.stdout.trim();
    assert.equal(workflowId, `charge-${chargeId}`);
    await stack.client.charge(chargeId).result();
    const byWorkflowId = await cli('status', workflowId, '--json');
    const byChargeId = await cli('status', chargeId, '--json');
    assert.equal(byWorkflowId.code, 0, byWorkflowId.stderr);
    assert.equal(byChargeId.code, 0, byChargeId.stderr);
    const view = JSON.parse(byWorkflowId.stdout) as {
      chargeId: string;
      status: string;
      result: { paymentToken: string };
    };
    assert.equal(view.chargeId, chargeId);
    assert.equal(view.status, 'succeeded');
    assert.deepEqual(JSON.parse(byChargeId.stdout), view);
    assert.match(view.result.paymentToken, /^pt::….{4}$/);
    const shown = await cli('status', chargeId, '--json', '--show-tokens');
    assert.match((JSON.parse(shown.stdout) as typeof view).result.paymentToken, /^pt::[^…]+$/);
    const unknown = await cli('status', `charge-${stack.uid('nope')}`);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown charge/);
  });

  it('charge --timeout leaves a waiting charge running, exits 4 and says how to follow it', async () => {
    const customerId = await stack.seedCustomer();
    const chargeId = stack.uid('clito');
    // 33.33: the simulator answers REDIRECT (3-D Secure) and the customer never comes back.
    const run = await cli(
      'charge',
      '--charge-id',
      chargeId,
      '--customer',
      customerId,
      '--amount',
      '33.33',
      '--currency',
      'EUR',
      '--timeout',
      '2',
      '--json',
    );
    try {
      assert.equal(run.code, 4, run.stderr);
      assert.match(run.stderr, new RegExp(`still running .*ixopay-temporal status ${chargeId}`));
      const out = JSON.parse(run.stdout) as { status: string; workflowId: string; phase: string };
      assert.equal(out.status, 'running');
      assert.equal(out.workflowId, `charge-${chargeId}`);
      const status = await cli('status', chargeId);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /^workflowStatus\s+RUNNING$/m);
    } finally {
      await stack.temporal.workflow.getHandle(`charge-${chargeId}`).terminate('test done');
    }
  });

  it('takes the session proof from stdin or a file and masks payment tokens in charge and status output', async () => {
    const customerId = await stack.seedCustomer();
    const args = (chargeId: string, ...more: string[]) =>
      [
        'charge',
        '--charge-id',
        chargeId,
        '--customer',
        customerId,
        '--amount',
        '3.21',
        '--currency',
        'EUR',
      ].concat(['--initiator', 'customer'], more);
    const viaStdin = stack.uid('clip');
    const ran = await runCli(
      stack,
      args(viaStdin, '--session-proof-file', '-', '--json'),
      stack.sessionProof(customerId, viaStdin),
    );
    assert.equal(ran.code, 0, ran.stderr);
    const result = JSON.parse(ran.stdout) as { status: string; paymentToken?: string };
    assert.equal(result.status, 'succeeded');
    assert.match(result.paymentToken ?? '', /^pt::….{4}$/);
    assert.doesNotMatch(ran.stdout, /pt::[^…]/);
    const status = await cli('status', viaStdin);
    assert.equal(status.code, 0, status.stderr);
    assert.doesNotMatch(status.stdout, /pt::[^…]/);

    const viaDash = stack.uid('clip');
    const dash = await runCli(
      stack,
      args(viaDash, '--session-proof', '-'),
      `${stack.sessionProof(customerId, viaDash)}\n`,
    );
    assert.equal(dash.code, 0, dash.stderr);

    const viaFile = stack.uid('clip');
    const file = join(stack.dataDir, `${viaFile}.proof`);
    writeFileSync(file, stack.sessionProof(customerId, viaFile));
    assert.equal((await cli(...args(viaFile, '--session-proof-file', file))).code, 0);
    const missing = await cli(
      ...args(stack.uid('clip'), '--session-proof-file', join(stack.dataDir, 'none')),
    );
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the session proof/);
  });

  it('runs, reports and schedules billing runs', async () => {
    const runId = stack.uid('clirun');
    const run = await cli('billing', 'run', '--run-id', runId, '--date', '2026-11-25');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /subscriptions charged/);
    assert.equal((await cli('billing', 'status', runId)).code, 0);
    const report = await cli('billing', 'report', runId);
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stdout, /0 rows/);

    const scheduleId = stack.uid('sched');
    assert.equal(
      (await cli('billing', 'schedule', 'create', '--id', scheduleId, '--every', '24h', '--paused')).code,
      0,
    );
    // Schedule listing reads visibility, which a real cluster updates asynchronously: wait until it is indexed.
    for (let i = 0; i < 100 && !(await scheduleListed(scheduleId)); i++)
      await new Promise((r) => setTimeout(r, 200));
    assert.match((await cli('billing', 'schedule', 'list')).stdout, new RegExp(scheduleId));
    assert.equal((await cli('billing', 'schedule', 'trigger', scheduleId)).code, 0);
    // The triggered run names itself after the schedule, the day and the time it was meant for (a second run
    // the same day gets its own id and report).
    const today = new Date().toISOString().slice(0, 10);
    let progress: BillingRunResult | undefined;
    let scheduledAt: Date | undefined;
    const prefix = `billing-${scheduleId}-`;
    for (let i = 0; i < 100 && !progress; i++) {
      for await (const wf of stack.temporal.workflow.list({ query: `WorkflowType = 'billingRun'` })) {
        if (!wf.workflowId.startsWith(prefix)) continue;
        scheduledAt = new Date(wf.workflowId.slice(prefix.length));
        progress = await stack.temporal.workflow.getHandle<typeof billingRun>(wf.workflowId).result();
      }
      if (!progress) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(scheduledAt && !Number.isNaN(scheduledAt.getTime()), 'the run of the schedule was found');
    assert.equal(progress?.runId, scheduledRunId(scheduleId, scheduledAt, today));
    assert.match(progress?.runId ?? '', new RegExp(`^${scheduleId}-${today}(T[0-9]{4,6})?$`));
    assert.equal(progress?.billingDate, today);
    assert.equal((await cli('billing', 'schedule', 'pause', scheduleId)).code, 0);
    assert.equal((await cli('billing', 'schedule', 'delete', scheduleId)).code, 0);
  });
});
