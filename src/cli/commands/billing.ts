/** `billing run|status|report|schedule` and `subscriptions add|list`: recurring billing for finance teams. */
import { WORKFLOW_TYPES, type BillingRunWorkflow } from '../../contract/workflows.js';
import {
  InvalidIdError,
  SCHEDULE_ID_MAX_LENGTH,
  assertBusinessId,
  billingRunWorkflowId,
  billingScheduleId,
  scheduleIdFrom,
} from '../../ids.js';
import { assertCurrency, formatMoney, fromDecimalString } from '../../money.js';
import type { BillingProgress, BillingRunInput } from '../../contract/messages.js';
import {
  EXIT,
  UsageError,
  command,
  dateFlag,
  intFlag,
  oneOf,
  required,
  table,
  type Command,
  type Group,
} from '../args.js';
import { withPayments, withStore } from '../context.js';
import { printResult } from '../output.js';
import { followProgress } from '../progress.js';

const USAGE = `Usage: ixopay-temporal billing <command> [options]   (billing <command> --help)

  run --run-id ID [--date YYYY-MM-DD] [--concurrency N] [--page-size N] [--currency EUR]
      [--gateway-calls local|activities] [--no-wait]
                            bill every subscription due on or before the date (default today), with a live progress bar;
                            children make their gateway calls as local activities unless --gateway-calls activities
  status <runId>            progress of a run (running or finished)
  report <runId>            the run's report (summary + paths of the JSON and CSV files)
  schedule create --id ID (--cron "0 2 1 * *" | --every 24h) [--concurrency N] [--paused]
  schedule list | pause <id> | resume <id> | delete <id> | trigger <id>
  schedule backfill <id> --from ISO --to ISO   start the runs a paused or down schedule missed (each bills its own day)
Every command takes --json.`;

const EXIT_CODES =
  'Exit codes: 0 done, 2 invalid input (malformed id, unknown run), 1 error (e.g. Temporal unreachable).';

function summaryRows(p: BillingProgress): Record<string, unknown>[] {
  const currencies = new Set([...Object.keys(p.amountsScheduled), ...Object.keys(p.amountsSucceeded)]);
  const money = (m: Record<string, number>, c: string): string =>
    formatMoney({ minor: m[c] ?? 0, currency: assertCurrency(c) });
  return [
    { metric: 'subscriptions charged', value: p.scheduled },
    { metric: 'done', value: p.done },
    { metric: 'succeeded', value: p.succeeded },
    { metric: 'declined', value: p.declined },
    { metric: 'failed', value: p.failed },
    { metric: 'needs action', value: p.needsAction },
    { metric: 'in dunning', value: p.inDunning },
    { metric: 'already billed (skipped)', value: p.alreadyBilled },
    ...[...currencies].map((c) => ({
      metric: `collected ${c}`,
      value: `${money(p.amountsSucceeded, c)} of ${money(p.amountsScheduled, c)}`,
    })),
  ];
}

const runIdOf = (value: string): string => assertBusinessId(value, 'run id');

const run = command({
  usage: `Usage: ixopay-temporal billing run --run-id ID [options]

Bills every active subscription due on or before the billing date, one child charge each (a re-run never bills a
subscription twice for a period), with a live progress bar; prints the summary and the report's paths.
  --run-id ID                     the run's id (1-40 characters of A-Z a-z 0-9 _ -)
  --date YYYY-MM-DD               billing date (default today, UTC)
  --concurrency N                 charges in flight at once (1-2000)
  --page-size N                   subscriptions read per page (1-5000)
  --currency EUR                  only subscriptions in this currency
  --gateway-calls local|activities   how the children call the gateway (default local activities)
  --no-wait                       start and return; follow with 'billing status <runId>'
  --json                          the summary as JSON
${EXIT_CODES}`,
  options: {
    'run-id': { type: 'string' },
    date: { type: 'string' },
    concurrency: { type: 'string' },
    'page-size': { type: 'string' },
    'gateway-calls': { type: 'string' },
    currency: { type: 'string' },
    'no-wait': { type: 'boolean' },
  },
  run: async ({ values }) => {
    const concurrency = intFlag(values.concurrency, 'concurrency', 1, 2000);
    const pageSize = intFlag(values['page-size'], 'page-size', 1, 5000);
    const { BillingRunRequestSchema, parseRequest } = await import('../../contract/requests.js');
    const request = parseRequest(BillingRunRequestSchema, {
      runId: runIdOf(required(values['run-id'], 'run-id')),
      billingDate: dateFlag(values.date, 'date') ?? new Date().toISOString().slice(0, 10),
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(pageSize !== undefined ? { pageSize } : {}),
      ...(values['gateway-calls']
        ? {
            childGatewayCalls: oneOf(
              values['gateway-calls'],
              ['local', 'activities'] as const,
              'gateway-calls',
            ),
          }
        : {}),
      ...(values.currency ? { filters: { currency: assertCurrency(values.currency) } } : {}),
    });
    return withPayments(async (payments) => {
      const handle = await payments.startBillingRun(request);
      if (values['no-wait']) {
        if (values.json) printResult({ runId: request.runId, workflowId: handle.workflowId }, values);
        else console.log(`billing run ${handle.workflowId} started`);
        return EXIT.ok;
      }
      if (!values.json) console.log(`billing run ${handle.workflowId} started`);
      const result = handle.result();
      if (!values.json) await followProgress(() => payments.billingProgress(request.runId), result);
      const final = await result;
      printResult(final, values, () =>
        [
          table(summaryRows(final)),
          ...(final.report ? [`report: ${final.report.json}\n        ${final.report.csv}`] : []),
        ].join('\n'),
      );
      return EXIT.ok;
    });
  },
});

