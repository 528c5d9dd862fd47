/** `worker` and `webhook`: the long-running processes of a production deployment, configured from the environment. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { paymentsDataConverter } from '../../codec/index.js';
import { ConfigError, DEVELOPMENT_MODE_WARNING, loadConfig, type AppConfig } from '../../config/config.js';
import { JsonLogger, logFunction } from '../../observability/logger.js';
import { clientObservabilityOptions } from '../../observability/options.js';
import { installRuntime, metricsBindAddress } from '../../observability/runtime.js';
import { startTracingFromConfig } from '../../observability/tracing.js';
import { startHealthServer, type HealthServer } from '../../observability/worker-health.js';
import { CALLBACK_PATH, startWebhookServer } from '../../webhook/server.js';
import { assertSearchAttributes } from '../../temporal/search-attribute-check.js';
import { startWorkerService } from '../../worker-service.js';
import { derivedBuildId, productionDeploymentProblems, workerDeployment } from '../../temporal/deployment.js';
import { EXIT, parse } from '../args.js';
import { connectNamed } from '../context.js';
import { WEBHOOK_USAGE, WORKER_USAGE } from './services-usage.js';

function serviceLogger(service: string, config: ReturnType<typeof loadConfig>): JsonLogger {
  return new JsonLogger({ level: config.observability.logLevel, base: { service } });
}

/** Development mode says so loudly, on stderr and in the service's log. */
function warnDevelopmentMode(config: AppConfig, logger: JsonLogger): void {
  if (config.mode !== 'development') return;
  console.error(`*** ${DEVELOPMENT_MODE_WARNING} ***`);
  logger.warn(DEVELOPMENT_MODE_WARNING, { mode: config.mode });
}

/** The worker's deployment and build id; production must say whether versioning is on. */
function workerDeploymentFrom(config: AppConfig): ReturnType<typeof workerDeployment> {
  const settings = config.deployment;
  const buildId = settings.buildId ?? derivedBuildId();
  const problems = config.mode === 'production' ? productionDeploymentProblems(settings, buildId) : [];
  if (problems.length > 0) {
    throw new ConfigError(
      `invalid configuration (production mode):\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`,
      problems.map((p) => p.variable),
    );
  }
  return workerDeployment({ ...settings, buildId, versioning: settings.versioning ?? false });
}

export async function workerCommand(argv: string[]): Promise<number> {
  parse(argv, {}, WORKER_USAGE);
  const config = loadConfig(process.env, 'worker');
  const logger = serviceLogger('worker', config);
  const logJson = logFunction(logger);
  warnDevelopmentMode(config, logger);
  const deployment = workerDeploymentFrom(config);
  installRuntime({ logger, metricsBindAddress: metricsBindAddress(config.observability) });
  const tracing = startTracingFromConfig(config.observability, 'worker');
  mkdirSync(config.dataDir, { recursive: true });
  let health: HealthServer | undefined;
  try {
    const service = await startWorkerService({
      temporal: config.temporal,
      taskQueue: config.taskQueue,
      gateway: config.gateway,
      customerStore: {
        url: config.customerStoreUrl,
        file: config.customerDbFile,
        personalDataKey: config.personalDataKey,
        migrations: config.customerStoreMigrations,
      },
      callbackUrl: `${config.webhook.publicUrl}${CALLBACK_PATH}`,
      sessionProofSecrets: config.sessionProofSecrets,
      payloadKeys: config.payloadKeys,
      mode: config.mode,
      reportDir: join(config.dataDir, 'reports'),
      workflowBundlePath: config.workflowBundlePath,
      deployment,
    });
    const { healthPort, metricsHost } = config.observability;
    health =
      healthPort === undefined
        ? undefined
        : await startHealthServer({ worker: service.worker, host: metricsHost, port: healthPort });
    logJson('worker started', {
      taskQueue: service.taskQueue,
      namespace: service.namespace,
      metrics: metricsBindAddress(config.observability),
      health: health?.url,
      tracing: tracing !== undefined,
      deploymentName: deployment.deploymentName,
      buildId: deployment.buildId,
      versioning: deployment.versioning ? 'on' : 'off',
    });
    await service.run();
    logJson('worker stopped');
    return EXIT.ok;
  } finally {
    await health?.stop();
    await tracing?.shutdown();
  }
}

export async function webhookCommand(argv: string[]): Promise<number> {
  parse(argv, {}, WEBHOOK_USAGE);
  const config = loadConfig(process.env, 'webhook');
  const logger = serviceLogger('webhook', config);
  const logJson = logFunction(logger);
  warnDevelopmentMode(config, logger);
  const tracing = startTracingFromConfig(config.observability, 'webhook');
  const connection = await connectNamed(config, () => Connection.connect(config.temporal.connectionOptions));
  await assertSearchAttributes(connection, config.temporal.namespace ?? 'default').catch(
    async (err: unknown) => {
      await connection.close();
      throw err;
    },
  );
  const server = await startWebhookServer({
    taskQueue: config.taskQueue,
    client: new Client({
      connection,
      namespace: config.temporal.namespace ?? 'default',
      dataConverter: paymentsDataConverter(config.payloadKeys, config.mode),
      ...clientObservabilityOptions(),
    }),
    host: config.webhook.host,
    port: config.webhook.port,
    secrets: config.webhook.secrets,
    toleranceSeconds: config.webhook.toleranceSeconds,
    bodyHash: config.webhook.bodyHash,
    bodyHashMigration: config.webhook.bodyHashMigration,
    metricsPort: config.webhook.metricsPort,
    metricsHost: config.observability.metricsHost,
    log: logJson,
  });
  logJson('webhook listening', { callbackUrl: server.callbackUrl, metrics: server.metricsUrl ?? 'off' });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
  await connection.close();
  logJson('webhook stopped', { ...server.stats });
  await tracing?.shutdown();
  return EXIT.ok;
}
