import { gatewayErrorFrom } from './errors/gateway-error-from.js';
import { issuesFrom } from './errors/malformed-response-error.js';
import { parseJsonObject } from './json.js';
import { CallbackBody } from './schemas/callback.js';

/**
 * Parses a callback body (after its signature was verified with `verify` from signature.ts) into a typed
 * callback, amounts in minor units. Throws GatewayMalformedResponseError (not retryable, outcome known: the
 * gateway will deliver again) when the body is not JSON or misses required fields; the body is never copied into
 * the error.
 */
export function parseCallback(rawBody: string): CallbackBody {
  const json = parseJsonObject(rawBody);
  const parsed = json ? CallbackBody.safeParse(json) : undefined;
  if (parsed?.success) return parsed.data;
  throw gatewayErrorFrom({
    kind: 'malformed',
    operation: 'callback',
    issues: parsed ? issuesFrom(parsed.error) : [],
    mutating: false,
  });
}
