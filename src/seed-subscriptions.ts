/**
 * Seeds customers with a stored IXOPAY profile, a mandate and one monthly subscription each: the state a
 * merchant has after first purchases. Used by the demo, tests and benchmarks. Registration goes through the
 * real gateway API (register with a payment.js test token), so profiles exist where fetchProfile looks.
 */
import type { CustomerStore, NewSubscriptionInput } from './customers/index.js';
import type { GatewayClient } from './gateway/index.js';
import type { Currency } from './money.js';

export interface SeedOptions {
  readonly store: CustomerStore;
  readonly gateway: GatewayClient;
  /** Prefix of customer and subscription ids; keep it short (subscription ids are at most 29 characters). */
  readonly prefix: string;
  readonly count: number;
  readonly billingDate: string;
  /** Amount in minor units for subscription i (simulator amount triggers make declines). Default 999. */
  readonly amountFor?: (i: number) => number;
  readonly currency?: Currency;
  /** payment.js test token for registration. Default the simulator's success visa. */
  readonly token?: string;
  readonly concurrency?: number;
  readonly onProgress?: (done: number) => void;
}

export interface SeededSubscription {
  readonly customerId: string;
  readonly subscriptionId: string;
  readonly amountMinor: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Registers the customer's card and returns its profile. A registration the gateway did not answer (a timeout
 * under load) may have been made: the profile is looked up before it is tried again, so no customer gets two.
 */
async function registerOnce(
  gateway: GatewayClient,
  customerId: string,
  customerIdentification: string,
  token = 'ix::test-visa',
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (attempt > 1) {
        const existing = await gateway.getProfile({ customerIdentification });
        if (existing.profileExists && existing.profileGuid) return existing.profileGuid;
      }
      const reply = await gateway.register({
        merchantTransactionId: `seed.${customerId}.${attempt}`.slice(0, 50),
        transactionToken: token,
        transactionIndicator: 'INITIAL',
        customerProfileData: { customerIdentification, markAsPreferred: true },
      });
      const profile = reply.customerProfileData;
      if (reply.returnType !== 'FINISHED' || !profile?.profileGuid) {
        throw new Error(`registration of ${customerId} did not finish: ${reply.returnType}`);
      }
      return profile.profileGuid;
    } catch (err) {
      const retryable = (err as { retryable?: boolean }).retryable === true;
      if (!retryable || attempt >= 5) throw err;
      await sleep(500 * attempt);
    }
  }
}

export async function seedSubscriptions(options: SeedOptions): Promise<SeededSubscription[]> {
  const { store, gateway, prefix, count } = options;
  const width = String(Math.max(count - 1, 0)).length;
  const seeded: SeededSubscription[] = [];
  const subscriptions: NewSubscriptionInput[] = [];
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const n = String(i).padStart(width, '0');
      const customerId = `${prefix}c${n}`;
      const customer = await store.addCustomer({ id: customerId, email: `${customerId}@example.org` });
      await store.grantMandate(customerId, { reference: `mandate-${customerId}` });
      const profileGuid = await registerOnce(
        gateway,
        customerId,
        customer.customerIdentification,
        options.token,
      );
      await store.linkProfile(customerId, {
        customerIdentification: customer.customerIdentification,
        profileGuid,
      });
      const amountMinor = options.amountFor?.(i) ?? 999;
      const subscriptionId = `${prefix}s${n}`;
      subscriptions.push({
        id: subscriptionId,
        customerId,
        amountMinor,
        currency: options.currency ?? 'EUR',
        interval: 'month',
        nextBillingDate: options.billingDate,
      });
      seeded.push({ customerId, subscriptionId, amountMinor });
      if (++done % 500 === 0) options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, Math.max(count, 1)) }, worker));
  for (let i = 0; i < subscriptions.length; i += 10_000)
    await store.addSubscriptions(subscriptions.slice(i, i + 10_000));
  options.onProgress?.(done);
  return seeded.sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId));
}
