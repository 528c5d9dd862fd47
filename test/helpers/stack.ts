/**
 * A full pipeline for one test suite: the shared dev server, plus its own simulator, customer store (temp
 * SQLite), webhook receiver and worker on a task queue of its own. Always stop it in after().
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { issueSessionProof } from '../../src/customers/index.js';
import type { SimulatorOptions } from '../../src/simulator/index.js';
import { startStack, type Stack } from '../../src/embedded/stack.js';
import type { ChargeRequest } from '../../src/contract/requests.js';
import { AMOUNT_PENDING } from '../../src/simulator/triggers.js';
import { standIn } from './stand-in.js';
import { devServer, workflowBundle } from './temporal.js';

export interface TestStack extends Stack {
  readonly dataDir: string;
  /** A fresh id unique across the whole test run (the dev server is shared). */
  uid(prefix: string): string;
  /** Adds an active customer with a mandate and registers a card (test token) in its IXOPAY profile. */
  seedCustomer(options?: {
    mandate?: boolean;
    token?: string;
    status?: 'active' | 'disabled';
    register?: boolean;
  }): Promise<string>;
  /** A session proof for this customer and this charge only. */
  sessionProof(customerId: string, chargeId: string, ttlSeconds?: number, now?: Date): string;
  /** Starts a merchant-initiated charge of 77.77 EUR, the simulator's PENDING amount (completed by callback). */
  startPendingCharge(
    customerId: string,
    chargeId: string,
    extra?: Partial<ChargeRequest>,
  ): ReturnType<Stack['client']['startCharge']>;
}

export async function startTestStack(simulator: Partial<SimulatorOptions> = {}): Promise<TestStack> {
  const server = await devServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'ixopay-test-'));
  const stack = await startStack({
    dataDir,
    temporalAddress: server.address,
    taskQueue: `test-${randomBytes(4).toString('hex')}`,
    workflowBundle: await workflowBundle(),
    simulator: { pendingCompleteAfterMs: 300, callbackRetry: { initialMs: 100, maxMs: 1000 }, ...simulator },
    gatewayTimeoutMs: 2000,
  });
  const stop = stack.stop.bind(stack);
  const uid = (prefix: string): string => `${prefix}-${randomBytes(5).toString('hex')}`;
  const test: TestStack = Object.assign(stack, {
    dataDir,
    uid,
    async stop() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    sessionProof(customerId: string, chargeId: string, ttlSeconds = 600, now?: Date) {
      return issueSessionProof({
        customerId,
        chargeId,
        secret: stack.sessionProofSecrets[0]!,
        ttlSeconds,
        ...(now ? { now } : {}),
      });
    },
    startPendingCharge(customerId: string, chargeId: string, extra: Partial<ChargeRequest> = {}) {
      return stack.client.startCharge({
        chargeId,
        customerId,
        amountMinor: AMOUNT_PENDING,
        currency: 'EUR',
        initiator: 'merchant',
        ...extra,
      });
    },
    async seedCustomer(
      options: { mandate?: boolean; token?: string; status?: 'active' | 'disabled'; register?: boolean } = {},
    ) {
      const id = uid('cust');
      await stack.store.addCustomer({ id, email: `${id}@example.org`, status: options.status ?? 'active' });
      if (options.mandate !== false) await stack.store.grantMandate(id, { reference: `m-${id}` });
      if (options.register !== false) {
        const result = await stack.client.registerCustomer({
          registrationId: uid('reg'),
          customerId: id,
          kind: 'register',
          transactionToken: options.token ?? 'ix::test-visa',
        });
        if (result.status !== 'succeeded') throw new Error(`seeding ${id} failed: ${JSON.stringify(result)}`);
      }
      return id;
    },
  });
  return test;
}

/**
 * The suite's stack, started in before() and stopped in after() of the describe() that calls this. The object
 * returned stands for the stack once started (reading it earlier throws).
 */
export function useTestStack(simulator: Partial<SimulatorOptions> = {}): TestStack {
  let started: TestStack | undefined;
  before(async () => {
    started = await startTestStack(simulator);
  });
  after(async () => {
    await started?.stop();
    started = undefined;
  });
  return standIn(() => started, 'the test stack');
}
