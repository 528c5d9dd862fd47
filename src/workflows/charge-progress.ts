/**
 * Where a charge stands, as its state query answers it, and how it shows that: the workflow's current details
 * (a phase line) and its ChargeStatus search attribute.
 */
import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { ChargeResult, TransactionOutcome } from '../contract/domain.js';
import { ChargeStatusKey } from '../temporal/search-attributes.js';
import type { CallbackInbox } from './callback-inbox.js';
import type { ChargeSettlement } from './charge-settlement.js';
import type { ChargePhase, ChargeState } from '../contract/messages.js';
import { phaseLine } from '../contract/visibility.js';

export class ChargeProgress {
  phase: ChargePhase = 'authenticating';
  /** Number of the debit attempt under way (1-based); 0 before the first. */
  attempt = 0;
  /** The outcome of the attempt under way (or adopted). */
  current: TransactionOutcome | undefined;
  paymentToken: string | undefined = undefined;
  /** When the next attempt is due, while the charge waits for it. */
  nextAttemptAt: string | undefined;
  /** The charge's decided result, once published. */
  result: ChargeResult | undefined = undefined;
  /** The attempt a retry wait was for, until it is sent: a lost workflow task may have sent it unrecorded. */
  plannedNext: number | undefined;

  constructor(
    private readonly chargeId: string,
    private readonly inbox: CallbackInbox,
    private readonly settlement: Pick<ChargeSettlement, 'result' | 'phase'>,
  ) {}

  /** The result as it stands now: after a capture, void or refund, the settlement's. */
  latest(): ChargeResult | undefined {
    return this.settlement.result ?? this.result;
  }

  state(): ChargeState {
    const { current } = this;
    return {
      chargeId: this.chargeId,
      phase: this.settlement.phase ?? this.phase,
      attempt: this.attempt,
      merchantTransactionId: current?.merchantTransactionId,
      uuid: current?.uuid,
      redirectUrl: current?.status === 'redirect' ? current.redirectUrl : undefined,
      paymentToken: this.paymentToken,
      nextAttemptAt: this.nextAttemptAt,
      result: this.latest(),
      callbacksSeen: this.inbox.accepted,
    };
  }

  /** Current details: the phase and what else is worth a glance. */
  show(...parts: (string | undefined)[]): void {
    setCurrentDetails(phaseLine(this.phase, parts));
  }

  setStatus(status: string): void {
    upsertSearchAttributes([{ key: ChargeStatusKey, value: status }]);
  }
}
