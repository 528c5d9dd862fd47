/**
 * What a charge does after an attempt that failed or was declined: a new attempt after a short back-off (a
 * transient gateway failure, while its budget lasts), a new attempt after the next dunning delay (a soft
 * decline, while delays are left), or none. Pure: the policy and the retries used so far in, the choice and the
 * retries used after it out.
 */
import type { GatewayErrorInfo } from '../contract/domain.js';

export interface RetryPolicy {
  /** New attempts allowed after transient gateway failures. */
  readonly transientRetries: number;
  /** Pause (seconds) before each new attempt after a soft decline; one new attempt per entry. */
  readonly dunningDelaysSeconds: readonly number[];
}

export interface RetriesUsed {
  readonly transient: number;
  readonly dunning: number;
}

export const NO_RETRIES_USED: RetriesUsed = { transient: 0, dunning: 0 };

export type RetryChoice =
  /** No new attempt: the attempt's outcome is the charge's, unless an earlier attempt settled after all. */
  | { readonly kind: 'give-up'; readonly used: RetriesUsed }
  /** A new attempt after an exponential back-off (5 s, 10 s, 20 s, …). */
  | { readonly kind: 'retry'; readonly delaySeconds: number; readonly used: RetriesUsed }
  /** A new attempt after the next dunning delay; `first` when the charge enters dunning now. */
  | {
      readonly kind: 'dunning';
      readonly delaySeconds: number;
      readonly first: boolean;
      readonly used: RetriesUsed;
    };

/** The policy a charge input asks for (2 transient retries and no dunning unless it says otherwise). */
export function retryPolicyOf(input: {
  readonly transientRetries?: number | undefined;
  readonly dunning?: { readonly retryDelaysSeconds: readonly number[] } | undefined;
}): RetryPolicy {
  return {
    transientRetries: input.transientRetries ?? 2,
    dunningDelaysSeconds: input.dunning?.retryDelaysSeconds ?? [],
  };
}

export function chooseRetry(
  error: GatewayErrorInfo | undefined,
  used: RetriesUsed,
  policy: RetryPolicy,
): RetryChoice {
  // A code the error table does not know may have been committed: never retried under a new id.
  if (error?.unknownCode) return { kind: 'give-up', used };
  if (error?.transient && used.transient < policy.transientRetries)
    return {
      kind: 'retry',
      delaySeconds: 2 ** used.transient * 5,
      used: { ...used, transient: used.transient + 1 },
    };
  if (error?.decline === 'soft' && used.dunning < policy.dunningDelaysSeconds.length)
    return {
      kind: 'dunning',
      delaySeconds: policy.dunningDelaysSeconds[used.dunning]!,
      first: used.dunning === 0,
      used: { ...used, dunning: used.dunning + 1 },
    };
  return { kind: 'give-up', used };
}
