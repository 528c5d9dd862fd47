/** Task queue and search-attribute names, defined once for every side. */

export const TASK_QUEUE = 'ixopay-payments';

/**
 * startToClose of one gateway call (activity or local activity). The HTTP timeout (IXOPAY_TIMEOUT_MS) must end
 * a call well before it: a call still in flight when its attempt times out overlaps the next attempt.
 */
export const GATEWAY_ACTIVITY_TIMEOUT_MS = 30_000;
/** Room between the HTTP timeout and the activity timeout (signing, parsing, a slow event loop). */
export const GATEWAY_TIMEOUT_MARGIN_MS = 5_000;
/**
 * How long a stopping worker lets running activities finish: a gateway call started just before SIGTERM ends
 * (or times out) within it, so its answer is recorded instead of being asked about again elsewhere.
 * Orchestrators must allow more (e.g. Kubernetes terminationGracePeriodSeconds ≥ 45).
 */
export const WORKER_SHUTDOWN_GRACE_MS = GATEWAY_ACTIVITY_TIMEOUT_MS + GATEWAY_TIMEOUT_MARGIN_MS;

/** Custom search attributes the Web UI filters by, with their Temporal types. */
export const SEARCH_ATTRIBUTES = {
  CustomerId: 'Keyword',
  ChargeStatus: 'Keyword',
  AmountMinor: 'Int',
  Currency: 'Keyword',
  BillingRunId: 'Keyword',
  /** Markers an operator filters by: double-debit-reversed, succeeded-late, charged-back, … */
  ChargeFlags: 'KeywordList',
} as const;

export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;
