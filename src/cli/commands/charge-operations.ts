/**
 * `charge capture|void|refund <chargeId> [--amount 12.34]`: an operator's capture, void or refund of a charge,
 * through the charge workflow's updates. Amounts are decimals in the charge's own currency (read from its result).
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { ChargeResult } from '../../domain.js';
import { BUSINESS_ID } from '../../ids.js';
import { fromDecimalString, toDecimalString } from '../../money.js';
import { EXIT, UsageError, parse } from '../args.js';
import { withPayments } from '../context.js';

export const CHARGE_OPERATIONS = ['capture', 'void', 'refund'] as const;
export type ChargeOperation = (typeof CHARGE_OPERATIONS)[number];

const USAGE = `Usage: ixopay-temporal charge capture|void|refund <chargeId> [--amount 12.34]

  capture <chargeId> [--amount A]   capture a preauthorization (default: the authorized amount)
  void <chargeId>                   release a preauthorization
  refund <chargeId> [--amount A]    refund a settled charge inside its refund window (default: what is left)
  --amount is a decimal in the charge's own currency (e.g. 12.34 EUR, 1200 JPY).
Exit codes: 0 done, 3 not done (the charge did not succeed, is closed, or refused the operation with the reason),
2 invalid input (unknown charge, malformed or too large amount), 1 error.`;

export function isChargeOperation(word: string | undefined): word is ChargeOperation {
  return CHARGE_OPERATIONS.some((op) => op === word);
}

/** Did the update do what was asked? A skipped or failed operation leaves a reason on the result. */
function done(op: ChargeOperation, before: ChargeResult, after: ChargeResult): boolean {
  if (after.reason) return false;
  if (op === 'capture') return after.captured === true;
  if (op === 'void') return after.voided === true;
  return (after.refundedMinor ?? 0) > (before.refundedMinor ?? 0);
}

export async function chargeOperationCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { amount: { type: 'string' } }, USAGE);
  const [op, chargeId, ...extra] = positionals;
  if (!isChargeOperation(op) || !chargeId || extra.length > 0) throw new UsageError(USAGE);
  if (!BUSINESS_ID.test(chargeId)) throw new UsageError(`malformed charge id ${JSON.stringify(chargeId)}`);
  if (op === 'void' && values.amount !== undefined) throw new UsageError('void takes no --amount');
  return withPayments(async (payments) => {
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
    const amountMinor = values.amount === undefined ? undefined : fromDecimalString(values.amount, currency);
    if (amountMinor !== undefined && amountMinor <= 0) throw new UsageError('--amount must be positive');
    const refundable = result.amountMinor - (result.refundedMinor ?? 0);
    const limit = op === 'capture' ? result.amountMinor : refundable;
    if (amountMinor !== undefined && amountMinor > limit) {
      throw new UsageError(
        `--amount ${values.amount} is more than the ${toDecimalString(limit, currency)} ${currency} this charge allows`,
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
    console.log(JSON.stringify(after, null, 2));
    return done(op, result, after) ? EXIT.ok : EXIT.notSucceeded;
  });
}
