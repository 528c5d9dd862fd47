/**
 * Gateway callbacks received by a workflow. Deduplicated by transaction uuid + result; a final result
 * (OK/ERROR) is never replaced by a late PENDING, an ERROR is replaced by a later OK (the transaction settled
 * late); a callback that arrives before the synchronous reply is kept
 * and found when the reply says PENDING/REDIRECT.
 */
import type { GatewayCallbackEvent, TransactionOutcome } from '../contract/domain.js';
import { isFinal, outcomeFromCallback } from '../outcomes.js';

/** The shape every handler of a gateway-callback signal checks before it acts (signals are not trusted). */
export function isCallbackEvent(value: unknown): value is GatewayCallbackEvent {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e['merchantTransactionId'] === 'string' &&
    typeof e['uuid'] === 'string' &&
    typeof e['result'] === 'string'
  );
}

export class CallbackInbox {
  private readonly seen = new Set<string>();
  private readonly latest = new Map<string, TransactionOutcome>();
  /** The dedup key of the callback behind each latest outcome (so a refuted one can be sent again). */
  private readonly latestKey = new Map<string, string>();
  /** Number of distinct callbacks accepted (duplicates excluded). */
  accepted = 0;
  duplicates = 0;

  /**
   * Records a callback; returns false for a duplicate, a result that says nothing, or a value that is no
   * callback at all (a refused plaintext signal decodes to null): a signal never fails the workflow task.
   */
  record(event: GatewayCallbackEvent): boolean {
    if (!isCallbackEvent(event)) return false;
    const key = `${event.uuid}:${event.result}`;
    if (this.seen.has(key)) {
      this.duplicates++;
      return false;
    }
    this.seen.add(key);
    const outcome = outcomeFromCallback(event);
    if (!outcome) return false;
    this.accepted++;
    const previous = this.latest.get(event.merchantTransactionId);
    // A final result is kept against a late PENDING; a success replaces an earlier error (a late settle), and
    // nothing replaces a success.
    if (
      !previous ||
      !isFinal(previous.status) ||
      (outcome.status === 'succeeded' && previous.status !== 'succeeded')
    ) {
      this.latest.set(event.merchantTransactionId, outcome);
      this.latestKey.set(event.merchantTransactionId, key);
    }
    return true;
  }

  /**
   * The gateway's status API contradicted what a callback said (a forged or premature success): its record
   * replaces the callback's when final, else the callback's is dropped. The same callback, sent again, is
   * taken again (and checked again).
   */
  correct(merchantTransactionId: string, truth: TransactionOutcome | undefined): void {
    const key = this.latestKey.get(merchantTransactionId);
    if (key !== undefined) this.seen.delete(key);
    this.latestKey.delete(merchantTransactionId);
    if (truth && isFinal(truth.status)) this.latest.set(merchantTransactionId, truth);
    else this.latest.delete(merchantTransactionId);
  }

  /** Every success reported so far, by merchantTransactionId, in the order first recorded. */
  successes(): TransactionOutcome[] {
    return [...this.latest.values()].filter((o) => o.status === 'succeeded');
  }

  /** The final outcome a callback reported for this merchantTransactionId, if any. */
  finalFor(merchantTransactionId: string): TransactionOutcome | undefined {
    const outcome = this.latest.get(merchantTransactionId);
    return outcome && isFinal(outcome.status) ? outcome : undefined;
  }
}