const status = command({
  usage: `Usage: ixopay-temporal billing status <runId> [--json]

A run's progress while it runs, or its final summary.
${EXIT_CODES}`,
  options: {},
  positionals: { min: 1, max: 1, names: '<runId>' },
  run: async ({ values, positionals }) => {
    const runId = runIdOf(positionals[0]!);
    return withPayments(async (payments) => {
      const { WorkflowNotFoundError } = await import('@temporalio/client');
      const description = await payments.temporal.workflow
        .getHandle(billingRunWorkflowId(runId))
        .describe()
        .catch((err: unknown) => {
          if (err instanceof WorkflowNotFoundError) throw new UsageError(`unknown billing run ${runId}`);
          throw err;
        });
      const progress =
        description.status.name === 'RUNNING'
          ? await payments.billingProgress(runId)
          : await payments.billingResult(runId);
      printResult(
        { runId, workflowStatus: description.status.name, progress },
        values,
        () => `${runId}: ${description.status.name} (${progress.phase})\n${table(summaryRows(progress))}`,
      );
      return EXIT.ok;
    });
  },
});

const report = command({
  usage: `Usage: ixopay-temporal billing report <runId> [--json]

The finished run's report from DATA_DIR/reports: its summary and the paths of the JSON and CSV files (one row
per subscription). Reads files only; needs no Temporal server.
${EXIT_CODES}`,
  options: {},
  positionals: { min: 1, max: 1, names: '<runId>' },
  run: async ({ values, positionals }) => {
    const runId = runIdOf(positionals[0]!);
    const [fs, paths, config] = await Promise.all([
      import('node:fs/promises'),
      import('node:path'),
      import('../../config/config.js'),
    ]);
    const dataDir = config.loadConfig(process.env, 'client').dataDir;
    const path = paths.join(dataDir, 'reports', `billing-${runId}.json`);
    let text: string;
    try {
      text = await fs.readFile(path, 'utf8');
    } catch {
      throw new UsageError(`no report for run ${runId} at ${path}`);
    }
    const parsed = JSON.parse(text) as { summary: BillingProgress; items: unknown[] };
    printResult(
      {
        runId,
        summary: parsed.summary,
        rows: parsed.items.length,
        json: path,
        csv: path.replace(/\.json$/, '.csv'),
      },
      values,
      () => `${table(summaryRows(parsed.summary))}\n${parsed.items.length} rows: ${path} (and .csv)`,
    );
    return EXIT.ok;
  },
});

const DURATION = /^[1-9][0-9]*(ms|s|m|h|d)$/;
/** A schedule id short enough that its runs' ids ("<id>-<date>T<time>") are still business ids. */
const scheduleId = (value: string): string => {
  const id = assertBusinessId(value, 'schedule id');
  if (id.length > SCHEDULE_ID_MAX_LENGTH)
    throw new InvalidIdError(
      `schedule id must be at most ${SCHEDULE_ID_MAX_LENGTH} characters (its runs add the date)`,
    );
  return id;
};

