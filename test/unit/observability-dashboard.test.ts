import { strict as assert } from 'node:assert';
import {
  BILLING_CHARGES_FINISHED_TOTAL,
  BILLING_CHARGES_STARTED_TOTAL,
  BILLING_IN_DUNNING,
  BILLING_IN_FLIGHT,
  BILLING_RUNS_FINISHED_TOTAL,
  BILLING_WINDOW_UPDATED,
  CHARGE_FLAGS_TOTAL,
  CHARGES_OUTCOME_UNKNOWN_TOTAL,
  CHARGES_TOTAL,
  COLLECTED_MINOR_TOTAL,
} from '../../src/observability/business-metrics.js';
import { GATEWAY_CALL_DURATION, GATEWAY_CALLS_TOTAL } from '../../src/observability/gateway-call.js';
import { PROCESS_METRICS } from '../../src/observability/process-metrics.js';
import { WebhookMetrics } from '../../src/observability/webhook-metrics.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { tracingOptionsFromConfig } from '../../src/observability/tracing.js';
import {
  ALERT_RULES_TEXT,
  alertRules,
  dashboard,
  dashboardExprs,
  metricNames,
  rulesOf,
} from '../helpers/observability-files.js';

describe('observability: dashboard, alert rules and configuration', () => {
  it('the Grafana dashboard charts every business and process metric the code emits', () => {
    const webhook = new WebhookMetrics();
    const names = [
      CHARGES_TOTAL,
      COLLECTED_MINOR_TOTAL,
      CHARGE_FLAGS_TOTAL,
      CHARGES_OUTCOME_UNKNOWN_TOTAL,
      `${GATEWAY_CALL_DURATION}_bucket`,
      `${GATEWAY_CALL_DURATION}_count`,
      GATEWAY_CALLS_TOTAL,
      BILLING_CHARGES_STARTED_TOTAL,
      BILLING_CHARGES_FINISHED_TOTAL,
      BILLING_RUNS_FINISHED_TOTAL,
      BILLING_IN_FLIGHT,
      BILLING_IN_DUNNING,
      BILLING_WINDOW_UPDATED,
      PROCESS_METRICS.eventLoopLagP99,
      PROCESS_METRICS.heapUsed,
      ...[
        webhook.received,
        webhook.rejected,
        webhook.signalled,
        webhook.followUps,
        webhook.ignored,
        webhook.signalFailures,
      ].map((c) => c.name),
    ];
    for (const name of names) {
      assert.ok(
        dashboardExprs.some((e) => e.includes(`${name}{`)),
        `no panel queries ${name}`,
      );
    }
  });

  it('every dashboard query names a metric of this project, the Temporal SDK or the Node process', () => {
    for (const expr of dashboardExprs) {
      assert.match(expr, /\b(ixopay|temporal|nodejs|process)_[a-z0-9_]+\{/, expr);
      assert.doesNotMatch(expr, /taskQueue|workflowType|activityType|_ms_/, `old label or unit in ${expr}`);
    }
  });

  it('the dashboard takes its data source from a template variable, for file provisioning and UI import', () => {
    const variable = dashboard.templating.list.find((v) => v.type === 'datasource');
    assert.deepEqual([variable?.name, variable?.query], ['datasource', 'prometheus']);
    assert.equal(dashboard.__inputs, undefined, 'no import-only ${DS_…} input');
    const text = JSON.stringify(dashboard);
    assert.doesNotMatch(text, /\$\{DS_/);
    const sources = [
      ...dashboard.panels.filter((p) => p.type !== 'row').map((p) => p.datasource),
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.datasource)),
      ...dashboard.templating.list.filter((v) => v.type === 'query').map((v) => v.datasource),
    ];
    for (const source of sources) assert.deepEqual(source, { type: 'prometheus', uid: '${datasource}' });
  });

  it('the alert rules file parses and every rule is complete', () => {
    const rules = rulesOf(alertRules);
    assert.ok(rules.length >= 5, ALERT_RULES_TEXT.slice(0, 200));
    const names = rules.map((r) => r.alert);
    assert.equal(new Set(names).size, names.length, 'alert names are unique');
    for (const rule of rules) {
      assert.match(String(rule.alert), /^Ixopay[A-Za-z]+$/);
      assert.equal(typeof rule.expr, 'string', `${String(rule.alert)}: expr`);
      assert.ok(metricNames(String(rule.expr)).length > 0, `${String(rule.alert)} queries no metric`);
      if (rule.for !== undefined) assert.match(rule.for as string, /^\d+[smh]$/);
      assert.ok(['critical', 'warning'].includes(String(rule.labels?.['severity'])), String(rule.alert));
      assert.equal(typeof rule.annotations?.['summary'], 'string');
      assert.equal(typeof rule.annotations?.['description'], 'string');
      // Balanced brackets: the cheapest PromQL syntax check without promtool.
      const expr = String(rule.expr);
      for (const [open, close] of ['()', '{}', '[]']) {
        assert.equal(
          expr.split(open!).length,
          expr.split(close!).length,
          `${String(rule.alert)}: ${open}${close}`,
        );
      }
    }
    const watched = new Set(rules.flatMap((r) => metricNames(String(r.expr))));
    for (const name of [
      CHARGES_OUTCOME_UNKNOWN_TOTAL,
      CHARGE_FLAGS_TOTAL,
      `${GATEWAY_CALL_DURATION}_count`,
      BILLING_RUNS_FINISHED_TOTAL,
    ]) {
      assert.ok(watched.has(name), `no alert on ${name}`);
    }
    assert.ok(rules.some((r) => String(r.expr).includes('flag="double-debit-unreversed"')));
  });

  it('reads METRICS_PORT, LOG_LEVEL and the OTLP endpoint from the environment', () => {
    const off = loadConfig({ APP_MODE: 'development' }).observability;
    assert.equal(off.metricsPort, undefined);
    assert.equal(off.otlpEndpoint, undefined);
    assert.equal(off.logLevel, 'INFO');
    const on = loadConfig({
      APP_MODE: 'development',
      METRICS_PORT: '9464',
      METRICS_HOST: '127.0.0.2',
      LOG_LEVEL: 'WARN',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    }).observability;
    assert.deepEqual(
      [on.metricsHost, on.metricsPort, on.logLevel, on.otlpEndpoint],
      ['127.0.0.2', 9464, 'WARN', 'http://collector:4318'],
    );
    assert.throws(() => loadConfig({ APP_MODE: 'development', METRICS_PORT: 'ninety' }), ConfigError);
    assert.throws(() => loadConfig({ APP_MODE: 'development', LOG_LEVEL: 'LOUD' }), ConfigError);
  });

  it('names the service OTEL_SERVICE_NAME exactly, and keeps OTEL_RESOURCE_ATTRIBUTES', () => {
    const named = (env: Record<string, string>) =>
      tracingOptionsFromConfig(loadConfig({ APP_MODE: 'development', ...env }).observability, 'webhook');
    assert.deepEqual(named({}), { serviceName: 'ixopay-temporal-webhook', resourceAttributes: {} });
    assert.equal(named({ OTEL_SERVICE_NAME: 'payments-hooks' }).serviceName, 'payments-hooks');
    const withAttributes = named({
      OTEL_RESOURCE_ATTRIBUTES: ' service.name=from-attrs , deployment.environment.name=prod,team=pay%20ops',
    });
    assert.deepEqual(withAttributes, {
      serviceName: 'from-attrs',
      resourceAttributes: {
        'service.name': 'from-attrs',
        'deployment.environment.name': 'prod',
        team: 'pay ops',
      },
    });
    assert.equal(
      named({ OTEL_SERVICE_NAME: 'svc', OTEL_RESOURCE_ATTRIBUTES: 'service.name=other' }).serviceName,
      'svc',
    );
    for (const bad of ['novalue', '=x', 'a=%zz']) {
      assert.throws(
        () => loadConfig({ APP_MODE: 'development', OTEL_RESOURCE_ATTRIBUTES: bad }),
        ConfigError,
        bad,
      );
    }
  });
});
