/**
 * Typed search-attribute keys (defineSearchAttributeKey) for every attribute in SEARCH_ATTRIBUTES. Workflows
 * upsert typed pairs and starters pass typedSearchAttributes, so a name or a value type cannot drift from the
 * registration (src/temporal/names.ts stays the one list: dev server, cluster registration, startup check).
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import { SEARCH_ATTRIBUTES, type SearchAttributeName } from './names.js';

/** names.ts types → the SDK's SearchAttributeType. */
export const SEARCH_ATTRIBUTE_TYPES = {
  Keyword: SearchAttributeType.KEYWORD,
  KeywordList: SearchAttributeType.KEYWORD_LIST,
  Int: SearchAttributeType.INT,
} as const;

type SearchAttributeKey<T extends SearchAttributeType> = ReturnType<typeof defineSearchAttributeKey<T>>;
type TypeOf<N extends SearchAttributeName> = (typeof SEARCH_ATTRIBUTE_TYPES)[(typeof SEARCH_ATTRIBUTES)[N]];

function key<N extends SearchAttributeName>(name: N): SearchAttributeKey<TypeOf<N>> {
  return defineSearchAttributeKey(name, SEARCH_ATTRIBUTE_TYPES[SEARCH_ATTRIBUTES[name]] as TypeOf<N>);
}

export const CustomerIdKey = key('CustomerId');
export const ChargeStatusKey = key('ChargeStatus');
export const AmountMinorKey = key('AmountMinor');
export const CurrencyKey = key('Currency');
export const BillingRunIdKey = key('BillingRunId');
export const ChargeFlagsKey = key('ChargeFlags');

export type { SearchAttributePair };
