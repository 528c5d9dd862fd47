/**
 * The demo pipeline on the embedded default: dev server (SQLite, Web UI), simulator, webhook, worker; seeds
 * customers and runs each path of the charge pipeline, then prints the outcomes and exits 0 if all behaved.
 */
import { join, resolve } from 'node:path';
import { DEVELOPMENT_MODE_WARNING, loadConfig } from '../config/config.js';
import { JsonLogger } from '../observability/logger.js';
import { maskToken } from '../observability/redact.js';
import { installRuntime, metricsBindAddress } from '../observability/runtime.js';
import { issueSessionProof } from '../customers/index.js';
import { formatMoney, type Currency } from '../money.js';
import { startStack, type Stack } from '../embedded/stack.js';
import { freePort, isPortFree } from '../embedded/free-port.js';
import {
  DEV_PAYLOAD_KEY_LIST,
  EncryptionCodec,
  paymentsDataConverter,
  startCodecServer,
} from '../codec/index.js';
import type { ChargeResult } from '../contract/domain.js';
import { EXIT, parse, table } from './args.js';
import { DEMO_USAGE as USAGE } from './commands/services-usage.js';
import { followProgress } from './progress.js';
import { seedSubscriptions } from '../embedded/seed-subscriptions.js';
import { waitFor } from '../embedded/wait-for.js';
import { chargeThroughNexusEndpoint } from '../nexus/caller.js';
import { ensureNexusEndpoint } from '../nexus/endpoint.js';

/** The demo's caller namespace and Nexus endpoint (docs/nexus.md). */
const CALLER_NAMESPACE = 'payments-caller';
const NEXUS_ENDPOINT = 'ixopay-payments';

interface Row {
  readonly scenario: string;
  readonly expected: string;
  readonly outcome: string;
  readonly detail: string;
  readonly ok: boolean;
}

function describe(result: ChargeResult): string {
  const parts = [`attempts=${result.attempts}`];
  if (result.uuid) parts.push(`uuid=${result.uuid}`);
  if (result.error) parts.push(`error=${result.error.code} ${result.error.message}`);
  if (result.reason) parts.push(`reason=${result.reason}`);
  return parts.join(' ');
}

