/**
 * `profiles show|set-preferred|delete <customerId>`: an operator's view and changes of a customer's IXOPAY
 * profile (getProfile/updateProfile/deleteProfile), with the customer store kept in step. Shows brand, last four
 * and expiry only, never card holder or first digits; tokens are masked to their last four characters.
 */
import type { GetProfileResult, PaymentInstrument } from '../../gateway/index.js';
import type { Customer } from '../../customers/index.js';
import { BUSINESS_ID } from '../../ids.js';
import { EXIT, UsageError, command, required, table, type Group } from '../args.js';
import { withStore } from '../context.js';
import { SHOW_TOKENS, printResult } from '../output.js';

const EXIT_CODES = `Exit codes: 0 done, 3 the customer has no IXOPAY profile, 2 invalid input (unknown customer, a token
not in the profile, delete without --yes), 1 error (e.g. the gateway unreachable).`;

const USAGE = `Usage: ixopay-temporal profiles show|set-preferred|delete <customerId> [options]   (profiles <command> --help)

  show <customerId> [--json] [--show-tokens]    the profile's instruments: brand, last four, expiry, masked token
  set-preferred <customerId> --token pt::...    make one of the profile's instruments the preferred one
  delete <customerId> --yes                     delete the profile at IXOPAY and unlink it from the customer
Talks to the gateway (IXOPAY_BASE_URL) and the customer store; needs no Temporal server.
${EXIT_CODES}`;

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

type Action = 'show' | 'set-preferred' | 'delete';

async function runProfiles(
  act: Action,
  customerId: string,
  token: string | undefined,
  flags: { readonly json?: boolean | undefined; readonly 'show-tokens'?: boolean | undefined },
): Promise<number> {
  return withStore(async (store, config) => {
    const { GatewayClient } = await import('../../gateway/index.js');
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
      printResult(
        { customerId, preferred: token },
        flags,
        () => `preferred instrument of ${customerId} is now ${maskToken(token!)}`,
      );
      return EXIT.ok;
    }
    if (act === 'delete') {
      await gateway.deleteProfile(ref);
      await store.unlinkProfile(customerId);
      printResult(
        { customerId, deleted: true, instruments: instruments.length },
        flags,
        () =>
          `deleted the IXOPAY profile of ${customerId} (${instruments.length} instrument(s)) and unlinked it`,
      );
      return EXIT.ok;
    }
    const view = {
      customerId,
      profileGuid: profile.profileGuid ?? customer.profileGuid,
      customerIdentification: profile.customerIdentification ?? customer.customerIdentification,
      instruments,
    };
    printResult(view, flags, () =>
      [
        `customer ${customerId}, IXOPAY profile ${view.profileGuid ?? '?'}`,
        table(
          view.instruments.map((i) => ({
            token: flags['show-tokens'] ? i.paymentToken : maskToken(i.paymentToken),
            brand: i.brand,
            last4: i.lastFour,
            expiry: i.expiry,
            preferred: i.preferred ? 'yes' : '',
          })),
        ),
      ].join('\n'),
    );
    return EXIT.ok;
  });
}

function customerIdArgument(value: string): string {
  if (!BUSINESS_ID.test(value)) throw new UsageError(`malformed customer id ${JSON.stringify(value)}`);
  return value;
}

const show = command({
  usage: `Usage: ixopay-temporal profiles show <customerId> [--json] [--show-tokens]

The customer's IXOPAY profile: each instrument's brand, last four digits, expiry and payment token (masked to its
last four unless --show-tokens; tokens are not card data, but they charge the card). Never card holder or first
digits.
${EXIT_CODES}`,
  options: { ...SHOW_TOKENS },
  positionals: { min: 1, max: 1, names: '<customerId>' },
  run: ({ values, positionals }) =>
    runProfiles('show', customerIdArgument(positionals[0]!), undefined, values),
});

const setPreferred = command({
  usage: `Usage: ixopay-temporal profiles set-preferred <customerId> --token pt::... [--json]

Makes one of the profile's instruments the preferred one (charges without --token use it). The full token is
what 'profiles show --show-tokens' prints.
${EXIT_CODES}`,
  options: { token: { type: 'string' }, ...SHOW_TOKENS },
  positionals: { min: 1, max: 1, names: '<customerId>' },
  run: ({ values, positionals }) =>
    runProfiles(
      'set-preferred',
      customerIdArgument(positionals[0]!),
      required(values.token, 'token'),
      values,
    ),
});

const remove = command({
  usage: `Usage: ixopay-temporal profiles delete <customerId> --yes [--json]

Deletes the customer's profile at IXOPAY (with every stored instrument) and unlinks it from the customer.
  --yes   required: the profile and its cards go
${EXIT_CODES}`,
  options: { yes: { type: 'boolean' } },
  positionals: { min: 1, max: 1, names: '<customerId>' },
  run: ({ values, positionals }) => {
    const customerId = customerIdArgument(positionals[0]!);
    if (!values.yes) throw new UsageError('delete needs --yes: the profile and its cards go');
    return runProfiles('delete', customerId, undefined, values);
  },
});

export const profilesGroup: Group = {
  usage: USAGE,
  subcommands: { show, 'set-preferred': setPreferred, delete: remove },
};
