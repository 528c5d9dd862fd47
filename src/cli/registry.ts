/**
 * Every `ixopay-temporal` command, each loaded only when named: --help and input validation answer without the
 * Temporal SDK, the customer store or the gateway client loaded, and without connecting to anything.
 */
import { command, commandPaths, type Command, type Group } from './args.js';
import {
  CODEC_SERVER_USAGE,
  DEMO_OPTIONS,
  DEMO_USAGE,
  MIGRATE_USAGE,
  WEBHOOK_USAGE,
  WORKER_USAGE,
} from './commands/services-usage.js';

export const USAGE = `Usage: ixopay-temporal <command> [options]   (--help on any command; --version)

  demo                      run the whole pipeline on the embedded default and print the outcomes
  worker                    run the payment worker (workflows + activities)
  webhook                   run the IXOPAY callback receiver
  simulator                 run the IXOPAY simulator standalone (on SIMULATOR_PORT, default 8480)
  simulator event <kind>    make the simulator send a chargeback, reversal, back-office refund or late settle
  codec-server              decrypt payloads for the Temporal Web UI (remote codec endpoint)
  migrate                   apply the PostgreSQL customer store's migrations (workers then need no DDL rights)
  customers add|list|mandate|proof   manage the merchant's customers
  register                  first purchase: store the card in the customer's IXOPAY profile
  charge                    charge a customer's stored profile (--timeout SECONDS leaves it running)
  charge capture|void|refund <chargeId>   capture, void or refund a charge (--amount 12.34)
  profiles show|set-preferred|delete <customerId>   a customer's IXOPAY profile
  status <chargeId>         a charge's state or result (also takes the workflow id charge-<chargeId>)
  subscriptions add|list    manage subscriptions
  billing run|status|report|schedule   recurring billing runs (see billing --help)

Every command prints a table for people, or JSON with --json; payment tokens are masked unless --show-tokens.
Exit codes: 0 done, 1 error (e.g. Temporal unreachable), 2 usage or invalid input, 3 the payment did not
succeed, 4 'charge --timeout' ran out while the charge goes on. Documented in docs/cli.md.`;

/** A command with its own parser (the simulator): run with the raw arguments; `paths` lists its help pages. */
export interface RawCommand {
  readonly raw: (argv: readonly string[]) => Promise<number>;
  readonly paths: readonly (readonly string[])[];
}

export type Entry = Command | Group | RawCommand;

/** A command whose code loads only when it runs (its usage and options are known up front). */
function service(usage: string, load: () => Promise<(argv: string[]) => Promise<number>>): Promise<Command> {
  return Promise.resolve(command({ usage, options: {}, run: async () => (await load())([]) }));
}

export const COMMANDS: Readonly<Record<string, () => Promise<Entry>>> = {
  demo: () =>
    Promise.resolve(
      command({
        usage: DEMO_USAGE,
        options: DEMO_OPTIONS,
        run: async (parsed) => (await import('./demo.js')).demoCommand(parsed.argv),
      }),
    ),
  worker: () => service(WORKER_USAGE, async () => (await import('./commands/services.js')).workerCommand),
  webhook: () => service(WEBHOOK_USAGE, async () => (await import('./commands/services.js')).webhookCommand),
  'codec-server': () =>
    service(CODEC_SERVER_USAGE, async () => (await import('./commands/codec-server.js')).codecServerCommand),
  migrate: () => service(MIGRATE_USAGE, async () => (await import('./commands/migrate.js')).migrateCommand),
  simulator: () =>
    Promise.resolve<RawCommand>({
      paths: [['simulator'], ['simulator', 'event']],
      raw: async (argv) => {
        const { runSimulatorCli } = await import('../simulator/cli.js');
        // Its own parser answers --help; the configuration (SIMULATOR_PORT) loads only to run.
        if (argv.includes('--help') || argv.includes('-h')) return runSimulatorCli(argv);
        const { simulatorPortFrom } = await import('../config/config.js');
        return runSimulatorCli(argv, { defaultPort: simulatorPortFrom(process.env) });
      },
    }),
  customers: async () => (await import('./commands/customers.js')).customersGroup,
  register: async () => (await import('./commands/payments.js')).registerCommand,
  charge: async () => (await import('./commands/payments.js')).chargeGroup,
  status: async () => (await import('./commands/payments.js')).statusCommand,
  profiles: async () => (await import('./commands/profiles.js')).profilesGroup,
  subscriptions: async () => (await import('./commands/billing.js')).subscriptionsGroup,
  billing: async () => (await import('./commands/billing.js')).billingGroup,
};

export function isRaw(entry: Entry): entry is RawCommand {
  return 'raw' in entry;
}

/** Every command path, e.g. ["billing", "schedule", "create"]: each has its own --help. */
export async function allCommandPaths(): Promise<string[][]> {
  const paths: string[][] = [];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const entry = await load();
    if (isRaw(entry)) paths.push(...entry.paths.map((p) => [...p]));
    else paths.push(...commandPaths(entry, [name]));
  }
  return paths;
}