export async function runDemoScenarios(
  stack: Stack,
  runTag: string,
  log: (line: string) => void,
): Promise<Row[]> {
  const rows: Row[] = [];
  const id = (name: string): string => `${name}-${runTag}`;
  const eur = (minor: number): { amountMinor: number; currency: Currency } => ({
    amountMinor: minor,
    currency: 'EUR',
  });
  const secret = stack.sessionProofSecrets[0]!;

  log('seeding customers');
  const alice = id('alice');
  await stack.store.addCustomer({ id: alice, email: `alice.${runTag}@example.org`, name: 'Alice Example' });
  await stack.store.grantMandate(alice, { reference: `mandate-${alice}` });

  log('1. first purchase with registration (debit withRegister)');
  const reg = await stack.client.registerCustomer({
    registrationId: id('order-1'),
    customerId: alice,
    kind: 'debit',
    ...eur(4999),
    transactionToken: 'ix::test-visa',
  });
  rows.push({
    scenario: 'first purchase + register',
    expected: 'succeeded',
    outcome: reg.status,
    detail: `profile=${reg.profileGuid ?? '-'} token=${reg.paymentToken ? maskToken(reg.paymentToken) : '-'}`,
    ok: reg.status === 'succeeded' && Boolean(reg.profileGuid),
  });

  const charge = async (
    scenario: string,
    expected: string,
    chargeId: string,
    minor: number,
    extra: { initiator?: 'customer' } = {},
  ) => {
    const request = {
      chargeId,
      customerId: alice,
      ...eur(minor),
      ...(extra.initiator === 'customer'
        ? {
            initiator: 'customer' as const,
            sessionProof: issueSessionProof({ customerId: alice, chargeId, secret, ttlSeconds: 900 }),
          }
        : { initiator: 'merchant' as const }),
      description: scenario,
    };
    return { request, handle: await stack.client.startCharge(request), scenario, expected };
  };
  const record = (scenario: string, expected: string, result: ChargeResult, extraOk = true): void => {
    rows.push({
      scenario,
      expected,
      outcome: result.status,
      detail: `${formatMoney({ minor: result.amountMinor, currency: result.currency })} ${describe(result)}`,
      ok: result.status === expected && extraOk,
    });
  };

  log('2. charge on the stored profile (customer-initiated, session proof)');
  const c2 = await charge('stored profile charge', 'succeeded', id('order-2'), 1999, {
    initiator: 'customer',
  });
  record(c2.scenario, c2.expected, await c2.handle.result());

  log('3. PENDING charge completed later by callback');
  const c3 = await charge('PENDING → callback', 'succeeded', id('order-3'), 7777);
  const r3 = await c3.handle.result();
  record(c3.scenario, c3.expected, r3, (await c3.handle.state()).callbacksSeen > 0);

  log('4. 3-D Secure REDIRECT completed by the simulated customer');
  const c4 = await charge('3-D Secure REDIRECT → callback', 'succeeded', id('order-4'), 3333, {
    initiator: 'customer',
  });
  const redirect = await waitFor(async () => (await c4.handle.state()).redirectUrl);
  log(`   customer opens ${redirect} and passes the challenge`);
  const answer = await fetch(`${redirect}${redirect.includes('?') ? '&' : '?'}outcome=success`, {
    method: 'POST',
  });
  if (!answer.ok) throw new Error(`3-D Secure page answered ${answer.status}`);
  record(c4.scenario, c4.expected, await c4.handle.result());

  log('5. decline (insufficient funds) is final, not retried');
  const c5 = await charge('decline 2006', 'declined', id('order-5'), 2006);
  const r5 = await c5.handle.result();
  record(c5.scenario, c5.expected, r5, r5.error?.code === 2006 && r5.attempts === 1);

  log('6. the same charge started again attaches to the first one');
  const again = await stack.client.chargeAndWait(c2.request);
  const ledger = stack.simulator.ledger
    .committed()
    .filter((e) => e.merchantTransactionId.startsWith(`c.${c2.request.chargeId}.`));
  rows.push({
    scenario: 'duplicate start of charge 2',
    expected: 'succeeded',
    outcome: again.status,
    detail: `gateway transactions for this charge: ${ledger.length}`,
    ok: again.status === 'succeeded' && ledger.length === 1,
  });

  log('7. a small billing run: 20 subscriptions, one soft decline (dunning), one hard decline');
  const billingDate = new Date().toISOString().slice(0, 10);
  const subs = await seedSubscriptions({
    store: stack.store,
    gateway: stack.gateway,
    prefix: `d${runTag}`,
    count: 20,
    billingDate,
    amountFor: (i) => (i === 4 ? 2006 : i === 9 ? 2015 : 1500 + i),
  });
  const runId = id('run');
  const run = await stack.client.startBillingRun({
    runId,
    billingDate,
    filters: { customerIds: subs.map((sub) => sub.customerId) },
    concurrency: 8,
    dunningDelaysSeconds: [2, 2],
  });
  const finished = run.result();
  await followProgress(() => stack.client.billingProgress(runId), finished);
  const billed = await finished;
  rows.push({
    scenario: 'billing run (20 subscriptions)',
    expected: '18 paid, 2 declined',
    outcome: `${billed.succeeded} paid, ${billed.declined} declined`,
    detail: `collected ${formatMoney({ minor: billed.amountsSucceeded['EUR'] ?? 0, currency: 'EUR' })}; report ${billed.report?.csv ?? '-'}`,
    ok: billed.succeeded === 18 && billed.declined === 2,
  });

  log(
    `8. a charge through the Nexus endpoint ${NEXUS_ENDPOINT}, from a workflow in namespace ${CALLER_NAMESPACE}`,
  );
  await ensureNexusEndpoint({
    address: stack.temporalAddress,
    callerNamespace: CALLER_NAMESPACE,
    endpoint: NEXUS_ENDPOINT,
    targetNamespace: 'default',
    targetTaskQueue: stack.taskQueue,
  });
  const viaNexus = await chargeThroughNexusEndpoint({
    address: stack.temporalAddress,
    callerNamespace: CALLER_NAMESPACE,
    endpoint: NEXUS_ENDPOINT,
    dataConverter: paymentsDataConverter(stack.payloadKeys, 'development'),
    request: { chargeId: id('order-nexus'), customerId: alice, ...eur(2500), initiator: 'merchant' },
  });
  record(`Nexus charge from ${CALLER_NAMESPACE}`, 'succeeded', viaNexus, Boolean(viaNexus.uuid));
  return rows;
}

