/**
 * `profiles show|set-preferred|delete <customerId>`: an operator's view and changes of a customer's IXOPAY
 * profile (getProfile/updateProfile/deleteProfile), with the customer store kept in step. Shows brand, last four
 * and expiry only, never card holder or first digits; tokens are masked to their last four characters.
 */
import { GatewayClient, type GetProfileResult, type PaymentInstrument } from '../../gateway/index.js';
import type { Customer } from '../../customers/index.js';
import { BUSINESS_ID } from '../../ids.js';
import { EXIT, UsageError, parse, required, table } from '../args.js';
import { withStore } from '../context.js';

const USAGE = `Usage: ixopay-temporal profiles show|set-preferred|delete <customerId> [options]

  show <customerId> [--json]                    the profile's instruments: brand, last four, expiry, masked token
  set-preferred <customerId> --token pt::...    make one of the profile's instruments the preferred one
  delete <customerId> --yes                     delete the profile at IXOPAY and unlink it from the customer
  --json prints the tokens unmasked (they are not card data) for set-preferred.
Exit codes: 0 done, 3 the customer has no IXOPAY profile, 2 invalid input (unknown customer, a token not in the
profile, delete without --yes), 1 error.`;

const ACTIONS = ['show', 'set-preferred', 'delete'] as const;

export interface InstrumentView {
  readonly paymentToken: string;
  readonly brand: string;
  readonly lastFour: string;
  readonly expiry: string;
  readonly preferred: boolean;
}

/** "pt::abcd…wxyz" → "…wxyz". */
export function maskToken(token: string): string {
  return token.length <= 4 ? '…' : `…${token.slice(-4)}`;
}

function instrumentView(i: PaymentInstrument): InstrumentView {
  const d = i.paymentData;
  const month = d?.expiryMonth === undefined ? '' : String(d.expiryMonth).padStart(2, '0');
  return {
    paymentToken: i.paymentToken ?? '',
    brand: d?.brand ?? i.method ?? '',
    lastFour: d?.lastFourDigits ?? '',
    expiry: month && d?.expiryYear !== undefined ? `${month}/${String(d.expiryYear)}` : '',
    preferred: i.isPreferred === true,
  };
}

function profileRef(c: Customer) {
  return c.profileGuid
    ? { profileGuid: c.profileGuid }
    : { customerIdentification: c.customerIdentification };
}

export async function profilesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { token: { type: 'string' }, json: { type: 'boolean' }, yes: { type: 'boolean' } },
    USAGE,
  );
  const [action, customerId, ...extra] = positionals;
  const act = ACTIONS.find((a) => a === action);
  if (!act || !customerId || extra.length > 0) throw new UsageError(USAGE);
  if (!BUSINESS_ID.test(customerId))
    throw new UsageError(`malformed customer id ${JSON.stringify(customerId)}`);
  if (act === 'delete' && !values.yes)
    throw new UsageError('delete needs --yes: the profile and its cards go');
  const token = act === 'set-preferred' ? required(values.token, 'token') : undefined;

  return withStore(async (store, config) => {
    const customer = await store.getCustomer(customerId);
    if (!customer) throw new UsageError(`unknown customer ${customerId}`);
    const gateway = new GatewayClient(config.gateway);
    const ref = profileRef(customer);
    const profile: GetProfileResult = await gateway.getProfile(ref);
    if (!profile.profileExists) {
      if (act === 'delete' && customer.profileGuid) await store.unlinkProfile(customerId);
      console.error(`customer ${customerId} has no IXOPAY profile`);
      return EXIT.notSucceeded;
    }
    const instruments = (profile.paymentInstruments ?? []).map(instrumentView);

    if (act === 'set-preferred') {
      if (!instruments.some((i) => i.paymentToken === token)) {
        throw new UsageError(`token ${maskToken(token!)} is not in ${customerId}'s profile`);
      }
      await gateway.updateProfile({ ...ref, preferredInstrument: token });
      console.log(`preferred instrument of ${customerId} is now ${maskToken(token!)}`);
      return EXIT.ok;
    }
    if (act === 'delete') {
      await gateway.deleteProfile(ref);
      await store.unlinkProfile(customerId);
      console.log(
        `deleted the IXOPAY profile of ${customerId} (${instruments.length} instrument(s)) and unlinked it`,
      );
      return EXIT.ok;
    }
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            customerId,
            profileGuid: profile.profileGuid ?? customer.profileGuid,
            customerIdentification: profile.customerIdentification ?? customer.customerIdentification,
            instruments,
          },
          null,
          2,
        ),
      );
      return EXIT.ok;
    }
    console.log(
      `customer ${customerId}, IXOPAY profile ${profile.profileGuid ?? customer.profileGuid ?? '?'}`,
    );
    console.log(
      table(
        instruments.map((i) => ({
          token: maskToken(i.paymentToken),
          brand: i.brand,
          last4: i.lastFour,
          expiry: i.expiry,
          preferred: i.preferred ? 'yes' : '',
        })),
      ),
    );
    return EXIT.ok;
  });
}
