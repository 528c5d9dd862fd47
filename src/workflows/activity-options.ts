/**
 * Activity proxies with their timeouts and retry budgets. Whether an error is retried at all is decided once,
 * in src/activities/failures.ts (non-retryable ApplicationFailures); these are only the schedules.
 */
import {
  patched,
  proxyActivities,
  proxyLocalActivities,
  type ActivityInterfaceFor,
  type ActivityOptions,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import type { PaymentActivities } from '../contract/activities.js';
import type { BillingActivities } from '../contract/billing-activities.js';
import type { ChargeEventActivities } from '../contract/charge-events-activities.js';
import type { GatewayCallMode } from '../contract/messages.js';
import { GATEWAY_ACTIVITY_TIMEOUT_MS } from '../temporal/names.js';

/** Gateway calls: the HTTP timeout (10 s by default) stays below startToClose so an attempt ends cleanly. */
const gatewayOptions = {
  startToCloseTimeout: GATEWAY_ACTIVITY_TIMEOUT_MS,
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 25,
  },
} as const;

/**
 * What each activity call shows in the Web UI's event history (the activity `summary`, a payload: encrypted by
 * the codec like any other). The SDK takes a summary per proxy, so each activity gets its own proxy.
 */
const SUMMARIES: Record<string, string> = {
  authenticate: 'authenticate: customer, session proof or mandate',
  fetchProfile: 'fetch the IXOPAY customer profile',
  debit: 'debit (or preauthorize) the stored token',
  registerInstrument: 'register the card in the customer profile',
  reconcile: 'ask the status API by merchantTransactionId',
  saveProfileLink: 'link the profile to the customer',
  capture: 'capture the preauthorization',
  void: 'void the preauthorization',
  refund: 'refund',
  listDueSubscriptions: 'list due subscriptions (one page)',
  recordSubscriptionOutcomes: 'record subscription outcomes',
  writeRunReport: 'write the billing report (JSON + CSV)',
  loadChargeOutcome: "load the charge's result and memo",
  storeChargeOutcome: "keep the charge's final outcome in the store",
  storeFollowUpState: "keep the follow-up's state with the charge's outcome",
  closedChargeOutcomes: 'look up closed child charges',
  forwardChargeEvent: "forward the event to the charge's follow-up",
  correctBillingOutcome: "correct the billing run's report",
};

function summarized<A extends object, O extends ActivityOptions | LocalActivityOptions>(
  proxy: (options: O) => A,
  options: O,
): A {
  const byName = new Map<string, A>();
  return new Proxy({} as A, {
    get(_, name) {
      if (typeof name !== 'string') return undefined;
      let one = byName.get(name);
      if (!one) {
        one = proxy({ ...options, summary: SUMMARIES[name] ?? name });
        byName.set(name, one);
      }
      return (one as Record<string, unknown>)[name];
    },
  });
}

const remote = <A extends object>(options: ActivityOptions): A =>
  summarized<A, ActivityOptions>((o) => proxyActivities<ActivityInterfaceFor<A>>(o) as A, options);
const local = <A extends object>(options: LocalActivityOptions): A =>
  summarized<A, LocalActivityOptions>((o) => proxyLocalActivities<ActivityInterfaceFor<A>>(o) as A, options);

export const gateway = remote<PaymentActivities>(gatewayOptions);

type GatewayCalls = Pick<PaymentActivities, 'fetchProfile' | 'debit' | 'reconcile'>;

/**
 * The same gateway calls as local activities: they run inside the workflow task, so a charge costs one
 * workflow task instead of one per call plus an activity task each. Same retry schedule (backoffs over a minute
 * become durable timers); a worker crash re-runs the call, which the merchantTransactionId makes safe.
 */
export const localGateway: GatewayCalls = local<GatewayCalls>(gatewayOptions);

/** Charges started before the reads became local replay as they ran (all three calls as activities). */
export const LOCAL_READS_PATCH = 'gateway-reads-local';

/**
 * `activities` mode keeps the debit an activity (its own task, heartbeat-free retries on any worker) but runs
 * the two reads as local activities: fetchProfile is idempotent and reconcile read-only, so a re-run after a
 * crash changes nothing. fetchProfile then shares the first workflow task with authenticate: one activity,
 * one workflow task and one Temporal Cloud action fewer per charge.
 */
export function gatewayFor(mode: GatewayCallMode | undefined): GatewayCalls {
  if (mode === 'local') return localGateway;
  if (!patched(LOCAL_READS_PATCH)) return gateway;
  return {
    debit: (input) => gateway.debit(input),
    fetchProfile: (input) => localGateway.fetchProfile(input),
    reconcile: (input) => localGateway.reconcile(input),
  };
}

/** Store lookups: local and quick. */
export const store = local<Pick<PaymentActivities, 'authenticate' | 'saveProfileLink'>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds', maximumAttempts: 10 },
});

/**
 * Keeping a closing charge's outcome in the store: local (no activity task of its own), retried until the store
 * has it; the charge does not close before.
 */
export const outcomes = local<Pick<ChargeEventActivities, 'storeChargeOutcome'>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export const billing = remote<BillingActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 20 },
});

/**
 * Follow-up work on Temporal and the store: reading a charge's result, forwarding an event to the follow-up
 * workflow, correcting a billing run's report. Retried for a long time: an event must never be dropped.
 */
export const events = remote<ChargeEventActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
