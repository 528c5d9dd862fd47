import { gatewayErrorFrom } from './errors/gateway-error-from.js';
import { issuesFrom } from './errors/malformed-response-error.js';
import { parseJsonObject } from './json.js';
import { CallbackBody } from './schemas/callback.js';

/** A parsed callback; `unreadableAmounts` when its amounts were left out because they could not be read. */
export type ParsedCallback = CallbackBody & { readonly unreadableAmounts?: true };

const AMOUNT_HOLDERS = ['chargebackData', 'chargebackReversalData'] as const;

/** The body without its amounts (top level and the chargeback blocks). */
function withoutAmounts(json: Record<string, unknown>): Record<string, unknown> {
  const { amount: _amount, currency: _currency, ...rest } = json;
  for (const key of AMOUNT_HOLDERS) {
    const block = rest[key];
    if (block && typeof block === 'object' && !Array.isArray(block)) {
      const { amount: _a, currency: _c, ...kept } = block as Record<string, unknown>;
      rest[key] = kept;
    }
  }
  return rest;
}

/**
 * Parses a callback body (after its signature was verified with `verify` from signature.ts) into a typed
 * callback, amounts in minor units. Throws GatewayMalformedResponseError (not retryable, outcome known: the
 * gateway will deliver again) when the body is not JSON or misses required fields; the body is never copied into
 * the error. A signed callback whose only fault is an amount we cannot read (a currency this version does not
 * know) is the gateway's word all the same: it is returned without its amounts (`unreadableAmounts`), since
 * refusing it would make the gateway deliver it again for ever.
 */
export function parseCallback(rawBody: string): ParsedCallback {
  const json = parseJsonObject(rawBody);
  const parsed = json ? CallbackBody.safeParse(json) : undefined;
  if (parsed?.success) return parsed.data;
  const lenient = json ? CallbackBody.safeParse(withoutAmounts(json)) : undefined;
  if (lenient?.success) return { ...lenient.data, unreadableAmounts: true };
  throw gatewayErrorFrom({
    kind: 'malformed',
    operation: 'callback',
    issues: parsed ? issuesFrom(parsed.error) : [],
    mutating: false,
  });
}
