/** createActivities(deps): the worker wires real dependencies; tests wire the simulator. */
import type { CustomerStore } from '../customers/index.js';
import type { GatewayClient } from '../gateway/index.js';
import { createAuthenticate } from './authenticate.js';
import { createBillingActivities } from './billing.js';
import type { BillingActivities } from './billing-types.js';
import { createProfileActivities } from './profiles.js';
import { createTransactionActivities } from './transactions.js';
import type { PaymentActivities } from './types.js';

export interface ActivityDeps {
  readonly gateway: GatewayClient;
  readonly store: CustomerStore;
  /** Where the gateway posts callbacks: the webhook receiver's public URL + CALLBACK_PATH. */
  readonly callbackUrl: string;
  readonly sessionProofSecrets: readonly string[];
  /** Folder for billing-run reports (JSON + CSV). */
  readonly reportDir: string;
  readonly now?: () => Date;
}

export type Activities = PaymentActivities & BillingActivities;

export function createActivities(deps: ActivityDeps): Activities {
  return {
    authenticate: createAuthenticate(deps),
    ...createProfileActivities(deps),
    ...createTransactionActivities(deps),
    ...createBillingActivities(deps),
  };
}