/** A schedule action on `billing-<id>`, with the id as the only positional. */
function scheduleAction(name: 'pause' | 'resume' | 'delete' | 'trigger', what: string): Command {
  return command({
    usage: `Usage: ixopay-temporal billing schedule ${name} <id> [--json]

${what}
${EXIT_CODES}`,
    options: {},
    positionals: { min: 1, max: 1, names: '<id>' },
    run: async ({ values, positionals }) => {
      const id = scheduleId(positionals[0]!);
      return withPayments(async (payments) => {
        const { ScheduleOverlapPolicy } = await import('@temporalio/client');
        const handle = payments.temporal.schedule.getHandle(billingScheduleId(id));
        if (name === 'pause') await handle.pause('paused from the CLI');
        else if (name === 'resume') await handle.unpause('resumed from the CLI');
        else if (name === 'delete') await handle.delete();
        else await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
        if (values.json) printResult({ scheduleId: billingScheduleId(id), action: name }, values);
        return EXIT.ok;
      });
    },
  });
}

const scheduleCreate = command({
  usage: `Usage: ixopay-temporal billing schedule create --id ID (--cron "0 2 1 * *" | --every 24h) [options]

Creates the Temporal schedule billing-<id> that starts a billing run at each time (the run's id and billing date
come from the scheduled time; overlapping runs are allowed, missed runs are caught up within a day).
  --id ID            the schedule's id
  --cron EXPR        a cron expression (UTC)
  --every DURATION   an interval: a number with ms, s, m, h or d (e.g. 24h)
  --concurrency N    charges in flight per run (1-2000)
  --paused           create it paused
${EXIT_CODES}`,
  options: {
    id: { type: 'string' },
    cron: { type: 'string' },
    every: { type: 'string' },
    concurrency: { type: 'string' },
    paused: { type: 'boolean' },
  },
  run: async ({ values }) => {
    const id = scheduleId(required(values.id, 'id'));
    if (!values.cron === !values.every) throw new UsageError('give exactly one of --cron or --every');
    if (values.every !== undefined && !DURATION.test(values.every))
      throw new UsageError(
        `--every must be a duration like 24h, 30m or 1d, got ${JSON.stringify(values.every)}`,
      );
    const concurrency = intFlag(values.concurrency, 'concurrency', 1, 2000);
    const input: BillingRunInput = { scheduleId: id, ...(concurrency !== undefined ? { concurrency } : {}) };
    return withPayments(async (payments) => {
      const { ScheduleOverlapPolicy } = await import('@temporalio/client');
      await payments.temporal.schedule.create({
        scheduleId: billingScheduleId(id),
        spec: values.cron
          ? { cronExpressions: [values.cron] }
          : { intervals: [{ every: values.every as never }] },
        action: {
          type: 'startWorkflow',
          workflowType: WORKFLOW_TYPES.billingRun,
          taskQueue: payments.taskQueue,
          args: [input] satisfies Parameters<BillingRunWorkflow>,
          workflowId: billingScheduleId(id),
          staticSummary: `Scheduled billing run of ${id} (${values.cron ?? `every ${values.every}`})`,
          staticDetails: `**schedule** billing-${id}\n\nThe run's id and billing date come from the scheduled time.`,
        },
        // Runs for different days are independent (child ids differ by period) and dunning can outlast the interval.
        policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '1 day' },
        state: { paused: values.paused ?? false, note: 'recurring billing' },
      });
      if (values.json) printResult({ scheduleId: billingScheduleId(id), action: 'create' }, values);
      else console.log(`created schedule billing-${id}`);
      return EXIT.ok;
    });
  },
});

const scheduleList = command({
  usage: `Usage: ixopay-temporal billing schedule list [--json]

The billing schedules: id, paused, next run time, recent runs.
${EXIT_CODES}`,
  options: {},
  run: async ({ values }) =>
    withPayments(async (payments) => {
      const rows: Record<string, unknown>[] = [];
      for await (const s of payments.temporal.schedule.list()) {
        const id = scheduleIdFrom(s.scheduleId);
        if (id === undefined) continue;
        rows.push({
          id,
          paused: s.state.paused,
          next: s.info.nextActionTimes[0]?.toISOString() ?? '-',
          recent: s.info.recentActions.length,
        });
      }
      printResult(rows, values, () => table(rows));
      return EXIT.ok;
    }),
});

const scheduleBackfill = command({
  usage: `Usage: ixopay-temporal billing schedule backfill <id> --from ISO --to ISO [--json]

Starts the runs a paused or down schedule missed between the two times (each bills its own day).
${EXIT_CODES}`,
  options: { from: { type: 'string' }, to: { type: 'string' } },
  positionals: { min: 1, max: 1, names: '<id>' },
  run: async ({ values, positionals }) => {
    const id = scheduleId(positionals[0]!);
    const start = new Date(required(values.from, 'from'));
    const end = new Date(required(values.to, 'to'));
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()))
      throw new UsageError('--from and --to must be ISO dates');
    if (end < start) throw new UsageError('--to must not be before --from');
    return withPayments(async (payments) => {
      const { ScheduleOverlapPolicy } = await import('@temporalio/client');
      await payments.temporal.schedule
        .getHandle(`billing-${id}`)
        .backfill([{ start, end, overlap: ScheduleOverlapPolicy.ALLOW_ALL }]);
      if (values.json) printResult({ scheduleId: billingScheduleId(id), action: 'backfill' }, values);
      return EXIT.ok;
    });
  },
});

