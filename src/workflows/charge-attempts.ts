/**
 * The debit attempts of one charge and what the gateway may still do with them. An attempt whose outcome is
 * open (an uncertain error, a PENDING that never ended, a send that ran out of retries) can settle later, so:
 * before a new attempt id is used, every open attempt is looked up (callback inbox first, then the status API)
 * and adopted if it succeeded or is still pending; after the charge is decided, a success of any attempt other
 * than the adopted one is an extra debit that the charge reverses itself.
 *
 * With `strict` checks (charges started since the `charge-money-sweep` patch):
 * - every success the inbox holds for one of this charge's debit ids counts, whether or not history shows that
 *   the charge sent it (a local-activity send whose workflow task was lost leaves no trace in history);
 * - a success known only from a callback is confirmed with the status API before it is adopted or reversed;
 * - "no such transaction" does not close an attempt the gateway is known to hold (it answered with a uuid, or
 *   3004 duplicate id), and an attempt whose error code the table does not know blocks any new id.
 */
import type { TransactionOutcome } from '../contract/domain.js';
import { awaitFinalOutcome, type AwaitOptions } from './await-outcome.js';
import type { CallbackInbox } from './callback-inbox.js';
import { isConfirmedSuccess, type LookupAnswer, type Reconcile } from './gateway-lookup.js';

export interface Attempt {
  readonly merchantTransactionId: string;
  /** Last known outcome; undefined when the send itself failed without an answer. */
  outcome: TransactionOutcome | undefined;
  /** The gateway is known to hold this transaction, whatever a later look-up says. */
  exists?: boolean;
}

export interface StrictChecks {
  /** Checks a callback-reported success with the gateway (gateway-lookup.ts). */
  readonly confirm: (outcome: TransactionOutcome) => Promise<LookupAnswer>;
  /** This charge's own debit ids ("c.<chargeId>.d<n>"). */
  readonly isOwnDebit: (merchantTransactionId: string) => boolean;
}

export interface PriorOutcome {
  readonly success?: TransactionOutcome | undefined;
  /** No new attempt id may be used. */
  readonly unknown: boolean;
  /** Strict: the gateway did not answer for an attempt, or cannot find one it holds; ask again later. */
  readonly unanswered: boolean;
}

export class ChargeAttempts {
  readonly list: Attempt[] = [];

  constructor(
    private readonly inbox: CallbackInbox,
    private readonly strict?: StrictChecks,
  ) {}

  add(merchantTransactionId: string): Attempt {
    const attempt: Attempt = { merchantTransactionId, outcome: undefined };
    this.list.push(attempt);
    return attempt;
  }

  /** A transaction found at the gateway under one of this charge's ids that history did not record sending. */
  track(found: TransactionOutcome): Attempt {
    const known = this.list.find((a) => a.merchantTransactionId === found.merchantTransactionId);
    const attempt = known ?? this.add(found.merchantTransactionId);
    attempt.outcome = found;
    attempt.exists = true;
    return attempt;
  }

  /** Attempts whose outcome may still change at the gateway. */
  open(except?: string): Attempt[] {
    return this.list.filter((a) => {
      if (a.merchantTransactionId === except) return false;
      const o = a.outcome;
      if (!o) return true;
      if (o.status === 'pending' || o.status === 'redirect') return true;
      return o.status !== 'succeeded' && o.error?.uncertain === true;
    });
  }

  /** Successes callbacks reported for this charge's debits (strict: any debit id, else recorded attempts). */
  private inboxSuccesses(): TransactionOutcome[] {
    if (this.strict) {
      const own = this.strict.isOwnDebit;
      return this.inbox.successes().filter((o) => own(o.merchantTransactionId));
    }
    const out: TransactionOutcome[] = [];
    for (const a of this.list) {
      const seen = this.inbox.finalFor(a.merchantTransactionId);
      if (seen?.status === 'succeeded') out.push(seen);
    }
    return out;
  }

  /** A success a callback already reported for a debit other than `except` (no gateway call). */
  inboxSuccess(except?: string): TransactionOutcome | undefined {
    return this.inboxSuccesses().find((o) => o.merchantTransactionId !== except);
  }

  /** Every success known for this charge's debits: callbacks first, then what replies and look-ups said. */
  successes(): TransactionOutcome[] {
    const out = new Map<string, TransactionOutcome>();
    for (const o of this.inboxSuccesses()) out.set(o.merchantTransactionId, o);
    for (const a of this.list) {
      const id = a.merchantTransactionId;
      if (!out.has(id) && a.outcome?.status === 'succeeded') out.set(id, a.outcome);
    }
    return [...out.values()];
  }

