/** Task queue and search-attribute names, defined once for every side. */

export const TASK_QUEUE = 'ixopay-payments';

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
