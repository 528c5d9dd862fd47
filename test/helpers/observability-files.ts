/**
 * The shipped Grafana dashboard and Prometheus alert rules, read for tests: their queries and the metric names
 * those queries use.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface DashboardTarget {
  readonly expr: string;
  readonly datasource?: { readonly type: string; readonly uid: string };
}
export interface DashboardPanel {
  readonly type: string;
  readonly title: string;
  readonly datasource?: { readonly type: string; readonly uid: string };
  readonly targets?: DashboardTarget[];
}
export interface Dashboard {
  readonly uid: string;
  readonly panels: DashboardPanel[];
  readonly templating: { list: { name: string; type: string; query: unknown; datasource?: unknown }[] };
  readonly __inputs?: unknown;
}
export interface AlertRule {
  readonly alert?: unknown;
  readonly expr?: unknown;
  readonly for?: unknown;
  readonly labels?: Record<string, unknown>;
  readonly annotations?: Record<string, unknown>;
}

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

export const dashboard = JSON.parse(read('deploy/grafana/ixopay-dashboard.json')) as Dashboard;
export const dashboardExprs: string[] = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

/** js-yaml ships with the lint toolchain (declared in devDependencies); it has no bundled types. */
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
export const ALERT_RULES_TEXT = read('deploy/prometheus/alerts.yml');
export const alertRules = yaml.load(ALERT_RULES_TEXT);

/** The rules of a parsed rules file, [] when it has not the shape `groups: [{ name, rules: [...] }]`. */
export function rulesOf(parsed: unknown): AlertRule[] {
  const groups = (parsed as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((g: { rules?: unknown }) =>
    Array.isArray(g?.rules) ? (g.rules as AlertRule[]) : [],
  );
}

/** The metric names a PromQL expression selects (this project's, the SDK's and the Node process ones). */
export function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b((?:ixopay|temporal|nodejs|process)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);
}

/** Every metric name the dashboard and the alert rules query. */
export function queriedMetricNames(): Set<string> {
  const exprs = [...dashboardExprs, ...rulesOf(alertRules).map((r) => String(r.expr))];
  return new Set(exprs.flatMap(metricNames));
}

/** The metric names in a Prometheus text exposition: every sample name and every `# TYPE` family. */
export function scrapedMetricNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const family = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) /.exec(line);
    if (family) names.add(family[1]!);
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{| )/.exec(line);
    if (sample) names.add(sample[1]!);
  }
  return names;
}
