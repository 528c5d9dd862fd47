/**
 * What a charge's after-the-fact events add up to, whatever order they arrived in: chargebacks by their uuid,
 * each reversal cancelling (part of) the chargeback it names, back-office refunds by their uuid. The status and
 * the billing correction are derived from these facts, never from the last event seen.
 */
import type { ChargeResult } from '../contract/domain.js';
import type { AfterTheFactStatus, FollowUpFacts } from '../contract/messages.js';

export type { FollowUpFacts } from '../contract/messages.js';

export const emptyFacts = (): FollowUpFacts => ({ chargebacks: {}, reversals: {}, refunds: {} });

/** Net amount still charged back: each chargeback less the reversals naming it; unnamed reversals net the rest. */
export function netChargedBack(facts: FollowUpFacts): number {
  const open: Record<string, number> = { ...facts.chargebacks };
  let unnamed = 0;
  for (const r of Object.values(facts.reversals)) {
    if (r.chargebackUuid !== undefined && r.chargebackUuid in open)
      open[r.chargebackUuid] = Math.max(0, (open[r.chargebackUuid] ?? 0) - r.amountMinor);
    else if (r.chargebackUuid === undefined) unnamed += r.amountMinor;
    // A reversal naming a chargeback not seen yet waits for it: it cancels it once it arrives.
  }
  const named = Object.values(open).reduce((a, b) => a + b, 0);
  return Math.max(0, named - unnamed);
}

export const refundedTotal = (facts: FollowUpFacts): number =>
  Object.values(facts.refunds).reduce((a, b) => a + b, 0);

export type FollowUpStatus = ChargeResult['status'] | AfterTheFactStatus;

/**
 * The status the charge shows: an open chargeback outranks everything, then back-office refunds, then a late
 * success; a chargeback fully reversed leaves the status it had before.
 */
export function statusFrom(
  facts: FollowUpFacts,
  base: {
    readonly original: ChargeResult['status'] | undefined;
    readonly lateSuccess: boolean;
    readonly amountMinor: number;
  },
): FollowUpStatus {
  if (netChargedBack(facts) > 0) return 'charged-back';
  const refunded = refundedTotal(facts);
  if (refunded > 0) return refunded >= base.amountMinor ? 'refunded' : 'partially-refunded';
  if (base.lateSuccess) return 'succeeded-late';
  if (Object.keys(facts.chargebacks).length > 0) return 'chargeback-reversed';
  return base.original ?? 'failed';
}

/** What the billing run's row and subscription should say; undefined while nothing after the close changes it. */
export function billingStatusFrom(
  facts: FollowUpFacts,
  lateSuccess: boolean,
): 'succeeded-late' | 'charged-back' | 'chargeback-reversed' | undefined {
  if (netChargedBack(facts) > 0) return 'charged-back';
  if (lateSuccess) return 'succeeded-late';
  if (Object.keys(facts.chargebacks).length > 0) return 'chargeback-reversed';
  return undefined;
}