export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    { 'keep-running': { type: 'boolean' }, 'data-dir': { type: 'string' } },
    USAGE,
  );
  const dataDir = resolve(values['data-dir'] ?? join('.data', 'demo'));
  // The demo is development mode by definition (simulator, published keys, loopback), for anything it starts too.
  process.env['APP_MODE'] = 'development';
  console.error(`*** ${DEVELOPMENT_MODE_WARNING} ***`);
  // METRICS_PORT (and METRICS_HOST) serve the embedded worker's /metrics, as for the `worker` command.
  installRuntime({
    logger: new JsonLogger({ level: 'WARN', base: { service: 'demo' } }),
    metricsBindAddress: metricsBindAddress(loadConfig(process.env).observability),
  });
  const started = Date.now();
  // With --json, stdout carries only the outcomes; progress goes to stderr.
  const log = (line: string): void =>
    values.json ? console.error(`[demo] ${line}`) : console.log(`[demo] ${line}`);
  const temporalPort = (await isPortFree(7233)) ? 7233 : undefined;
  const uiPort = (await isPortFree(8233)) ? 8233 : await freePort();
  // The Web UI decodes payloads through the codec server (development: trusts the UI's origin on loopback).
  const codecServer = await startCodecServer({
    codec: new EncryptionCodec(DEV_PAYLOAD_KEY_LIST),
    port: (await isPortFree(8888)) ? 8888 : 0,
    corsOrigins: [`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`],
  });
  log(`starting Temporal dev server (SQLite in ${dataDir}), simulator, webhook and worker`);
  const stack = await startStack({
    dataDir,
    temporalPort,
    uiPort,
    uiCodecEndpoint: codecServer.url,
    payloadKeys: DEV_PAYLOAD_KEY_LIST,
    simulator: { pendingCompleteAfterMs: 1500 },
  }).catch(async (err: unknown) => {
    await codecServer.stop();
    throw err;
  });
  let exit: number = EXIT.error;
  try {
    log(
      `Temporal at ${stack.temporalAddress}; simulator at ${stack.simulator.url}; webhook at ${stack.webhook.url}`,
    );
    const runTag = Date.now().toString(36);
    const rows = await runDemoScenarios(stack, runTag, log);
    if (values.json) console.log(JSON.stringify(rows, null, 2));
    else console.log(`\n${table(rows.map((r) => ({ ...r, ok: r.ok ? 'yes' : 'NO' })))}\n`);
    const bad = rows.filter((r) => !r.ok).length;
    log(
      `${rows.length - bad}/${rows.length} scenarios behaved as expected in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    log(`Web UI: ${stack.uiUrl ?? '(headless)'}  (filter e.g. CustomerId="alice-${runTag}")`);
    log(`payloads are encrypted; the Web UI decodes them through the codec server at ${codecServer.url}`);
    exit = bad === 0 ? EXIT.ok : EXIT.error;
    if (values['keep-running']) {
      log('running; press Ctrl-C to stop');
      await new Promise<void>((r) => {
        process.once('SIGINT', r);
        process.once('SIGTERM', r);
      });
    }
  } finally {
    await stack.stop();
    await codecServer.stop();
  }
  return exit;
}
