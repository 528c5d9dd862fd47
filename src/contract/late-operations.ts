/**
 * The charge's own operations that settle after it closed: a capture, void or refund it left open (its result
 * names it in `openOperation`), and reversals of extra debits left open ("xr<n>"). Applied once by the charge's
 * follow-up, as facts about money that moved, never as a guess: an operation the closed charge did not leave
 * open (a repeat of one it counted) changes nothing.
 */
import type { ChargeFlag, ChargeResult, GatewayCallbackEvent } from './domain.js';
import type { ChargeEventRecord, ChargeFollowUpState } from './messages.js';

export type OwnOperationKind = 'capture' | 'void' | 'refund' | 'reversal';

const OWN_STEPS: readonly [RegExp, OwnOperationKind][] = [
  [/^rf[0-9]+$/, 'refund'],
  [/^cap[0-9]+$/, 'capture'],
  [/^void[0-9]+$/, 'void'],
  [/^xr[0-9]+$/, 'reversal'],
];

/** Which of the charge's own operations a merchantTransactionId step names, if any. */
export function ownOperationOf(step: string): OwnOperationKind | undefined {
  return OWN_STEPS.find(([pattern]) => pattern.test(step))?.[1];
}

export interface LateOperationEffect {
  readonly changes: Partial<ChargeFollowUpState>;
  readonly kind: Extract<ChargeEventRecord['kind'], 'late-operation' | 'reversal-settled'>;
  readonly amountMinor: number | undefined;
  readonly reason: string;
}

/** What a late callback of the charge's own operation changes; undefined when it changes nothing. */
export function lateOperationEffect(
  event: GatewayCallbackEvent,
  kind: OwnOperationKind,
  charge: Pick<ChargeResult, 'amountMinor' | 'extraDebits' | 'openOperation'> | undefined,
  state: ChargeFollowUpState,
): LateOperationEffect | undefined {
  const mtid = event.merchantTransactionId;
  if (kind === 'reversal') return event.result === 'OK' ? reversalSettled(mtid, charge, state) : undefined;
  const open = charge?.openOperation;
  if (!open || open.merchantTransactionId !== mtid || open.kind !== kind) return undefined;
  if (state.openOperationSettled === 'succeeded') return undefined; // applied once
  if (event.result !== 'OK') {
    // Nothing moved; a later success of the same transaction (a late settle) is still applied.
    if (event.result !== 'ERROR' || state.openOperationSettled) return undefined;
    const reason = `${kind} ${mtid} failed after the charge closed`;
    return { changes: { openOperationSettled: 'failed' }, kind: 'late-operation', amountMinor: 0, reason };
  }
  const reason = `${kind} ${mtid} settled after the charge closed`;
  const settled = { openOperationSettled: 'succeeded' } as const;
  if (kind === 'refund') {
    const amountMinor = open.amountMinor ?? event.amountMinor ?? 0;
    return {
      changes: { ...settled, refundedAfterCloseMinor: amountMinor },
      kind: 'late-operation',
      amountMinor,
      reason,
    };
  }
  if (kind === 'capture') {
    const amountMinor = open.amountMinor ?? charge.amountMinor;
    return {
      changes: { ...settled, capturedAfterCloseMinor: amountMinor },
      kind: 'late-operation',
      amountMinor,
      reason,
    };
  }
  return {
    changes: { ...settled, voidedAfterClose: true },
    kind: 'late-operation',
    amountMinor: undefined,
    reason,
  };
}

function reversalSettled(
  mtid: string,
  charge: Pick<ChargeResult, 'extraDebits'> | undefined,
  state: ChargeFollowUpState,
): LateOperationEffect | undefined {
  const settled = state.reversalsSettled ?? [];
  if (settled.includes(mtid)) return undefined;
  const leftOpen = [...(charge?.extraDebits ?? []), ...state.extraDebits].find(
    (e) => e.reversalMerchantTransactionId === mtid && !e.reversed,
  );
  if (!leftOpen) return undefined;
  const reversalsSettled = [...settled, mtid];
  const extraDebits = state.extraDebits.map((e) =>
    e.reversalMerchantTransactionId === mtid ? { ...e, reversed: true, error: undefined } : e,
  );
  const stillOpen = [...(charge?.extraDebits ?? []), ...extraDebits].some(
    (e) => !e.reversed && !reversalsSettled.includes(e.reversalMerchantTransactionId),
  );
  const flags: ChargeFlag[] = state.flags.filter((f) => stillOpen || f !== 'double-debit-unreversed');
  if (!stillOpen && !flags.includes('double-debit-reversed')) flags.push('double-debit-reversed');
  return {
    changes: { reversalsSettled, extraDebits, flags },
    kind: 'reversal-settled',
    amountMinor: leftOpen.amountMinor,
    reason: `${leftOpen.reversal} ${mtid} of ${leftOpen.merchantTransactionId} settled after it was left open`,
  };
}

/** The charge's result as it stands after its follow-up applied late operations (chargeStatus shows this). */
export function resultAfterClose(
  result: ChargeResult,
  followUp: ChargeFollowUpState | undefined,
): ChargeResult {
  if (!followUp) return result;
  const settled = followUp.reversalsSettled ?? [];
  const lateRefund = followUp.refundedAfterCloseMinor;
  const openApplied = followUp.openOperationSettled !== undefined;
  const extraDebits = result.extraDebits?.map((e) =>
    settled.includes(e.reversalMerchantTransactionId) ? { ...e, reversed: true, error: undefined } : e,
  );
  const unreversed =
    (extraDebits ?? []).some((e) => !e.reversed) || followUp.extraDebits.some((e) => !e.reversed);
  const flags = result.flags?.filter((f) => unreversed || f !== 'double-debit-unreversed');
  if (flags && !unreversed && settled.length > 0 && !flags.includes('double-debit-reversed'))
    flags.push('double-debit-reversed');
  return {
    ...result,
    ...(lateRefund !== undefined ? { refundedMinor: (result.refundedMinor ?? 0) + lateRefund } : {}),
    ...(followUp.capturedAfterCloseMinor !== undefined ? { captured: true } : {}),
    ...(followUp.voidedAfterClose ? { voided: true } : {}),
    ...(openApplied ? { openOperation: undefined } : {}),
    ...(extraDebits ? { extraDebits } : {}),
    ...(flags ? { flags } : {}),
  };
}
