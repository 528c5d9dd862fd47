/** createActivities(deps): the worker wires real dependencies; tests wire the simulator. */
import type { Client } from '@temporalio/client';
import type { CustomerStore } from '../customers/store.js';
import type { GatewayClient } from '../gateway/index.js';
import { createAuthenticate } from './authenticate.js';
import { createBillingActivities } from './billing.js';
import type { BillingActivities } from '../contract/billing-activities.js';
import { createChargeEventActivities } from './charge-events.js';
import type { ChargeEventActivities } from '../contract/charge-events-activities.js';
import { createProfileActivities } from './profiles.js';
import { createTransactionActivities } from './transactions.js';
import type { PaymentActivities } from '../contract/activities.js';

export interface ActivityDeps {
  readonly gateway: GatewayClient;
  readonly store: CustomerStore;
  /** Where the gateway posts callbacks: the webhook receiver's public URL + CALLBACK_PATH. */
  readonly callbackUrl: string;
  readonly sessionProofSecrets: readonly string[];
  /** Folder for billing-run reports (JSON + CSV). */
  readonly reportDir: string;
  readonly now?: () => Date;
  /** For the follow-up activities: reading charge results and signalling follow-up workflows. */
  readonly temporal?: Client | undefined;
  readonly taskQueue?: string | undefined;
}

export type Activities = PaymentActivities & BillingActivities & ChargeEventActivities;

export function createActivities(deps: ActivityDeps): Activities {
  return {
    authenticate: createAuthenticate(deps),
    ...createProfileActivities(deps),
    ...createTransactionActivities(deps),
    ...createBillingActivities(deps),
    ...createChargeEventActivities(deps),
  };
}
