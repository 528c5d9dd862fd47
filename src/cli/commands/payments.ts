/** `register`, `charge`, `status`: start and inspect payment workflows through the typed client API. */
import type { ChargeResult } from '../../contract/domain.js';
import { workflowIdFor } from '../../ids.js';
import { fromDecimalString, assertCurrency } from '../../money.js';
import { EXIT, UsageError, command, intFlag, oneOf, required, type Group } from '../args.js';
import { withPayments } from '../context.js';
import { SHOW_TOKENS, printResult, sessionProofFrom } from '../output.js';
import { followPhases } from '../progress.js';
import { chargeIdArgument, chargeOperations } from './charge-operations.js';

const CHARGE_USAGE = `Usage: ixopay-temporal charge --charge-id ID --customer ID --amount 12.34 --currency EUR [options]
       ixopay-temporal charge capture|void|refund <chargeId> [--amount 12.34]   (see charge capture --help)

Charges the customer's stored IXOPAY profile and waits for the outcome. On a terminal the charge's phase is
shown on stderr as it changes (charging, awaiting-callback, in-dunning, …).

  --initiator customer|merchant   default merchant (needs a mandate); customer needs --session-proof
  --session-proof PROOF           from 'customers proof' ('-' reads it from stdin)
  --session-proof-file PATH       read the session proof from a file ('-' = stdin), out of ps and shell history
  --recurring                     merchant-initiated subscription charge (transactionIndicator RECURRING)
  --token pt::...                 charge this stored instrument instead of the preferred one
  --preauthorize                  reserve funds instead of debiting
  --no-wait                       start and print the workflow id (charge-<id>) without waiting
  --timeout SECONDS               stop waiting after this long; the charge goes on (exit 4, says how to follow it)
  --json                          the result as JSON (default: a table)
  --show-tokens                   show payment tokens in full (default: masked to their last four)
Exit codes: 0 succeeded, 3 declined/failed/needs-action, 4 still running at --timeout, 2 invalid input,
1 error (e.g. Temporal unreachable).`;

const REGISTER_USAGE = `Usage: ixopay-temporal register --registration-id ID --customer ID [--amount 12.34 --currency EUR] [options]

First purchase: stores the card in the customer's IXOPAY profile (and charges it, unless --kind register).

  --kind debit|preauthorize|register   default debit (first purchase with withRegister); register stores without charging
  --token TOKEN                        payment.js card token (the simulator's test tokens work); none = hosted payment page
  --json                               the result as JSON (default: a table)
  --show-tokens                        show payment tokens in full (default: masked to their last four)
Exit codes: 0 succeeded, 3 declined/failed/needs-action, 2 invalid input, 1 error.`;

const STATUS_USAGE = `Usage: ixopay-temporal status <chargeId | charge-<chargeId>> [--json] [--show-tokens]

A charge's state while it runs (phase, attempt) or its result, and what happened after it closed (late success,
chargeback, back-office refund). Takes the chargeId or the workflow id that 'charge --no-wait' prints.

  --json          as JSON (default: a table)
  --show-tokens   show payment tokens in full (default: masked to their last four)
Exit codes: 0 shown, 2 invalid input (malformed id, unknown charge), 1 error.`;

function amountOf(values: { amount?: string | undefined; currency?: string | undefined }) {
  const currency = assertCurrency(required(values.currency, 'currency'));
  return { amountMinor: fromDecimalString(required(values.amount, 'amount'), currency), currency };
}

