/** `billing run|status|report|schedule` and `subscriptions add|list`: recurring billing for finance teams. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { assertBusinessId, billingRunWorkflowId } from '../../ids.js';
import { assertCurrency, formatMoney, fromDecimalString } from '../../money.js';
import type { BillingProgress, BillingRunInput, GatewayCallMode } from '../../workflows/messages.js';
import { EXIT, UsageError, parse, required, table } from '../args.js';
import { withPayments, withStore } from '../context.js';
import { followProgress } from '../progress.js';

const USAGE = `Usage: ixopay-temporal billing <command> [options]

  run --run-id ID [--date YYYY-MM-DD] [--concurrency N] [--page-size N] [--currency EUR]
      [--gateway-calls local|activities] [--no-wait]
                            bill every subscription due on or before the date (default today), with a live progress bar;
                            children make their gateway calls as local activities unless --gateway-calls activities
  status <runId>            progress of a run (running or finished)
  report <runId>            the run's report (summary + paths of the JSON and CSV files)
  schedule create --id ID (--cron "0 2 1 * *" | --every 24h) [--concurrency N] [--paused]
  schedule list | pause <id> | resume <id> | delete <id> | trigger <id>
  schedule backfill <id> --from ISO --to ISO   start the runs a paused or down schedule missed (each bills its own day)`;

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

async function scheduleCommand(client: Client, taskQueue: string, argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parse(
    rest,
    {
      id: { type: 'string' },
      cron: { type: 'string' },
      every: { type: 'string' },
      concurrency: { type: 'string' },
      paused: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
    USAGE,
  );
  const id = (): string => assertBusinessId(values.id ?? positionals[0] ?? '', 'schedule id');
  switch (action) {
    case 'create': {
      const scheduleId = id();
      if (!values.cron === !values.every) throw new UsageError('give exactly one of --cron or --every');
      const input: BillingRunInput = {
        scheduleId,
        ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
      };
      await client.schedule.create({
        scheduleId: `billing-${scheduleId}`,
        spec: values.cron
          ? { cronExpressions: [values.cron] }
          : { intervals: [{ every: values.every as never }] },
        action: {
          type: 'startWorkflow',
          workflowType: 'billingRun',
          taskQueue,
          args: [input],
          workflowId: `billing-${scheduleId}`,
          staticSummary: `Scheduled billing run of ${scheduleId} (${values.cron ?? `every ${values.every}`})`,
          staticDetails: `**schedule** billing-${scheduleId}\n\nThe run's id and billing date come from the scheduled time.`,
        },
        // Runs for different days are independent (child ids differ by period) and dunning can outlast the interval.
        policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '1 day' },
        state: { paused: values.paused ?? false, note: 'recurring billing' },
      });
      console.log(`created schedule billing-${scheduleId}`);
      return EXIT.ok;
    }
    case 'list': {
      const rows: Record<string, unknown>[] = [];
      for await (const s of client.schedule.list()) {
        if (!s.scheduleId.startsWith('billing-')) continue;
        rows.push({
          id: s.scheduleId.replace(/^billing-/, ''),
          paused: s.state.paused,
          next: s.info.nextActionTimes[0]?.toISOString() ?? '-',
          recent: s.info.recentActions.length,
        });
      }
      console.log(table(rows));
      return EXIT.ok;
    }
    case 'pause':
      await client.schedule.getHandle(`billing-${id()}`).pause('paused from the CLI');
      return EXIT.ok;
    case 'resume':
      await client.schedule.getHandle(`billing-${id()}`).unpause('resumed from the CLI');
      return EXIT.ok;
    case 'delete':
      await client.schedule.getHandle(`billing-${id()}`).delete();
      return EXIT.ok;
    case 'trigger':
      await client.schedule.getHandle(`billing-${id()}`).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
      return EXIT.ok;
    case 'backfill': {
      const start = new Date(required(values.from, 'from'));
      const end = new Date(required(values.to, 'to'));
      if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()))
        throw new UsageError('--from and --to must be ISO dates');
      await client.schedule
        .getHandle(`billing-${id()}`)
        .backfill([{ start, end, overlap: ScheduleOverlapPolicy.ALLOW_ALL }]);
      return EXIT.ok;
    }
    default:
      throw new UsageError(USAGE);
  }
}

export async function billingCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'schedule')
    return withPayments((payments) => scheduleCommand(payments.temporal, payments.taskQueue, rest));
  const { values, positionals } = parse(
    rest,
    {
      'run-id': { type: 'string' },
      date: { type: 'string' },
      concurrency: { type: 'string' },
      'page-size': { type: 'string' },
      'gateway-calls': { type: 'string' },
      currency: { type: 'string' },
      'no-wait': { type: 'boolean' },
    },
    USAGE,
  );
  return withPayments(async (payments, config) => {
    switch (sub) {
      case 'run': {
        const runId = required(values['run-id'], 'run-id');
        const handle = await payments.startBillingRun({
          runId,
          billingDate: values.date ?? new Date().toISOString().slice(0, 10),
          ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
          ...(values['page-size'] ? { pageSize: Number(values['page-size']) } : {}),
          ...(values['gateway-calls']
            ? { childGatewayCalls: values['gateway-calls'] as GatewayCallMode }
            : {}),
          ...(values.currency ? { filters: { currency: assertCurrency(values.currency) } } : {}),
        });
        console.log(`billing run ${handle.workflowId} started`);
        if (values['no-wait']) return EXIT.ok;
        const result = handle.result();
        await followProgress(() => payments.billingProgress(runId), result);
        const final = await result;
        console.log(table(summaryRows(final)));
        if (final.report) console.log(`report: ${final.report.json}\n        ${final.report.csv}`);
        return EXIT.ok;
      }
      case 'status': {
        const runId = required(positionals[0], 'runId');
        const description = await payments.temporal.workflow
          .getHandle(billingRunWorkflowId(runId))
          .describe();
        const progress =
          description.status.name === 'RUNNING'
            ? await payments.billingProgress(runId)
            : await payments.billingResult(runId);
        console.log(`${runId}: ${description.status.name} (${progress.phase})`);
        console.log(table(summaryRows(progress)));
        return EXIT.ok;
      }
      case 'report': {
        const runId = assertBusinessId(required(positionals[0], 'runId'), 'run id');
        const path = join(config.dataDir, 'reports', `billing-${runId}.json`);
        const report = JSON.parse(await readFile(path, 'utf8')) as {
          summary: BillingProgress;
          items: unknown[];
        };
        console.log(table(summaryRows(report.summary)));
        console.log(`${report.items.length} rows: ${path} (and .csv)`);
        return EXIT.ok;
      }
      default:
        throw new UsageError(USAGE);
    }
  });
}

const SUBS_USAGE = `Usage: ixopay-temporal subscriptions <add|list> [options]

  add --id ID --customer ID --amount 9.99 --currency EUR [--interval month] [--every N] [--next YYYY-MM-DD]
  list [--customer ID]`;

export async function subscriptionsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parse(
    rest,
    {
      id: { type: 'string' },
      customer: { type: 'string' },
      amount: { type: 'string' },
      currency: { type: 'string' },
      interval: { type: 'string' },
      every: { type: 'string' },
      next: { type: 'string' },
    },
    SUBS_USAGE,
  );
  return withStore(async (store) => {
    if (sub === 'add') {
      const currency = assertCurrency(required(values.currency, 'currency'));
      const s = await store.addSubscription({
        id: required(values.id, 'id'),
        customerId: required(values.customer, 'customer'),
        amountMinor: fromDecimalString(required(values.amount, 'amount'), currency),
        currency,
        interval: (values.interval ?? 'month') as 'month',
        intervalCount: Number(values.every ?? 1),
        nextBillingDate: values.next ?? new Date().toISOString().slice(0, 10),
      });
      console.log(`added subscription ${s.id}, next billing ${s.nextBillingDate}`);
      return EXIT.ok;
    }
    if (sub === 'list') {
      const subs = await store.listSubscriptions(values.customer);
      console.log(
        table(
          subs.map((s) => ({
            id: s.id,
            customer: s.customerId,
            amount: formatMoney({ minor: s.amountMinor, currency: s.currency }),
            every: `${s.intervalCount} ${s.interval}`,
            next: s.nextBillingDate,
            status: s.status,
          })),
        ),
      );
      return EXIT.ok;
    }
    throw new UsageError(SUBS_USAGE);
  });
}
