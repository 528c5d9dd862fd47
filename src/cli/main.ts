/** The `ixopay-temporal` command. */
import { readFileSync } from 'node:fs';
import { EXIT, UsageError, dispatch } from './args.js';
import { COMMANDS, USAGE, isRaw } from './registry.js';

/** Errors that mean the input was wrong (exit 2), by name: their modules load only with the command. */
const INVALID_INPUT = new Set([
  'UsageError',
  'InvalidRequestError',
  'IdempotencyConflictError',
  'InvalidIdError',
  'MoneyError',
  'ConfigError',
  'InvalidCustomerInputError',
  'UnknownCustomerError',
  'UnknownSubscriptionError',
  'DuplicateCustomerError',
  'DuplicateSubscriptionError',
]);

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
  };
  return `${pkg.name} ${pkg.version}`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    console.log(version());
    return EXIT.ok;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    if (name) console.log(USAGE);
    else console.error(USAGE);
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    console.error(`unknown command: ${name}\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    const entry = await load();
    return isRaw(entry) ? await entry.raw(rest) : await dispatch(entry, rest);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && INVALID_INPUT.has(err.name))) {
      console.error(err.message);
      return EXIT.usage;
    }
    console.error(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    return EXIT.error;
  }
}

process.exitCode = await main(process.argv.slice(2));
