import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import {
  BILLING_CHARGES_FINISHED_TOTAL,
  BILLING_CHARGES_STARTED_TOTAL,
  CHARGES_TOTAL,
  COLLECTED_MINOR_TOTAL,
} from '../../src/observability/business-metrics.js';
import { GATEWAY_CALL_DURATION } from '../../src/observability/gateway-call.js';
import { WebhookMetrics } from '../../src/observability/webhook-metrics.js';
import { BILLING_IN_DUNNING, BILLING_IN_FLIGHT } from '../../src/observability/workflow-metrics.js';
import { ConfigError, loadConfig } from '../../src/config.js';

interface Panel {
  readonly type: string;
  readonly title: string;
  readonly targets?: { readonly expr: string }[];
}

describe('observability: dashboard and configuration', () => {
  const dashboard = JSON.parse(
    readFileSync(new URL('../../deploy/grafana/ixopay-dashboard.json', import.meta.url), 'utf8'),
  ) as { panels: Panel[]; uid: string };
  const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

  it('the Grafana dashboard charts every business metric the code emits', () => {
    const webhook = new WebhookMetrics();
    const names = [
      CHARGES_TOTAL,
      COLLECTED_MINOR_TOTAL,
      `${GATEWAY_CALL_DURATION}_bucket`,
      `${GATEWAY_CALL_DURATION}_count`,
      BILLING_CHARGES_STARTED_TOTAL,
      BILLING_CHARGES_FINISHED_TOTAL,
      BILLING_IN_FLIGHT,
      BILLING_IN_DUNNING,
      ...[webhook.received, webhook.rejected, webhook.signalled, webhook.ignored, webhook.signalFailures].map(
        (c) => c.name,
      ),
    ];
    for (const name of names) {
      assert.ok(
        exprs.some((e) => e.includes(`${name}{`)),
        `no panel queries ${name}`,
      );
    }
  });

  it('every dashboard query names a metric of this project or of the Temporal SDK', () => {
    for (const expr of exprs) assert.match(expr, /\b(ixopay|temporal)_[a-z_]+\{/, expr);
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
});
