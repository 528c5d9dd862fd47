/** The concerns the bench can switch off in its worker (bench/payments-worker.ts): `--without otel,codec`. */
export const CONCERNS = ['otel', 'codec', 'log', 'sinks'] as const;
export type Concern = (typeof CONCERNS)[number];

/** Comma-separated names; an unknown name is an error, not a concern silently left on. */
export function parseWithout(list: string): Set<Concern> {
  const names = list.split(',').filter((s) => s !== '');
  const unknown = names.filter((n) => !(CONCERNS as readonly string[]).includes(n));
  if (unknown.length > 0)
    throw new Error(`unknown concern ${unknown.join(', ')}; known: ${CONCERNS.join(', ')}`);
  return new Set(names as Concern[]);
}
