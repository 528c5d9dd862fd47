/** The `ixopay-temporal` command. */
import { ConfigError } from '../config.js';
import { IdempotencyConflictError, InvalidRequestError } from '../client/requests.js';
import { UnknownCustomerError } from '../customers/errors.js';
import { MoneyError } from '../money.js';
import { runSimulatorCli } from '../simulator/cli.js';
import { EXIT, UsageError } from './args.js';
import { billingCommand, subscriptionsCommand } from './commands/billing.js';
import { customersCommand } from './commands/customers.js';
import { profilesCommand } from './commands/profiles.js';
import { codecServerCommand } from './commands/codec-server.js';
import { chargeCommand, registerCommand, statusCommand } from './commands/payments.js';
import { webhookCommand, workerCommand } from './commands/services.js';
import { demoCommand } from './demo.js';
import { migrateCommand } from './commands/migrate.js';

const USAGE = `Usage: ixopay-temporal <command> [options]   (--help on any command)

  demo                      run the whole pipeline on the embedded default and print the outcomes
  worker                    run the payment worker (workflows + activities)
  webhook                   run the IXOPAY callback receiver
  simulator                 run the IXOPAY simulator standalone
  simulator event <kind>    make the simulator send a chargeback, reversal, back-office refund or late settle
  codec-server              decrypt payloads for the Temporal Web UI (remote codec endpoint)
  migrate                   apply the PostgreSQL customer store's migrations (workers then need no DDL rights)
  customers add|list|mandate|proof   manage the merchant's customers
  register                  first purchase: store the card in the customer's IXOPAY profile
  charge                    charge a customer's stored profile
  charge capture|void|refund <chargeId>   capture, void or refund a charge (--amount 12.34)
  profiles show|set-preferred|delete <customerId>   a customer's IXOPAY profile
  status <chargeId>         a charge's state or result
  subscriptions add|list    manage subscriptions
  billing run|status|report|schedule   recurring billing runs (see billing --help)`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  demo: demoCommand,
  worker: workerCommand,
  webhook: webhookCommand,
  simulator: (argv) => runSimulatorCli(argv),
  customers: customersCommand,
  register: registerCommand,
  charge: chargeCommand,
  status: statusCommand,
  subscriptions: subscriptionsCommand,
  billing: billingCommand,
  'codec-server': codecServerCommand,
  migrate: migrateCommand,
  profiles: profilesCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command: ${name}\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    return await command(rest);
  } catch (err) {
    if (
      err instanceof UsageError ||
      err instanceof InvalidRequestError ||
      err instanceof IdempotencyConflictError ||
      err instanceof UnknownCustomerError ||
      err instanceof MoneyError ||
      err instanceof ConfigError
    ) {
      console.error(err.message);
      return EXIT.usage;
    }
    console.error(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    return EXIT.error;
  }
}

process.exitCode = await main(process.argv.slice(2));
