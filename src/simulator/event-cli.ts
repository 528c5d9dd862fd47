/**
 * `simulator event <kind>`: a small client of the simulator's admin endpoints (POST /simulator/events/<kind>)
 * that makes the gateway send an after-the-fact event. Exit codes: 0 done, 1 refused or unreachable, 2 usage.
 */
import { parseArgs } from 'node:util';

export const EVENT_KINDS = ['chargeback', 'chargeback-reversal', 'refund', 'late-settle'] as const;
export type EventCliKind = (typeof EVENT_KINDS)[number];

export const SIMULATOR_EVENT_USAGE = `Usage: simulator event <${EVENT_KINDS.join('|')}> [options]

  chargeback            CHARGEBACK of a successful debit/capture (callback with chargebackData)
  chargeback-reversal   CHARGEBACK-REVERSAL of a chargeback (callback with chargebackReversalData)
  refund                REFUND made in the gateway's back office (callback with the original's merchantMetaData)
  late-settle           settle a late-settle transaction now (same uuid turns SUCCESS, OK callback)

  --simulator-url <url>            the simulator (default http://127.0.0.1:SIMULATOR_PORT, port 8480)
  --merchant-transaction-id <id>   the original transaction (chargeback-reversal: its latest open chargeback)
  --uuid <uuid>                    the original transaction by uuid instead
  --chargeback-uuid <uuid>         chargeback-reversal: the chargeback to reverse
  --amount <decimal>               e.g. 12.34 in the original's currency (default: everything still open)
  --reason <text>                  chargeback / reversal / refund reason
  --json                           accepted for uniformity: the result is printed as JSON anyway
  --help                           this text
Exit codes: 0 done, 2 invalid input, 1 refused by the simulator or the simulator unreachable.
`;

const OPTIONS = {
  'simulator-url': { type: 'string' },
  'merchant-transaction-id': { type: 'string' },
  uuid: { type: 'string' },
  'chargeback-uuid': { type: 'string' },
  amount: { type: 'string' },
  reason: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Raised for unusable arguments (exit code 2). */
export class SimulatorEventUsageError extends Error {
  override readonly name = 'SimulatorEventUsageError';
}

export interface EventCommand {
  readonly kind: EventCliKind;
  readonly url: string;
  readonly body: Readonly<Record<string, string>>;
}

const isKind = (value: string | undefined): value is EventCliKind =>
  (EVENT_KINDS as readonly (string | undefined)[]).includes(value);

/** argv (after "event") → the request to send, or `help`; throws SimulatorEventUsageError. Pure. */
export function parseEventArgs(
  argv: readonly string[],
  defaultUrl = 'http://127.0.0.1:8480',
): EventCommand | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw new SimulatorEventUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [kind, ...extra] = positionals;
  if (!isKind(kind)) throw new SimulatorEventUsageError(`event must be one of ${EVENT_KINDS.join(', ')}`);
  if (extra.length > 0) throw new SimulatorEventUsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  let base: URL;
  try {
    base = new URL(values['simulator-url'] ?? defaultUrl);
  } catch {
    throw new SimulatorEventUsageError('--simulator-url must be a URL');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new SimulatorEventUsageError('--simulator-url must be http or https');
  const selectors = [
    values['merchant-transaction-id'],
    values.uuid,
    kind === 'chargeback-reversal' ? values['chargeback-uuid'] : undefined,
  ].filter((v) => v !== undefined);
  if (kind !== 'chargeback-reversal' && values['chargeback-uuid'] !== undefined)
    throw new SimulatorEventUsageError('--chargeback-uuid is for chargeback-reversal only');
  if (kind === 'chargeback-reversal' && values.uuid !== undefined)
    throw new SimulatorEventUsageError(
      'chargeback-reversal takes --chargeback-uuid or --merchant-transaction-id',
    );
  if (selectors.length !== 1)
    throw new SimulatorEventUsageError(
      kind === 'chargeback-reversal'
        ? 'give exactly one of --chargeback-uuid, --merchant-transaction-id'
        : 'give exactly one of --merchant-transaction-id, --uuid',
    );
  if (values.amount !== undefined && !/^\d+(\.\d{1,3})?$/.test(values.amount))
    throw new SimulatorEventUsageError(
      `--amount must be a decimal like 12.34, got ${JSON.stringify(values.amount)}`,
    );
  if (kind === 'late-settle' && (values.amount !== undefined || values.reason !== undefined))
    throw new SimulatorEventUsageError('late-settle takes no --amount or --reason');
  const body: Record<string, string> = {};
  if (values['merchant-transaction-id'] !== undefined)
    body['merchantTransactionId'] = values['merchant-transaction-id'];
  if (values.uuid !== undefined) body['uuid'] = values.uuid;
  if (values['chargeback-uuid'] !== undefined) body['chargebackUuid'] = values['chargeback-uuid'];
  if (values.amount !== undefined) body['amount'] = values.amount;
  if (values.reason !== undefined) body['reason'] = values.reason;
  return { kind, url: new URL(`simulator/events/${kind}`, base.href.replace(/\/*$/, '/')).href, body };
}

/** Runs `simulator event …`; resolves with the exit code. Prints the resulting transaction as JSON. */
export async function runSimulatorEventCli(
  argv: readonly string[],
  out: (text: string) => void,
  defaultUrl?: string,
  err: (text: string) => void = out,
): Promise<number> {
  let command: EventCommand | 'help';
  try {
    command = parseEventArgs(argv, defaultUrl);
  } catch (error) {
    if (!(error instanceof SimulatorEventUsageError)) throw error;
    err(`${error.message}\n\n${SIMULATOR_EVENT_USAGE}`);
    return 2;
  }
  if (command === 'help') {
    out(SIMULATOR_EVENT_USAGE);
    return 0;
  }
  let status: number;
  let text: string;
  try {
    const res = await fetch(command.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(command.body),
      signal: AbortSignal.timeout(10_000),
    });
    status = res.status;
    text = await res.text();
  } catch (error) {
    err(
      `simulator not reachable at ${command.url}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  if (status !== 200) {
    err(`refused (HTTP ${status}): ${text}\n`);
    return 1;
  }
  out(`${text}\n`);
  return 0;
}