const SCHEDULE_USAGE = `Usage: ixopay-temporal billing schedule <create|list|pause|resume|delete|trigger|backfill> [options]

  create --id ID (--cron "0 2 1 * *" | --every 24h) [--concurrency N] [--paused]
  list | pause <id> | resume <id> | delete <id> | trigger <id>
  backfill <id> --from ISO --to ISO   start the runs a paused or down schedule missed
(billing schedule <command> --help)`;

export const billingGroup: Group = {
  usage: USAGE,
  subcommands: {
    run,
    status,
    report,
    schedule: {
      usage: SCHEDULE_USAGE,
      subcommands: {
        create: scheduleCreate,
        list: scheduleList,
        pause: scheduleAction('pause', 'Pauses the schedule: no runs start until it is resumed.'),
        resume: scheduleAction('resume', 'Resumes a paused schedule.'),
        delete: scheduleAction('delete', 'Deletes the schedule (runs it started go on).'),
        trigger: scheduleAction('trigger', 'Starts a run now, whatever the schedule says.'),
        backfill: scheduleBackfill,
      },
    },
  },
};

const SUBS_USAGE = `Usage: ixopay-temporal subscriptions <add|list> [options]   (subscriptions <command> --help)

  add --id ID --customer ID --amount 9.99 --currency EUR [--interval month] [--every N] [--next YYYY-MM-DD]
  list [--customer ID]
Works on the customer store; needs no Temporal server.`;

const SUBS_EXIT = 'Exit codes: 0 done, 2 invalid input (malformed or taken id, unknown customer), 1 error.';

const subscriptionAdd = command({
  usage: `Usage: ixopay-temporal subscriptions add --id ID --customer ID --amount 9.99 --currency EUR [options]

Adds a subscription that billing runs charge every N intervals from the next billing date.
  --interval day|week|month|year   default month
  --every N                        every N intervals (1-366, default 1)
  --next YYYY-MM-DD                first billing date (default today, UTC)
  --json                           the subscription as JSON
${SUBS_EXIT}`,
  options: {
    id: { type: 'string' },
    customer: { type: 'string' },
    amount: { type: 'string' },
    currency: { type: 'string' },
    interval: { type: 'string' },
    every: { type: 'string' },
    next: { type: 'string' },
  },
  run: async ({ values }) => {
    const currency = assertCurrency(required(values.currency, 'currency'));
    const subscription = {
      id: assertBusinessId(required(values.id, 'id'), '--id'),
      customerId: assertBusinessId(required(values.customer, 'customer'), '--customer'),
      amountMinor: fromDecimalString(required(values.amount, 'amount'), currency),
      currency,
      interval: oneOf(values.interval ?? 'month', ['day', 'week', 'month', 'year'] as const, 'interval'),
      intervalCount: intFlag(values.every, 'every', 1, 366) ?? 1,
      nextBillingDate: dateFlag(values.next, 'next') ?? new Date().toISOString().slice(0, 10),
    };
    return withStore(async (store) => {
      const s = await store.addSubscription(subscription);
      printResult(s, values, () => `added subscription ${s.id}, next billing ${s.nextBillingDate}`);
      return EXIT.ok;
    });
  },
});

const subscriptionList = command({
  usage: `Usage: ixopay-temporal subscriptions list [--customer ID] [--json]

Lists subscriptions (all, or one customer's): amount, interval, next billing date, status.
${SUBS_EXIT}`,
  options: { customer: { type: 'string' } },
  run: async ({ values }) => {
    const customer =
      values.customer === undefined ? undefined : assertBusinessId(values.customer, '--customer');
    return withStore(async (store) => {
      const subs = await store.listSubscriptions(customer);
      const rows = subs.map((s) => ({
        id: s.id,
        customer: s.customerId,
        amount: formatMoney({ minor: s.amountMinor, currency: s.currency }),
        every: `${s.intervalCount} ${s.interval}`,
        next: s.nextBillingDate,
        status: s.status,
      }));
      printResult(values.json ? subs : rows, values, () => table(rows));
      return EXIT.ok;
    });
  },
});

export const subscriptionsGroup: Group = {
  usage: SUBS_USAGE,
  subcommands: { add: subscriptionAdd, list: subscriptionList },
};
