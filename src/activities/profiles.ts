/** fetchProfile and saveProfileLink: the customer's stored instruments, reduced to what choosing one needs. */
import type { CustomerStore } from '../customers/index.js';
import type { InstrumentSummary, ProfileSummary } from '../contract/domain.js';
import type { GatewayClient, GetProfileResult } from '../gateway/index.js';
import { activityLog } from '../observability/activity-log.js';
import { FAILURE_TYPES, nonRetryable, withFailureMapping } from './failures.js';
import type { FetchProfileInput, ProfileLinkInput } from '../contract/activities.js';

function toInt(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number.parseInt(value, 10);
  return Number.isInteger(n) ? n : undefined;
}

function exists(profile: GetProfileResult): boolean {
  return profile.profileExists && Boolean(profile.profileGuid);
}

/** Card holder names and BINs stay out: they are personal data and workflow history keeps what we return. */
export function summarizeProfile(profile: GetProfileResult): ProfileSummary {
  const instruments: InstrumentSummary[] = (profile.paymentInstruments ?? [])
    .filter((i) => typeof i.paymentToken === 'string' && i.paymentToken.length > 0)
    .map((i) => ({
      paymentToken: i.paymentToken!,
      isPreferred: i.isPreferred === true,
      brand: i.paymentData?.brand,
      lastFourDigits: i.paymentData?.lastFourDigits,
      expiryMonth: toInt(i.paymentData?.expiryMonth),
      expiryYear: toInt(i.paymentData?.expiryYear),
    }));
  return {
    profileGuid: profile.profileGuid ?? '',
    customerIdentification: profile.customerIdentification ?? '',
    instruments,
  };
}

export function createProfileActivities(deps: {
  readonly gateway: GatewayClient;
  readonly store: CustomerStore;
}) {
  return {
    async fetchProfile(input: FetchProfileInput): Promise<ProfileSummary> {
      return withFailureMapping(async () => {
        let profile = await deps.gateway.getProfile({ customerIdentification: input.customerIdentification });
        if (!exists(profile) && input.profileGuid)
          profile = await deps.gateway.getProfile({ profileGuid: input.profileGuid });
        if (!exists(profile))
          throw nonRetryable(FAILURE_TYPES.profileNotFound, 'the customer has no stored payment profile');
        const summary = summarizeProfile(profile);
        activityLog().info('profile fetched', { instruments: summary.instruments.length });
        return summary;
      });
    },

    async saveProfileLink(input: ProfileLinkInput): Promise<void> {
      await deps.store.linkProfile(input.customerId, {
        customerIdentification: input.customerIdentification,
        profileGuid: input.profileGuid,
      });
    },
  };
}
