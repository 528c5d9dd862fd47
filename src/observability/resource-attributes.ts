/**
 * OTEL_RESOURCE_ATTRIBUTES as the OpenTelemetry specification defines it: `key=value` pairs separated by
 * commas, keys and values percent-decoded, surrounding spaces dropped. A malformed list is refused whole.
 */
export class ResourceAttributesError extends Error {
  override readonly name = 'ResourceAttributesError';
}

export function parseResourceAttributes(text: string | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (!text?.trim()) return attributes;
  for (const pair of text.split(',')) {
    if (!pair.trim()) continue;
    const at = pair.indexOf('=');
    if (at <= 0) throw new ResourceAttributesError(`not key=value: "${pair.trim()}"`);
    try {
      const key = decodeURIComponent(pair.slice(0, at).trim());
      const value = decodeURIComponent(pair.slice(at + 1).trim());
      if (!key) throw new ResourceAttributesError(`empty key in "${pair.trim()}"`);
      attributes[key] = value;
    } catch (err) {
      if (err instanceof ResourceAttributesError) throw err;
      throw new ResourceAttributesError(`malformed percent-escape in "${pair.trim()}"`);
    }
  }
  return attributes;
}
