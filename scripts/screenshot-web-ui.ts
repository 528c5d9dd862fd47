/**
 * Screenshots of the Temporal Web UI for the README: runs the demo stack (dev server with its Web UI, the codec
 * server the UI decodes payloads through, simulator, webhook, worker), runs a few charges, then opens the
 * workflow list and one charge's page in headless Chromium and saves docs/web-ui.png and docs/web-ui-charge.png.
 * Needs Debian's chromium (apt-get install -y chromium). Run: npx tsx scripts/screenshot-web-ui.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DEV_PAYLOAD_KEY_LIST, EncryptionCodec, startCodecServer } from '../src/codec/index.js';
import { startStack } from '../src/embedded/stack.js';
import { freePort } from '../src/embedded/free-port.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const out = (name: string): string => join(process.cwd(), 'docs', name);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ixopay-web-ui-'));
  const uiPort = await freePort();
  const codecServer = await startCodecServer({
    codec: new EncryptionCodec(DEV_PAYLOAD_KEY_LIST),
    port: 0,
    corsOrigins: [`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`],
  });
  const stack = await startStack({
    dataDir,
    uiPort,
    uiCodecEndpoint: codecServer.url,
    payloadKeys: DEV_PAYLOAD_KEY_LIST,
    persistTemporal: false,
    simulator: { pendingCompleteAfterMs: 500 },
  });
  const userDataDir = mkdtempSync(join(tmpdir(), 'ixopay-chromium-'));
  try {
    const customerId = 'cust-42';
    await stack.store.addCustomer({ id: customerId, email: 'c42@example.org' });
    await stack.store.grantMandate(customerId, { reference: 'mandate-42' });
    await stack.client.registerCustomer({
      registrationId: 'order-1001',
      customerId,
      kind: 'debit',
      amountMinor: 4999,
      currency: 'EUR',
      transactionToken: 'ix::test-visa',
    });
    const base = { customerId, initiator: 'merchant' as const };
    await stack.client.chargeAndWait({ ...base, chargeId: 'order-1002', amountMinor: 1999, currency: 'EUR' });
    await stack.client.chargeAndWait({ ...base, chargeId: 'order-1003', amountMinor: 2006, currency: 'EUR' });
    await stack.client.chargeAndWait({ ...base, chargeId: 'order-1004', amountMinor: 7777, currency: 'EUR' });
    const held = await stack.client.startCharge({
      ...base,
      chargeId: 'order-1005',
      amountMinor: 12_000,
      currency: 'JPY',
      mode: 'preauthorize',
      refundWindowSeconds: 86_400,
    });
    await held.result();
    await held.capture(10_000);
    await new Promise((r) => setTimeout(r, 2000)); // visibility catches up

    // A fresh --user-data-dir: playwright takes it as the persistent context's directory.
    const browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1600, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(`${stack.uiUrl}/namespaces/default/workflows`, { waitUntil: 'networkidle' });
      await page.getByText('order-1005').first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1500);
      await page.screenshot({ path: out('web-ui.png') });
      const runId = (await held.workflow.describe()).runId;
      await page.goto(`${stack.uiUrl}/namespaces/default/workflows/${held.workflowId}/${runId}/history`, {
        // An open workflow's page keeps polling: never network-idle.
        waitUntil: 'domcontentloaded',
      });
      // Summary, details and current details live on the "User Metadata" tab (UI 2.5x), decoded by the codec server.
      await page.getByText('User Metadata', { exact: true }).first().click();
      await page
        .getByText('Preauthorization 12000 JPY')
        .first()
        .waitFor({ state: 'visible', timeout: 30_000 });
      await page.waitForTimeout(1500);
      await page.screenshot({ path: out('web-ui-charge.png'), fullPage: false });
      console.log(`saved ${out('web-ui.png')} and ${out('web-ui-charge.png')}`);
    } finally {
      await browser.close();
    }
  } finally {
    await stopOpenCharge(stack);
    await stack.stop();
    await codecServer.stop();
    rmSync(userDataDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function stopOpenCharge(stack: Awaited<ReturnType<typeof startStack>>): Promise<void> {
  await stack.temporal.workflow
    .getHandle('charge-order-1005')
    .terminate('screenshots taken')
    .catch(() => undefined);
}

await main();
