/**
 * `charge capture|void|refund <chargeId> [--amount 12.34]`: an operator's capture, void or refund of a charge,
 * through the charge workflow's updates. Amounts are decimals in the charge's own currency (read from its result).
 */
import type { ChargeResult } from '../../contract/domain.js';
import { fromDecimalString, toDecimalString } from '../../money.js';
import { EXIT, UsageError, command, type Command } from '../args.js';
import { withPayments } from '../context.js';
import { SHOW_TOKENS, printResult, type OutputFlags } from '../output.js';
import { businessIdFrom } from '../../ids.js';

export const CHARGE_OPERATIONS = ['capture', 'void', 'refund'] as const;
export type ChargeOperation = (typeof CHARGE_OPERATIONS)[number];

const EXIT_CODES = `Exit codes: 0 done, 3 not done (the charge did not succeed, is closed, or refused the operation with the reason),
2 invalid input (unknown charge, malformed or too large amount), 1 error.`;

const COMMON = `  <chargeId>      the chargeId or its workflow id charge-<chargeId>
  --json          the charge's result afterwards as JSON (default: a table)
  --show-tokens   show payment tokens in full (default: masked to their last four)`;

const USAGE: Record<ChargeOperation, string> = {
  capture: `Usage: ixopay-temporal charge capture <chargeId> [--amount 12.34] [--json]

Captures a preauthorization (default: the authorized amount; less captures part of it).
  --amount A      a decimal in the charge's own currency (e.g. 12.34 EUR, 1200 JPY)
${COMMON}
${EXIT_CODES}`,
  void: `Usage: ixopay-temporal charge void <chargeId> [--json]

Releases a preauthorization.
${COMMON}
${EXIT_CODES}`,
  refund: `Usage: ixopay-temporal charge refund <chargeId> [--amount 12.34] [--json]

Refunds a settled charge inside its refund window (default: what is left to refund).
  --amount A      a decimal in the charge's own currency (e.g. 12.34 EUR, 1200 JPY)
${COMMON}
${EXIT_CODES}`,
};

/** The charge id an operator typed: the chargeId itself or its workflow id `charge-<chargeId>`. */
export function chargeIdArgument(value: string): string {
  const id = businessIdFrom('charge', value);
  if (id === undefined) throw new UsageError(`malformed charge id ${JSON.stringify(value)}`);
  return id;
}

/** Did the update do what was asked? A skipped or failed operation leaves a reason on the result. */
function done(op: ChargeOperation, before: ChargeResult, after: ChargeResult): boolean {
  if (after.reason) return false;
  if (op === 'capture') return after.captured === true;
  if (op === 'void') return after.voided === true;
  return (after.refundedMinor ?? 0) > (before.refundedMinor ?? 0);
}

async function runOperation(
  op: ChargeOperation,
  chargeId: string,
  amount: string | undefined,
  flags: OutputFlags,
): Promise<number> {
  return withPayments(async (payments) => {
    const { WorkflowNotFoundError, WorkflowUpdateFailedError } = await import('@temporalio/client');
    const status = await payments.chargeStatus(chargeId).catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) throw new UsageError(`unknown charge ${chargeId}`);
      throw err;
    });
    const result = status.result;
    if (!result || result.status !== 'succeeded') {
      console.error(`charge ${chargeId} has not succeeded (${result?.status ?? status.workflowStatus})`);
      return EXIT.notSucceeded;
    }
    if (status.workflowStatus !== 'RUNNING') {
      console.error(`charge ${chargeId} is closed: its capture and refund window is over`);
      return EXIT.notSucceeded;
    }
    const currency = result.currency;
    const amountMinor = amount === undefined ? undefined : fromDecimalString(amount, currency);
    if (amountMinor !== undefined && amountMinor <= 0) throw new UsageError('--amount must be positive');
    const refundable = result.amountMinor - (result.refundedMinor ?? 0);
    const limit = op === 'capture' ? result.amountMinor : refundable;
    if (amountMinor !== undefined && amountMinor > limit) {
      throw new UsageError(
        `--amount ${amount} is more than the ${toDecimalString(limit, currency)} ${currency} this charge allows`,
      );
    }
    const handle = payments.charge(chargeId);
    let after: ChargeResult;
    try {
      after =
        op === 'capture'
          ? await handle.capture(amountMinor)
          : op === 'void'
            ? await handle.void()
            : await handle.refund(amountMinor ?? refundable);
    } catch (err) {
      if (!(err instanceof WorkflowUpdateFailedError)) throw err;
      const cause = err.cause instanceof Error ? err.cause.message : err.message;
      console.error(`${op} refused: ${cause}`);
      return EXIT.notSucceeded;
    }
    printResult(after, flags);
    return done(op, result, after) ? EXIT.ok : EXIT.notSucceeded;
  });
}

function operation(op: ChargeOperation): Command {
  const amount = op === 'void' ? {} : { amount: { type: 'string' } as const };
  return command({
    usage: USAGE[op],
    options: { ...amount, ...SHOW_TOKENS },
    positionals: { min: 1, max: 1, names: '<chargeId>' },
    run: ({ values, positionals }) => {
      const chargeId = chargeIdArgument(positionals[0]!);
      const decimal = (values as { amount?: string }).amount;
      if (decimal !== undefined && !/^\d+(\.\d+)?$/.test(decimal))
        throw new UsageError(
          `--amount must be a positive decimal like 12.34, got ${JSON.stringify(decimal)}`,
        );
      return runOperation(op, chargeId, decimal, values);
    },
  });
}

export const chargeOperations: Record<ChargeOperation, Command> = {
  capture: operation('capture'),
  void: operation('void'),
  refund: operation('refund'),
};
