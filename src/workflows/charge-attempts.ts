/**
 * The debit attempts of one charge and what the gateway may still do with them. An attempt whose outcome is
 * open (an uncertain error, a PENDING that never ended, a send that ran out of retries) can settle later, so:
 * before a new attempt id is used, every open attempt is looked up (callback inbox first, then the status API)
 * and adopted if it succeeded or is still pending; after the charge is decided, a success of any attempt other
 * than the adopted one is an extra debit that the charge reverses itself.
 */
import type { TransactionOutcome } from '../domain.js';
import { awaitFinalOutcome, type AwaitOptions } from './await-outcome.js';
import type { CallbackInbox } from './callback-inbox.js';

export interface Attempt {
  readonly merchantTransactionId: string;
  /** Last known outcome; undefined when the send itself failed without an answer. */
  outcome: TransactionOutcome | undefined;
}

type Reconcile = (input: { merchantTransactionId: string }) => Promise<TransactionOutcome | undefined>;

export class ChargeAttempts {
  readonly list: Attempt[] = [];

  constructor(private readonly inbox: CallbackInbox) {}

  add(merchantTransactionId: string): Attempt {
    const attempt: Attempt = { merchantTransactionId, outcome: undefined };
    this.list.push(attempt);
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

  /** A success a callback already reported for an attempt other than `except` (no gateway call). */
  inboxSuccess(except?: string): TransactionOutcome | undefined {
    for (const a of this.list) {
      if (a.merchantTransactionId === except) continue;
      const seen = this.inbox.finalFor(a.merchantTransactionId);
      if (seen?.status === 'succeeded') return seen;
    }
    return undefined;
  }

  /** Successes of attempts other than the adopted one: extra debits to reverse. */
  extraSuccesses(adopted: string): TransactionOutcome[] {
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
   * Looks up every open attempt: returns the first that succeeded (with `wait`, waiting out one still pending),
   * or none. `unknown` is true when an attempt could not be looked up or is still pending: then no new id may
   * be used.
   */
  async settledPrior(
    reconcile: Reconcile,
    wait: AwaitOptions | undefined,
  ): Promise<{ success?: TransactionOutcome; unknown: boolean }> {
    const early = this.inboxSuccess();
    if (early) return { success: early, unknown: false };
    let unknown = false;
    for (const a of this.open()) {
      const seen = this.inbox.finalFor(a.merchantTransactionId);
      let status: TransactionOutcome | undefined = seen;
      if (!status) {
        try {
          status = await reconcile({ merchantTransactionId: a.merchantTransactionId });
        } catch {
          unknown = true;
          continue;
        }
      }
      if (!status) {
        // The gateway has no such transaction: it was never committed, nothing can settle.
        a.outcome = { merchantTransactionId: a.merchantTransactionId, status: 'failed', source: 'status' };
        continue;
      }
      // Before a new id, a pending attempt is waited out; a final answer of the charge does not wait again.
      if (wait && (status.status === 'pending' || status.status === 'redirect')) {
        status = await awaitFinalOutcome(this.inbox, status, wait);
      }
      if (status.status === 'succeeded') return { success: status, unknown: false };
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
    }
    return { unknown };
  }
}
