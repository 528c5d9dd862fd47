/** `register`, `charge`, `status`: start and inspect payment workflows through the typed client API. */
import { fromDecimalString, assertCurrency } from '../../money.js';
import { EXIT, UsageError, parse, required } from '../args.js';
import { withPayments } from '../context.js';
import { maskedJson, sessionProofFrom } from '../output.js';
import { chargeOperationCommand, isChargeOperation } from './charge-operations.js';

const CHARGE_USAGE = `Usage: ixopay-temporal charge --charge-id ID --customer ID --amount 12.34 --currency EUR [options]
       ixopay-temporal charge capture|void|refund <chargeId> [--amount 12.34]   (see charge capture --help)

  --initiator customer|merchant   default merchant (needs a mandate); customer needs --session-proof
  --session-proof PROOF           from 'customers proof' ('-' reads it from stdin)
  --session-proof-file PATH       read the session proof from a file ('-' = stdin), out of ps and shell history
  --recurring                     merchant-initiated subscription charge (transactionIndicator RECURRING)
  --token pt::...                 charge this stored instrument instead of the preferred one
  --preauthorize                  reserve funds instead of debiting
  --no-wait                       start and print the workflow id without waiting for the outcome
Exit codes: 0 succeeded, 3 declined/failed/needs-action, 2 invalid input, 1 error.`;

const REGISTER_USAGE = `Usage: ixopay-temporal register --registration-id ID --customer ID [--amount 12.34 --currency EUR] [options]

  --kind debit|preauthorize|register   default debit (first purchase with withRegister); register stores without charging
  --token TOKEN                        payment.js card token (the simulator's test tokens work); none = hosted payment page
Exit codes: 0 succeeded, 3 declined/failed/needs-action, 2 invalid input, 1 error.`;

const STATUS_USAGE = `Usage: ixopay-temporal status <chargeId>`;

function oneOf<T extends string>(value: string, allowed: readonly T[], usage: string): T {
  const found = allowed.find((a) => a === value);
  if (!found) throw new UsageError(usage);
  return found;
}

function amountOf(values: { amount?: string | undefined; currency?: string | undefined }) {
  const currency = assertCurrency(required(values.currency, 'currency'));
  return { amountMinor: fromDecimalString(required(values.amount, 'amount'), currency), currency };
}

export async function chargeCommand(argv: string[]): Promise<number> {
  if (isChargeOperation(argv[0])) return chargeOperationCommand(argv);
  const { values } = parse(
    argv,
    {
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
    },
    CHARGE_USAGE,
  );
  const initiator = oneOf(values.initiator ?? 'merchant', ['merchant', 'customer'] as const, CHARGE_USAGE);
  const sessionProof = sessionProofFrom(values);
  const request = {
    chargeId: required(values['charge-id'], 'charge-id'),
    customerId: required(values.customer, 'customer'),
    ...amountOf(values),
    initiator: initiator,
    ...(sessionProof ? { sessionProof } : {}),
    ...(values.recurring ? { recurring: true } : {}),
    ...(values.token ? { paymentToken: values.token } : {}),
    ...(values.preauthorize ? { mode: 'preauthorize' as const } : {}),
  };
  return withPayments(async (payments) => {
    const handle = await payments.startCharge(request);
    if (values['no-wait']) {
      console.log(handle.workflowId);
      return EXIT.ok;
    }
    const result = await handle.result();
    console.log(maskedJson(result));
    return result.status === 'succeeded' ? EXIT.ok : EXIT.notSucceeded;
  });
}

export async function registerCommand(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    {
      'registration-id': { type: 'string' },
      customer: { type: 'string' },
      amount: { type: 'string' },
      currency: { type: 'string' },
      kind: { type: 'string' },
      token: { type: 'string' },
    },
    REGISTER_USAGE,
  );
  const kind = oneOf(values.kind ?? 'debit', ['debit', 'preauthorize', 'register'] as const, REGISTER_USAGE);
  const request = {
    registrationId: required(values['registration-id'], 'registration-id'),
    customerId: required(values.customer, 'customer'),
    kind: kind,
    ...(kind === 'register' ? {} : amountOf(values)),
    ...(values.token ? { transactionToken: values.token } : {}),
  };
  return withPayments(async (payments) => {
    const result = await payments.registerCustomer(request);
    console.log(maskedJson(result));
    return result.status === 'succeeded' ? EXIT.ok : EXIT.notSucceeded;
  });
}

export async function statusCommand(argv: string[]): Promise<number> {
  const { positionals } = parse(argv, {}, STATUS_USAGE);
  const chargeId = positionals[0];
  if (!chargeId) throw new UsageError(STATUS_USAGE);
  return withPayments(async (payments) => {
    console.log(maskedJson(await payments.chargeStatus(chargeId)));
    return EXIT.ok;
  });
}
