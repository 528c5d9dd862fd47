/**
 * chargeStoredProfile: authenticate → fetch profile → select token → debit → (callback | status) → result.
 * Every gateway call carries a merchantTransactionId derived from the charge id and step, so retries, crashes,
 * duplicate starts and duplicate callbacks never charge twice.
 */
import {
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { log } from '@temporalio/workflow';
import { recordChargeOutcome } from '../observability/workflow-metrics.js';
import type { ChargeResult, TransactionOutcome } from '../domain.js';
import { debitStep, merchantTransactionIdFor } from '../ids.js';
import type { TransactionIndicator } from '../activities/types.js';
import { CallbackInbox } from './callback-inbox.js';
import { awaitFinalOutcome } from './await-outcome.js';
import { gatewayFor, store } from './activity-options.js';
import { selectToken } from './select-token.js';
import { chargeSearchAttributes } from './search-attributes.js';
import { ChargeSettlement } from './charge-settlement.js';
import {
  awaitResultUpdate,
  chargeReportSignal,
  chargeStateQuery,
  gatewayCallbackSignal,
  type ChargeInput,
  type ChargePhase,
  type ChargeState,
} from './messages.js';

const DAY = 86_400;

/**
 * The type of the ApplicationFailure behind an activity error (e.g. "UnknownCustomer"), or undefined when the
 * error is something else (a bug, a cancellation), which the caller rethrows.
 */
export function failureType(err: unknown): string | undefined {
  for (
    let cause: unknown = err, depth = 0;
    cause instanceof Error && depth < 5;
    cause = cause.cause, depth++
  ) {
    if (cause instanceof ApplicationFailure) return cause.type ?? 'ApplicationFailure';
  }
  return undefined;
}

/** A business refusal becomes its failure type (the charge's `reason`); anything else fails the workflow task. */
export function refusal(err: unknown): string {
  const type = failureType(err);
  if (type) return type;
  throw err;
}

function indicatorFor(input: ChargeInput): TransactionIndicator {
  if (input.initiator === 'customer') return 'CARDONFILE';
  return input.recurring ? 'RECURRING' : 'CARDONFILE-MERCHANT-INITIATED';
}

export async function chargeStoredProfile(input: ChargeInput): Promise<ChargeResult> {
  const inbox = new CallbackInbox();
  let phase: ChargePhase = 'authenticating';
  let attempt = 0;
  let current: TransactionOutcome | undefined;
  let paymentToken: string | undefined = undefined;
  let nextAttemptAt: string | undefined;
  let result: ChargeResult | undefined;
  const settlement = new ChargeSettlement(input, inbox);

  setHandler(gatewayCallbackSignal, (event) => void inbox.record(event));
  setHandler(chargeStateQuery, (): ChargeState => ({
    chargeId: input.chargeId,
    phase: settlement.phase ?? phase,
    attempt,
    merchantTransactionId: current?.merchantTransactionId,
    uuid: current?.uuid,
    redirectUrl: current?.status === 'redirect' ? current.redirectUrl : undefined,
    paymentToken,
    nextAttemptAt,
    result: settlement.result ?? result,
    callbacksSeen: inbox.accepted,
  }));
  setHandler(awaitResultUpdate, async () => {
    await condition(() => result !== undefined);
    return settlement.result ?? result!;
  });

  const gateway = gatewayFor(input.gatewayCalls);
  const base = { chargeId: input.chargeId, amountMinor: input.amountMinor, currency: input.currency };
  const setStatus = (status: string): void => upsertSearchAttributes({ ChargeStatus: [status] });
  // Starters set these at start (chargeSearchAttributes); a workflow started some other way sets them here.
  if (!workflowInfo().searchAttributes?.['CustomerId']) upsertSearchAttributes(chargeSearchAttributes(input));

  const report = async (kind: 'in-dunning' | 'final'): Promise<void> => {
    if (!input.reportTo || !input.billing) return;
    await getExternalWorkflowHandle(input.reportTo).signal(chargeReportSignal, {
      chargeId: input.chargeId,
      subscriptionId: input.billing.subscriptionId,
      kind,
      result: kind === 'final' ? result : undefined,
    });
  };

  const finish = async (r: ChargeResult): Promise<ChargeResult> => {
    log.info('charge finished', { status: r.status, reason: r.reason, errorCode: r.error?.code });
    recordChargeOutcome(input, r);
    result = r;
    phase = 'done';
    setStatus(r.status);
    await report('final');
    return settlement.run(r);
  };

  log.info('charge started', { initiator: input.initiator, currency: input.currency });
  const customer = await store
    .authenticate({
      customerId: input.customerId,
      initiator: input.initiator,
      sessionProof: input.sessionProof,
    })
    .catch(refusal);
  if (typeof customer === 'string')
    return finish({ ...base, status: 'failed', attempts: 0, reason: customer });

  phase = 'fetching-profile';
  log.info('phase', { phase });
  const profile = await gateway
    .fetchProfile({
      customerIdentification: customer.customerIdentification,
      profileGuid: customer.profileGuid,
    })
    .catch(refusal);
  if (typeof profile === 'string') return finish({ ...base, status: 'failed', attempts: 0, reason: profile });

  const choice = selectToken(profile.instruments, new Date(), input.paymentToken);
  if (!choice.ok) return finish({ ...base, status: 'failed', attempts: 0, reason: choice.reason });
  paymentToken = choice.instrument.paymentToken;

  const transientBudget = input.transientRetries ?? 2;
  const dunningDelays = input.dunning?.retryDelaysSeconds ?? [];
  let transientUsed = 0;
  let dunningUsed = 0;
  for (;;) {
    attempt++;
    phase = 'charging';
    log.info('phase', { phase, chargeAttempt: attempt });
    if (attempt > 1) setStatus(`attempt-${attempt}`);
    const merchantTransactionId = merchantTransactionIdFor('charge', input.chargeId, debitStep(attempt));
    const sent = await gateway
      .debit({
        kind: input.mode ?? 'debit',
        merchantTransactionId,
        amountMinor: input.amountMinor,
        currency: input.currency,
        paymentToken,
        transactionIndicator: indicatorFor(input),
        customerIdentification: customer.customerIdentification,
        description: input.description,
      })
      // Rejected or out of retries: the gateway may still have committed it, so ask before deciding.
      .catch(
        async (err: unknown) =>
          (await gateway.reconcile({ merchantTransactionId })) ?? failureType(err) ?? 'gateway-unavailable',
      );
    if (typeof sent === 'string') {
      return finish({
        ...base,
        status: 'failed',
        attempts: attempt,
        merchantTransactionId,
        paymentToken,
        reason: sent,
      });
    }
    current = sent;
    if (current.status === 'pending' || current.status === 'redirect') {
      phase = current.status === 'redirect' ? 'needs-action' : 'awaiting-callback';
      log.info('phase', { phase, uuid: current.uuid });
      setStatus(phase);
      current = await awaitFinalOutcome(inbox, current, {
        callbackWaitSeconds: input.callbackWaitSeconds ?? 600,
        maxWaitSeconds: input.maxWaitSeconds ?? DAY,
      });
    }
    const done = {
      ...base,
      attempts: attempt,
      merchantTransactionId,
      uuid: current.uuid,
      purchaseId: current.purchaseId,
      paymentToken,
    };
    switch (current.status) {
      case 'succeeded':
        return finish({ ...done, status: 'succeeded' });
      case 'pending':
        return finish({ ...done, status: 'failed', reason: 'no-final-outcome' });
      case 'redirect':
        return finish({ ...done, status: 'needs-action', redirectUrl: current.redirectUrl });
      default:
        break;
    }
    const error = current.error;
    let delaySeconds: number | undefined;
    if (error?.transient && transientUsed < transientBudget) {
      delaySeconds = 2 ** transientUsed * 5;
      transientUsed++;
    } else if (error?.decline === 'soft' && dunningUsed < dunningDelays.length) {
      delaySeconds = dunningDelays[dunningUsed];
      dunningUsed++;
      if (dunningUsed === 1) await report('in-dunning');
      phase = 'in-dunning';
      log.info('phase', { phase, delaySeconds, errorCode: error?.code });
      setStatus('in-dunning');
    }
    if (delaySeconds === undefined) {
      return finish({ ...done, status: current.status === 'declined' ? 'declined' : 'failed', error });
    }
    nextAttemptAt = new Date(Date.now() + delaySeconds * 1000).toISOString();
    await sleep(delaySeconds * 1000);
    nextAttemptAt = undefined;
  }
}
