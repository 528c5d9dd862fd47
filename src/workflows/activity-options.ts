/**
 * Activity proxies with their timeouts and retry budgets. Whether an error is retried at all is decided once,
 * in src/activities/failures.ts (non-retryable ApplicationFailures); these are only the schedules.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { PaymentActivities } from '../activities/types.js';
import type { BillingActivities } from '../activities/billing-types.js';

/** Gateway calls: the HTTP timeout (10 s by default) stays below startToClose so an attempt ends cleanly. */
export const gateway = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 25,
  },
});

/** Store lookups: local and quick. */
export const store = proxyLocalActivities<Pick<PaymentActivities, 'authenticate' | 'saveProfileLink'>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds', maximumAttempts: 10 },
});

export const billing = proxyActivities<BillingActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 20 },
});
