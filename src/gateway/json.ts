/** JSON helpers for the wire: what we leave out and how we read replies. */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Drops null and undefined values, then empty arrays and objects, at every depth, as the official client's
 * `purgeNullValues` does: the gateway treats a missing field and a null one alike.
 */
export function compact(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(compact).filter((item) => item !== undefined);
  }
  if (!isPlainObject(value)) return value ?? undefined;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const kept = compact(item);
    const empty =
      kept === undefined ||
      (Array.isArray(kept) ? kept.length === 0 : isPlainObject(kept) && Object.keys(kept).length === 0);
    if (!empty) out[key] = kept;
  }
  return out;
}

/** Replies: null means absent, so schemas only deal with present-or-missing fields. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== null) out[key] = withoutNulls(item);
  return out;
}

/** Parses a JSON object; undefined for anything else (not JSON, or JSON that is not an object). */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? (withoutNulls(value) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