  /** Successes of debits other than the adopted one: extra debits to reverse. */
  extraSuccesses(adopted: string): TransactionOutcome[] {
    if (this.strict) return this.successes().filter((o) => o.merchantTransactionId !== adopted);
    // Charges from before the patch: in the order they replay.
    const out: TransactionOutcome[] = [];
    for (const a of this.list) {
      if (a.merchantTransactionId === adopted) continue;
      const seen = this.inbox.finalFor(a.merchantTransactionId);
      if (seen?.status === 'succeeded') out.push(seen);
      else if (a.outcome?.status === 'succeeded') out.push(a.outcome);
    }
    return out;
  }

  /**
   * A success from the inbox, checked with the gateway when strict: the gateway's record if it confirms,
   * `unanswered` if it could not be asked, undefined if it said otherwise (the inbox then holds its word).
   */
  async confirmed(success: TransactionOutcome): Promise<TransactionOutcome | 'unanswered' | undefined> {
    if (!this.strict) return success;
    const answer = await this.strict.confirm(success);
    if (isConfirmedSuccess(answer)) return answer;
    if (answer === 'unanswered') return 'unanswered';
    this.inbox.correct(success.merchantTransactionId, answer === 'absent' ? undefined : answer);
    return undefined;
  }

  /** The first inbox success the gateway confirms; `unanswered` when one could not be checked. */
  private async confirmedInboxSuccess(): Promise<TransactionOutcome | 'unanswered' | undefined> {
    for (let s = this.inboxSuccess(); s; s = this.inboxSuccess()) {
      const checked = await this.confirmed(s);
      if (checked) return checked;
    }
    return undefined;
  }

  /**
   * Looks up every open attempt: returns the first that succeeded (with `wait`, waiting out one still pending),
   * or none. `unknown` is true when an attempt could not be looked up or is still pending: then no new id may
   * be used. `unanswered` (strict) when the gateway did not answer for one, or cannot find one it is known to
   * hold: asking again later may still find a success.
   */
  async settledPrior(reconcile: Reconcile, wait: AwaitOptions | undefined): Promise<PriorOutcome> {
    const early = await this.confirmedInboxSuccess();
    if (early === 'unanswered') return { unknown: true, unanswered: true };
    if (early) return { success: early, unknown: false, unanswered: false };
    let unknown = false;
    let unanswered = false;
    for (const a of this.open()) {
      const seen = this.inbox.finalFor(a.merchantTransactionId);
      let status: TransactionOutcome | undefined = seen;
      if (!status) {
        try {
          status = await reconcile({ merchantTransactionId: a.merchantTransactionId });
        } catch {
          unknown = true;
          unanswered = true;
          continue;
        }
      }
      if (!status) {
        if (this.strict && (a.exists || a.outcome?.uuid !== undefined)) {
          // The gateway holds it (it answered, or refused a duplicate id) but cannot find it: still open.
          unknown = true;
          unanswered = true;
          continue;
        }
        // The gateway has no such transaction: it was never committed, nothing can settle.
        a.outcome = { merchantTransactionId: a.merchantTransactionId, status: 'failed', source: 'status' };
        continue;
      }
      // Before a new id, a pending attempt is waited out; a final answer of the charge does not wait again.
      if (wait && (status.status === 'pending' || status.status === 'redirect')) {
        status = await awaitFinalOutcome(this.inbox, status, wait);
      }
      if (status.status === 'succeeded') {
        const checked = await this.confirmed(status);
        if (checked === 'unanswered') {
          unknown = true;
          unanswered = true;
          continue;
        }
        if (checked) return { success: checked, unknown: false, unanswered: false };
        status = this.inbox.finalFor(a.merchantTransactionId) ?? { ...status, status: 'pending' };
      }
      if (status.status === 'pending' || status.status === 'redirect') {
        unknown = true;
        a.outcome = status;
        continue;
      }
      // An error that may still settle stays open (watched for a late success); a decline is final.
      a.outcome = {
        ...status,
        error: status.error ?? a.outcome?.error,
      };
      // A code the error table does not know never allows a new id.
      if (this.strict && a.outcome.error?.unknownCode) unknown = true;
    }
    return { unknown, unanswered };
  }
}
