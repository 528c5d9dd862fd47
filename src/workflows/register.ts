/**
 * registerCustomer (first purchase): debit/preauthorize with withRegister, or a register, carrying
 * customerProfileData; waits for the callback when PENDING/REDIRECT; on success stores profileGuid and
 * customerIdentification on the customer.
 */
import { DAY_SECONDS } from './durations.js';
import { patched, setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { TransactionOutcome } from '../contract/domain.js';
import { merchantTransactionIdFor } from '../ids.js';
import { ChargeStatusKey } from '../temporal/search-attributes.js';
import { gateway, store } from './activity-options.js';
import { registrationSearchAttributes } from '../contract/visibility.js';
import { awaitFinalOutcome } from './await-outcome.js';
import { CallbackInbox } from './callback-inbox.js';
import { activityFailureType, activityRefusal, failureType, refusal } from './refusal.js';
import { confirmSuccess, lookUpUntilAnswered } from './gateway-lookup.js';
import { reverseExtraDebit } from './extra-debits.js';
import {
  gatewayCallbackSignal,
  registerStateQuery,
  type RegisterInput,
  type RegisterResult,
} from '../contract/messages.js';

/**
 * Registrations started since this patch: a callback success is confirmed with the status API, a look-up or
 * activity error never fails the workflow, and a first purchase charged without a profile is reversed.
 */
export const REGISTER_MONEY_SWEEP_PATCH = 'register-money-sweep';

export async function registerCustomer(input: RegisterInput): Promise<RegisterResult> {
  const inbox = new CallbackInbox();
  let phase = 'authenticating';
  let current: TransactionOutcome | undefined;
  let result: RegisterResult | undefined;
  setHandler(gatewayCallbackSignal, (event) => void inbox.record(event));
  setHandler(registerStateQuery, () => ({
    phase,
    redirectUrl: current?.status === 'redirect' ? current.redirectUrl : undefined,
    result,
  }));
  upsertSearchAttributes(registrationSearchAttributes(input));
  /** The phase shown in the Web UI (current details). */
  const show = (what: string): void => setCurrentDetails(`**${what}**`);
  show(phase);
  const base = { registrationId: input.registrationId, customerId: input.customerId };
  const done = (r: RegisterResult): RegisterResult => {
    result = r;
    phase = 'done';
    upsertSearchAttributes([{ key: ChargeStatusKey, value: r.status }]);
    show(`done: ${r.status}${r.reason ? ` (${r.reason})` : ''}${r.error ? ` (${r.error.code})` : ''}`);
    return r;
  };

  const strict = patched(REGISTER_MONEY_SWEEP_PATCH);
  const customer = await store
    .authenticate({ customerId: input.customerId, initiator: 'merchant', purpose: 'register' })
    .catch(strict ? activityRefusal : refusal);
  if (typeof customer === 'string') return done({ ...base, status: 'failed', reason: customer });

  phase = 'registering';
  show(phase);
  const waitOptions = {
    callbackWaitSeconds: input.callbackWaitSeconds ?? 600,
    maxWaitSeconds: input.maxWaitSeconds ?? DAY_SECONDS,
    ...(strict ? { confirm: (o: TransactionOutcome) => confirmSuccess(reconcile, o) } : {}),
  };
  const sent = await sendRegistration(
    input,
    customer.customerIdentification,
    strict,
    waitOptions.maxWaitSeconds,
  );
  if (typeof sent === 'string') return done({ ...base, status: 'failed', reason: sent });
  current = sent;
  if (current.status === 'pending' || current.status === 'redirect') {
    phase = current.status === 'redirect' ? 'needs-action' : 'awaiting-callback';
    upsertSearchAttributes([{ key: ChargeStatusKey, value: phase }]);
    show(phase);
    current = await awaitFinalOutcome(inbox, current, waitOptions);
  }
  const tx = { uuid: current.uuid, error: current.error };
  switch (current.status) {
    case 'succeeded': {
      const linked = await linkProfile(input, current, inbox, strict, () => {
        phase = 'linking';
        show(phase);
      });
      return done({ ...base, ...tx, ...linked });
    }
    case 'redirect':
      return done({ ...base, ...tx, status: 'needs-action', redirectUrl: current.redirectUrl });
    case 'pending':
      return done({ ...base, ...tx, status: 'failed', reason: 'no-final-outcome' });
    default:
      return done({ ...base, ...tx, status: current.status });
  }
}

const reconcile = (i: { merchantTransactionId: string }) => gateway.reconcile(i);

/**
 * Sends the first purchase (or register) with customerProfileData. An error whose outcome is open is looked up
 * under the same id (never sent again): the outcome, or why it failed.
 */
async function sendRegistration(
  input: RegisterInput,
  customerIdentification: string,
  strict: boolean,
  maxWaitSeconds: number,
): Promise<TransactionOutcome | string> {
  const merchantTransactionId = merchantTransactionIdFor('register', input.registrationId, 'reg');
  return gateway
    .registerInstrument({
      kind: input.kind,
      merchantTransactionId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      transactionToken: input.transactionToken,
      customerIdentification,
      markAsPreferred: input.markAsPreferred ?? true,
      description: input.description,
    })
    .catch(async (err: unknown) => {
      if (!strict)
        return (
          (await gateway.reconcile({ merchantTransactionId })) ?? failureType(err) ?? 'gateway-unavailable'
        );
      const type = activityFailureType(err);
      if (type === undefined) throw err;
      const answer = await lookUpUntilAnswered(reconcile, merchantTransactionId, maxWaitSeconds);
      if (answer === 'unanswered') return 'outcome-unknown';
      return answer === 'absent' ? type : answer;
    });
}

/**
 * A successful registration: the profile from the reply (else the status API) is linked to the customer. A
 * first purchase that charged the customer but stored no card is reversed.
 */
async function linkProfile(
  input: RegisterInput,
  current: TransactionOutcome,
  inbox: CallbackInbox,
  strict: boolean,
  linking: () => void,
): Promise<Pick<RegisterResult, 'status' | 'reason' | 'reversal' | 'profileGuid' | 'paymentToken'>> {
  const merchantTransactionId = merchantTransactionIdFor('register', input.registrationId, 'reg');
  const profileFromStatus = async (): Promise<TransactionOutcome['profile']> => {
    const answer = await lookUpUntilAnswered(reconcile, merchantTransactionId, 3600);
    return typeof answer === 'object' ? answer.profile : undefined;
  };
  const profile = strict
    ? (current.profile ?? (await profileFromStatus()))
    : (current.profile ?? (await gateway.reconcile({ merchantTransactionId }))?.profile);
  if (!profile && strict && input.kind !== 'register') {
    // The customer was charged but no card was stored: the registration failed, so the charge is reversed.
    const reversal = await reverseExtraDebit(
      current,
      {
        chargeId: input.registrationId,
        mode: input.kind === 'preauthorize' ? 'preauthorize' : 'debit',
        amountMinor: input.amountMinor ?? 0,
        currency: input.currency ?? 'EUR',
      },
      inbox,
    );
    return { status: 'failed', reason: 'no-profile-in-reply', reversal };
  }
  if (!profile) return { status: 'failed', reason: 'no-profile-in-reply' };
  linking();
  await store.saveProfileLink({
    customerId: input.customerId,
    customerIdentification: profile.customerIdentification,
    profileGuid: profile.profileGuid,
  });
  return { status: 'succeeded', profileGuid: profile.profileGuid, paymentToken: profile.paymentToken };
}
