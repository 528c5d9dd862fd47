/** authenticate: resolves the merchant's customer and checks the charge is allowed. Business refusals never retry. */
import type { CustomerStore } from '../customers/index.js';
import { isSealedSessionProof, unsealSessionProof, verifySessionProof } from '../customers/index.js';
import type { AuthenticateInput, AuthenticatedCustomer } from '../contract/activities.js';
import { activityLog } from '../observability/activity-log.js';
import { FAILURE_TYPES, nonRetryable, withFailureMapping } from './failures.js';

export interface AuthenticateDeps {
  readonly store: CustomerStore;
  /** Current secret first, then previous ones during rotation. */
  readonly sessionProofSecrets: readonly string[];
  readonly now?: () => Date;
}

export function createAuthenticate(
  deps: AuthenticateDeps,
): (input: AuthenticateInput) => Promise<AuthenticatedCustomer> {
  return (input) =>
    withFailureMapping(async () => {
      const customer = await deps.store.getCustomer(input.customerId);
      if (!customer)
        throw nonRetryable(FAILURE_TYPES.unknownCustomer, `unknown customer ${input.customerId}`);
      if (customer.status !== 'active')
        throw nonRetryable(FAILURE_TYPES.customerDisabled, `customer ${input.customerId} is disabled`);
      if (input.purpose !== 'register') {
        if (input.initiator === 'customer') {
          if (!input.sessionProof)
            throw nonRetryable(
              FAILURE_TYPES.missingSessionProof,
              'customer-initiated charge without a session proof',
            );
          // A plaintext proof would sit readable in workflow history: only sealed ones are accepted.
          if (!isSealedSessionProof(input.sessionProof))
            throw nonRetryable(FAILURE_TYPES.invalidSessionProof, 'session proof rejected: not sealed');
          if (!input.chargeId)
            throw nonRetryable(FAILURE_TYPES.invalidSessionProof, 'session proof rejected: no charge id');
          const proof = unsealSessionProof(input.sessionProof, deps.sessionProofSecrets, input.chargeId);
          if (!proof)
            throw nonRetryable(FAILURE_TYPES.invalidSessionProof, 'session proof rejected: cannot be opened');
          const check = verifySessionProof(proof, {
            customerId: customer.id,
            chargeId: input.chargeId,
            secrets: [...deps.sessionProofSecrets],
            ...(deps.now ? { now: deps.now() } : {}),
          });
          if (!check.ok)
            throw nonRetryable(FAILURE_TYPES.invalidSessionProof, `session proof rejected: ${check.reason}`);
        } else if (customer.mandate?.status !== 'active') {
          throw nonRetryable(
            FAILURE_TYPES.missingMandate,
            `customer ${input.customerId} has no active mandate for merchant-initiated charges`,
          );
        }
      }
      activityLog().info('customer authenticated', { initiator: input.initiator, purpose: input.purpose });
      return {
        customerId: customer.id,
        customerIdentification: customer.customerIdentification,
        profileGuid: customer.profileGuid ?? undefined,
      };
    });
}