const charge = command({
  usage: CHARGE_USAGE,
  options: {
    'charge-id': { type: 'string' },
    customer: { type: 'string' },
    amount: { type: 'string' },
    currency: { type: 'string' },
    initiator: { type: 'string' },
    'session-proof': { type: 'string' },
    'session-proof-file': { type: 'string' },
    recurring: { type: 'boolean' },
    token: { type: 'string' },
    preauthorize: { type: 'boolean' },
    'no-wait': { type: 'boolean' },
    timeout: { type: 'string' },
    ...SHOW_TOKENS,
  },
  run: async ({ values }) => {
    const initiator = oneOf(values.initiator ?? 'merchant', ['merchant', 'customer'] as const, 'initiator');
    const timeoutSeconds = intFlag(values.timeout, 'timeout', 1);
    if (timeoutSeconds !== undefined && values['no-wait'])
      throw new UsageError('give --timeout or --no-wait, not both');
    const sessionProof = sessionProofFrom(values);
    // Checked here, before connecting: a malformed request never reaches Temporal.
    const { ChargeRequestSchema, parseRequest } = await import('../../contract/requests.js');
    const request = parseRequest(ChargeRequestSchema, {
      chargeId: required(values['charge-id'], 'charge-id'),
      customerId: required(values.customer, 'customer'),
      ...amountOf(values),
      initiator,
      ...(sessionProof ? { sessionProof } : {}),
      ...(values.recurring ? { recurring: true } : {}),
      ...(values.token ? { paymentToken: values.token } : {}),
      ...(values.preauthorize ? { mode: 'preauthorize' as const } : {}),
    });
    return withPayments(async (payments) => {
      const handle = await payments.startCharge(request);
      if (values['no-wait']) {
        if (values.json) printResult({ chargeId: request.chargeId, workflowId: handle.workflowId }, values);
        else console.log(handle.workflowId);
        return EXIT.ok;
      }
      const result = handle.result();
      result.catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        if (timeoutSeconds !== undefined) timer = setTimeout(() => resolve('timeout'), timeoutSeconds * 1000);
      });
      const settled = Promise.race([result, timedOut]);
      await followPhases(() => handle.state(), settled);
      const outcome = await settled.finally(() => clearTimeout(timer));
      if (outcome === 'timeout') {
        const state = await handle.state().catch(() => undefined);
        const phase = state?.phase ?? 'unknown';
        console.error(
          `charge ${request.chargeId} is still running (phase ${phase}) after ${timeoutSeconds} s; it goes on. ` +
            `Follow it with: ixopay-temporal status ${request.chargeId}`,
        );
        printResult(
          { chargeId: request.chargeId, workflowId: handle.workflowId, status: 'running', phase },
          values,
        );
        return EXIT.stillRunning;
      }
      const final: ChargeResult = outcome;
      printResult(final, values);
      return final.status === 'succeeded' ? EXIT.ok : EXIT.notSucceeded;
    });
  },
});

export const chargeGroup: Group = {
  usage: CHARGE_USAGE,
  subcommands: chargeOperations,
  fallback: charge,
};

export const registerCommand = command({
  usage: REGISTER_USAGE,
  options: {
    'registration-id': { type: 'string' },
    customer: { type: 'string' },
    amount: { type: 'string' },
    currency: { type: 'string' },
    kind: { type: 'string' },
    token: { type: 'string' },
    ...SHOW_TOKENS,
  },
  run: async ({ values }) => {
    const kind = oneOf(values.kind ?? 'debit', ['debit', 'preauthorize', 'register'] as const, 'kind');
    const { RegisterRequestSchema, parseRequest } = await import('../../contract/requests.js');
    const request = parseRequest(RegisterRequestSchema, {
      registrationId: required(values['registration-id'], 'registration-id'),
      customerId: required(values.customer, 'customer'),
      kind,
      ...(kind === 'register' ? {} : amountOf(values)),
      ...(values.token ? { transactionToken: values.token } : {}),
    });
    return withPayments(async (payments) => {
      const result = await payments.registerCustomer(request);
      printResult(result, values);
      return result.status === 'succeeded' ? EXIT.ok : EXIT.notSucceeded;
    });
  },
});

export const statusCommand = command({
  usage: STATUS_USAGE,
  options: { ...SHOW_TOKENS },
  positionals: { min: 1, max: 1, names: '<chargeId>' },
  run: async ({ values, positionals }) => {
    const chargeId = chargeIdArgument(positionals[0]!);
    return withPayments(async (payments) => {
      const { WorkflowNotFoundError } = await import('@temporalio/client');
      const status = await payments.chargeStatus(chargeId).catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError)
          throw new UsageError(`unknown charge ${chargeId} (workflow ${workflowIdFor('charge', chargeId)})`);
        throw err;
      });
      printResult(status, values);
      return EXIT.ok;
    });
  },
});
