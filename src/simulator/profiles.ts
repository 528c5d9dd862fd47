/**
 * Customer profiles: a profile per customerIdentification, each with card instruments addressed by a
 * paymentToken ("pt::<20 hex>"). O(1) lookups by guid, identification and token.
 */
import { randomBytes } from 'node:crypto';
import type { CardInfo } from './cards.js';
import type { ProfileLink, ProfileRequest } from './store.js';

export interface Instrument {
  readonly paymentToken: string;
  readonly createdAt: string;
  readonly card: CardInfo;
}

export interface Profile {
  readonly profileGuid: string;
  readonly customerIdentification: string;
  customer: Record<string, unknown>;
  instruments: Instrument[];
  preferredToken: string | undefined;
}

export type ProfileResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** "CP-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX" like the gateway's profile guids. */
function newProfileGuid(): string {
  const hex = randomBytes(12).toString('hex').toUpperCase();
  return `CP-${hex.match(/.{4}/g)!.join('-')}`;
}

/** "YYYY-MM-DD HH:MM:SS" (UTC), the format of the guide's instrument createdAt. */
function profileTimestamp(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

export class ProfileStore {
  readonly #byGuid = new Map<string, Profile>();
  readonly #guidByIdentification = new Map<string, string>();
  readonly #guidByToken = new Map<string, string>();

  get size(): number {
    return this.#byGuid.size;
  }

  /** The profile addressed by guid and/or identification; both given must agree. */
  find(id: {
    readonly profileGuid?: string | undefined;
    readonly customerIdentification?: string | undefined;
  }): Profile | undefined {
    const guid =
      id.profileGuid ??
      (id.customerIdentification !== undefined
        ? this.#guidByIdentification.get(id.customerIdentification)
        : undefined);
    const profile = guid === undefined ? undefined : this.#byGuid.get(guid);
    if (
      profile &&
      id.customerIdentification !== undefined &&
      profile.customerIdentification !== id.customerIdentification
    ) {
      return undefined;
    }
    return profile;
  }

  /**
   * Adds the card to the addressed profile (creating it from customerIdentification if needed) and returns the
   * link for the transaction response. The same card twice yields the same paymentToken.
   */
  attach(
    request: ProfileRequest,
    card: CardInfo,
    customer: Readonly<Record<string, unknown>> | undefined,
    now: Date,
  ): ProfileResult<ProfileLink> {
    let profile = this.find(request);
    if (!profile) {
      if (request.profileGuid !== undefined || request.customerIdentification === undefined) {
        return { ok: false, message: `Customer profile ${request.profileGuid ?? ''} not found` };
      }
      profile = {
        profileGuid: newProfileGuid(),
        customerIdentification: request.customerIdentification,
        customer: { ...(customer ?? {}), identification: request.customerIdentification },
        instruments: [],
        preferredToken: undefined,
      };
      this.#byGuid.set(profile.profileGuid, profile);
      this.#guidByIdentification.set(profile.customerIdentification, profile.profileGuid);
    }
    let instrument = profile.instruments.find((i) => i.card.fingerprint === card.fingerprint);
    if (!instrument) {
      instrument = {
        paymentToken: `pt::${randomBytes(10).toString('hex')}`,
        createdAt: profileTimestamp(now),
        card,
      };
      profile.instruments.push(instrument);
      this.#guidByToken.set(instrument.paymentToken, profile.profileGuid);
    }
    if (request.markAsPreferred === true || profile.preferredToken === undefined)
      profile.preferredToken = instrument.paymentToken;
    return {
      ok: true,
      value: {
        profileGuid: profile.profileGuid,
        customerIdentification: profile.customerIdentification,
        paymentToken: instrument.paymentToken,
      },
    };
  }

  /** The instrument behind a paymentToken, with its profile. */
  resolveToken(
    paymentToken: string,
  ): { readonly profile: Profile; readonly instrument: Instrument } | undefined {
    const guid = this.#guidByToken.get(paymentToken);
    const profile = guid === undefined ? undefined : this.#byGuid.get(guid);
    const instrument = profile?.instruments.find((i) => i.paymentToken === paymentToken);
    return profile && instrument ? { profile, instrument } : undefined;
  }

  /** Removes one instrument (deregister); the next instrument becomes preferred if it was the preferred one. */
  /** Lets a stored card expire (time passing after it was stored): its expiry becomes the given month. */
  setExpiry(paymentToken: string, expiryMonth: number, expiryYear: number): boolean {
    const found = this.resolveToken(paymentToken);
    if (!found) return false;
    found.profile.instruments = found.profile.instruments.map((i) =>
      i.paymentToken === paymentToken ? { ...i, card: { ...i.card, expiryMonth, expiryYear } } : i,
    );
    return true;
  }

  removeToken(paymentToken: string): boolean {
    const found = this.resolveToken(paymentToken);
    if (!found) return false;
    const { profile } = found;
    profile.instruments = profile.instruments.filter((i) => i.paymentToken !== paymentToken);
    this.#guidByToken.delete(paymentToken);
    if (profile.preferredToken === paymentToken)
      profile.preferredToken = profile.instruments[0]?.paymentToken;
    return true;
  }

  /** Applies changed customer data and/or a new preferred instrument; returns the changed field names. */
  update(
    profile: Profile,
    customerData: Readonly<Record<string, unknown>> | undefined,
    preferredInstrument: string | undefined,
  ): ProfileResult<string[]> {
    if (
      preferredInstrument !== undefined &&
      !profile.instruments.some((i) => i.paymentToken === preferredInstrument)
    ) {
      return {
        ok: false,
        message: `preferredInstrument '${preferredInstrument}' is not an instrument of this profile`,
      };
    }
    const changed: string[] = [];
    for (const [key, value] of Object.entries(customerData ?? {})) {
      if (key === 'identification') continue;
      if (JSON.stringify(profile.customer[key]) !== JSON.stringify(value)) {
        profile.customer[key] = value;
        changed.push(key);
      }
    }
    if (preferredInstrument !== undefined && preferredInstrument !== profile.preferredToken) {
      profile.preferredToken = preferredInstrument;
      changed.push('preferredInstrument');
    }
    return { ok: true, value: changed };
  }

  delete(profile: Profile): void {
    for (const i of profile.instruments) this.#guidByToken.delete(i.paymentToken);
    this.#byGuid.delete(profile.profileGuid);
    this.#guidByIdentification.delete(profile.customerIdentification);
  }

  all(): Profile[] {
    return [...this.#byGuid.values()];
  }

  /** Restores persisted profiles (persistence only). */
  restore(profiles: readonly Profile[]): void {
    for (const p of profiles) {
      this.#byGuid.set(p.profileGuid, p);
      this.#guidByIdentification.set(p.customerIdentification, p.profileGuid);
      for (const i of p.instruments) this.#guidByToken.set(i.paymentToken, p.profileGuid);
    }
  }
}

/** The getProfile response body for an existing profile (shape of the customer-profiles guide). */
export function renderProfile(profile: Profile): Record<string, unknown> {
  return {
    success: true,
    profileExists: true,
    profileGuid: profile.profileGuid,
    customerIdentification: profile.customerIdentification,
    ...(profile.instruments.length > 0 ? { preferredMethod: 'Creditcard' } : {}),
    customer: profile.customer,
    paymentInstruments: profile.instruments.map((i) => ({
      _TYPE: 'card',
      createdAt: i.createdAt,
      method: 'card',
      paymentData: {
        _TYPE: 'paymentData.card',
        brand: i.card.brand,
        cardHolder: i.card.cardHolder,
        expiryMonth: i.card.expiryMonth,
        expiryYear: i.card.expiryYear,
        firstSixDigits: i.card.firstSixDigits,
        lastFourDigits: i.card.lastFourDigits,
      },
      paymentToken: i.paymentToken,
      isPreferred: i.paymentToken === profile.preferredToken,
    })),
  };
}
