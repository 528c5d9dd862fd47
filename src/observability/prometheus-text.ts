/**
 * A counter family in the Prometheus text exposition format (version 0.0.4): enough for the webhook's few
 * counters without a metrics library. Label values are escaped; label sets are kept in insertion order.
 */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const escapeLabel = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export class Counter<L extends string = never> {
  readonly #values = new Map<string, { labels: Record<string, string>; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[] = [],
  ) {}

  inc(labels: Record<L, string> = {} as Record<L, string>, by = 1): void {
    const key = this.labelNames.map((l) => labels[l]).join('\u0000');
    const entry = this.#values.get(key) ?? { labels: { ...labels }, value: 0 };
    entry.value += by;
    this.#values.set(key, entry);
  }

  /** The current value of one label set (0 when never incremented). */
  get(labels: Record<L, string> = {} as Record<L, string>): number {
    return this.#values.get(this.labelNames.map((l) => labels[l]).join('\u0000'))?.value ?? 0;
  }

  /** The sum over every label set. */
  total(): number {
    let sum = 0;
    for (const { value } of this.#values.values()) sum += value;
    return sum;
  }

  expose(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.#values.size === 0 && this.labelNames.length === 0) lines.push(`${this.name} 0`);
    for (const { labels, value } of this.#values.values()) {
      const set = Object.entries(labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',');
      lines.push(`${this.name}${set ? `{${set}}` : ''} ${value}`);
    }
    return lines.join('\n');
  }
}

export function exposition(counters: readonly Counter<string>[]): string {
  return `${counters.map((c) => c.expose()).join('\n')}\n`;
}
