/**
 * How a charge checks what the gateway tells it: which debit ids are its own, how a callback-reported success
 * is confirmed, and how long it waits for an attempt to become final. Strict checks apply to charges since the
 * `charge-money-sweep` patch (charge.ts).
 */
import type { TransactionOutcome } from '../contract/domain.js';
import { attemptOfStep, parseMerchantTransactionId } from '../ids.js';
import type { gatewayFor } from './activity-options.js';
import type { AwaitOptions } from './await-outcome.js';
import type { ChargeAttempts, StrictChecks } from './charge-attempts.js';
import { DAY_SECONDS } from './durations.js';
import { confirmSuccess } from './gateway-lookup.js';
import type { ChargeInput } from '../contract/messages.js';

export type Gateway = ReturnType<typeof gatewayFor>;

/** This charge's own debit ids ("c.<chargeId>.d<n>"). */
export function isOwnDebitOf(chargeId: string): (merchantTransactionId: string) => boolean {
  return (merchantTransactionId) => {
    const parsed = parseMerchantTransactionId(merchantTransactionId);
    return (
      parsed?.kind === 'charge' && parsed.businessId === chargeId && attemptOfStep(parsed.step) !== undefined
    );
  };
}

/** Checks a callback-reported success with the status API. */
export function confirmWith(
  gateway: Gateway,
): (outcome: TransactionOutcome) => ReturnType<typeof confirmSuccess> {
  return (outcome) => confirmSuccess(gateway.reconcile, outcome);
}

export function strictChecksFor(chargeId: string, gateway: Gateway): StrictChecks {
  return { confirm: confirmWith(gateway), isOwnDebit: isOwnDebitOf(chargeId) };
}

/** How long a charge waits for an attempt to become final, and (strict) what ends a wait early. */
export function chargeWaitOptions(
  input: ChargeInput,
  gateway: Gateway,
  attempts: ChargeAttempts,
  strict: boolean,
): AwaitOptions {
  // A wait of 0 (a start that skipped the client's validation) would poll the status API in a tight loop.
  const atLeast = (seconds: number): number => (strict ? Math.max(1, seconds) : seconds);
  return {
    callbackWaitSeconds: atLeast(input.callbackWaitSeconds ?? 600),
    maxWaitSeconds: atLeast(input.maxWaitSeconds ?? DAY_SECONDS),
    ...(strict
      ? {
          confirm: confirmWith(gateway),
          // Another attempt's success ends a wait: it is checked and, confirmed, adopted.
          interrupt: (merchantTransactionId: string) =>
            attempts.inboxSuccess(merchantTransactionId) !== undefined,
        }
      : {}),
  };
}
