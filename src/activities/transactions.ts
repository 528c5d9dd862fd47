/**
 * Gateway transaction activities. Idempotency: the merchantTransactionId comes from the workflow, never from
 * the attempt; after an ambiguous outcome (timeout, 5xx, reset, 3004) the next attempt asks the status API
 * first and adopts what the gateway already has, so a re-send never becomes a second charge.
 */
import { Context } from '@temporalio/activity';
import type { TransactionOutcome } from '../contract/domain.js';
import { GatewayRejectedError, type GatewayClient } from '../gateway/index.js';
import { activityLog } from '../observability/activity-log.js';
import { withFailureMapping } from './failures.js';
import { outcomeFromResponse, outcomeFromStatus } from './outcome-mapping.js';
import type {
  ReferenceTransactionInput,
  RegisterInstrumentInput,
  TokenChargeInput,
} from '../contract/activities.js';

export interface TransactionDeps {
  readonly gateway: GatewayClient;
  /** Where the gateway posts callbacks (the webhook receiver). */
  readonly callbackUrl: string;
}

function attempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1; // called outside an activity (scripts, unit tests)
  }
}

/** undefined when the gateway has no transaction with this id. */
async function lookup(
  deps: TransactionDeps,
  merchantTransactionId: string,
): Promise<TransactionOutcome | undefined> {
  const lookup = await deps.gateway.getByMerchantTransactionId(merchantTransactionId);
  return lookup.found ? outcomeFromStatus(lookup.status) : undefined;
}

/** Sends once; on a retry or a duplicate-id answer adopts the gateway's record instead. */
async function sendOnce(
  deps: TransactionDeps,
  merchantTransactionId: string,
  send: () => Promise<Parameters<typeof outcomeFromResponse>[1]>,
): Promise<TransactionOutcome> {
  return withFailureMapping(async () => {
    if (attempt() > 1) {
      const existing = await lookup(deps, merchantTransactionId);
      if (existing) activityLog().info('adopted the gateway record', { merchantTransactionId });
      if (existing) return existing;
    }
    try {
      const outcome = outcomeFromResponse(merchantTransactionId, await send());
      activityLog().info('gateway transaction', {
        merchantTransactionId,
        status: outcome.status,
        uuid: outcome.uuid,
        errorCode: outcome.error?.code,
      });
      return outcome;
    } catch (err) {
      if (err instanceof GatewayRejectedError && err.classification.retry === 'lookup') {
        const existing = await lookup(deps, merchantTransactionId);
        if (existing) return existing;
      }
      throw err;
    }
  });
}

export function createTransactionActivities(deps: TransactionDeps) {
  const { gateway, callbackUrl } = deps;
  return {
    async debit(input: TokenChargeInput): Promise<TransactionOutcome> {
      activityLog().info('sending debit', { kind: input.kind, paymentToken: input.paymentToken });
      const request = {
        merchantTransactionId: input.merchantTransactionId,
        amount: input.amountMinor,
        currency: input.currency,
        transactionToken: input.paymentToken,
        transactionIndicator: input.transactionIndicator,
        customerProfileData: { customerIdentification: input.customerIdentification },
        callbackUrl,
        description: input.description,
        // Copied by the gateway onto what it does later on its own (a back-office refund): routes it back here.
        merchantMetaData: input.merchantTransactionId,
      };
      return sendOnce(deps, input.merchantTransactionId, () =>
        input.kind === 'preauthorize' ? gateway.preauthorize(request) : gateway.debit(request),
      );
    },

    async registerInstrument(input: RegisterInstrumentInput): Promise<TransactionOutcome> {
      const common = {
        merchantTransactionId: input.merchantTransactionId,
        transactionToken: input.transactionToken,
        transactionIndicator: 'INITIAL' as const,
        customerProfileData: {
          customerIdentification: input.customerIdentification,
          markAsPreferred: input.markAsPreferred,
        },
        callbackUrl,
        description: input.description,
      };
      if (input.kind === 'register')
        return sendOnce(deps, input.merchantTransactionId, () => gateway.register(common));
      if (input.amountMinor === undefined || input.currency === undefined) {
        throw new TypeError('a first purchase needs an amount and currency');
      }
      const request = { ...common, amount: input.amountMinor, currency: input.currency, withRegister: true };
      return sendOnce(deps, input.merchantTransactionId, () =>
        input.kind === 'preauthorize' ? gateway.preauthorize(request) : gateway.debit(request),
      );
    },

    async reconcile(input: {
      readonly merchantTransactionId: string;
    }): Promise<TransactionOutcome | undefined> {
      return withFailureMapping(() => lookup(deps, input.merchantTransactionId));
    },

    async capture(input: ReferenceTransactionInput): Promise<TransactionOutcome> {
      const amount = input.amountMinor;
      if (amount === undefined || !input.currency)
        throw new TypeError('capture needs an amount and currency');
      return sendOnce(deps, input.merchantTransactionId, () =>
        gateway.capture({
          merchantTransactionId: input.merchantTransactionId,
          referenceUuid: input.referenceUuid,
          amount,
          currency: input.currency!,
        }),
      );
    },

    async void(input: ReferenceTransactionInput): Promise<TransactionOutcome> {
      return sendOnce(deps, input.merchantTransactionId, () =>
        gateway.void({
          merchantTransactionId: input.merchantTransactionId,
          referenceUuid: input.referenceUuid,
        }),
      );
    },

    async refund(input: ReferenceTransactionInput): Promise<TransactionOutcome> {
      const amount = input.amountMinor;
      if (amount === undefined || !input.currency) throw new TypeError('refund needs an amount and currency');
      return sendOnce(deps, input.merchantTransactionId, () =>
        gateway.refund({
          merchantTransactionId: input.merchantTransactionId,
          referenceUuid: input.referenceUuid,
          amount,
          currency: input.currency!,
          callbackUrl,
        }),
      );
    },
  };
}
