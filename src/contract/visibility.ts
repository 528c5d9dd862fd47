/** Search attributes of a charge, set when it starts so the Web UI filters by customer, amount and currency. */
import type { SearchAttributePair } from '@temporalio/common';
import { toDecimalString } from '../money.js';
import {
  AmountMinorKey,
  BillingRunIdKey,
  ChargeStatusKey,
  CurrencyKey,
  CustomerIdKey,
} from '../temporal/search-attributes.js';
import type { ChargeInput, ChargeMemo, RegisterInput } from './messages.js';

export function chargeSearchAttributes(input: ChargeInput): SearchAttributePair[] {
  return [
    { key: CustomerIdKey, value: input.customerId },
    { key: AmountMinorKey, value: input.amountMinor },
    { key: CurrencyKey, value: input.currency },
    { key: ChargeStatusKey, value: 'started' },
    ...(input.billing ? [{ key: BillingRunIdKey, value: input.billing.runId }] : []),
  ];
}

/** The memo every charge carries from its start (see ChargeMemo). */
export function chargeMemo(input: ChargeInput): { charge: ChargeMemo } {
  return {
    charge: {
      customerId: input.customerId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      mode: input.mode ?? 'debit',
      initiator: input.initiator,
      ...(input.billing ? { billing: input.billing } : {}),
    },
  };
}

/**
 * The Web UI's one-line summary and details of a charge (staticSummary/staticDetails). Ids and amounts only, no
 * personal or card data; they are payloads, so the codec encrypts them like every other payload.
 */
export function chargeSummary(input: ChargeInput): { staticSummary: string; staticDetails: string } {
  const kind = input.billing
    ? `subscription ${input.billing.subscriptionId} ${input.billing.period}`
    : `${input.initiator}-initiated`;
  const mode = input.mode === 'preauthorize' ? 'Preauthorization' : 'Charge';
  return {
    staticSummary: `${mode} ${toDecimalString(input.amountMinor, input.currency)} ${input.currency} · customer ${input.customerId} · ${kind}`,
    staticDetails: [
      `**charge** ${input.chargeId}`,
      `**customer** ${input.customerId}`,
      `**amount** ${toDecimalString(input.amountMinor, input.currency)} ${input.currency} (${input.amountMinor} minor units)`,
      `**initiator** ${input.initiator}${input.recurring ? ' (recurring)' : ''}`,
      `**mode** ${input.mode ?? 'debit'}`,
      ...(input.billing ? [`**billing run** ${input.billing.runId}`] : []),
    ].join('\n\n'),
  };
}

export function registrationSearchAttributes(input: RegisterInput): SearchAttributePair[] {
  return [
    { key: CustomerIdKey, value: input.customerId },
    { key: ChargeStatusKey, value: 'registering' },
    ...(input.amountMinor !== undefined ? [{ key: AmountMinorKey, value: input.amountMinor }] : []),
    ...(input.currency ? [{ key: CurrencyKey, value: input.currency }] : []),
  ];
}

export function registrationSummary(input: RegisterInput): { staticSummary: string; staticDetails: string } {
  const amount =
    input.amountMinor !== undefined && input.currency
      ? ` ${toDecimalString(input.amountMinor, input.currency)} ${input.currency}`
      : '';
  return {
    staticSummary: `Registration (${input.kind}${amount}) · customer ${input.customerId}`,
    staticDetails: [
      `**registration** ${input.registrationId}`,
      `**customer** ${input.customerId}`,
      `**kind** ${input.kind}`,
      ...(amount ? [`**amount**${amount}`] : []),
    ].join('\n\n'),
  };
}

export function billingRunSummary(input: {
  readonly runId: string;
  readonly billingDate?: string | undefined;
  readonly scheduleId?: string | undefined;
  readonly filters?: { readonly currency?: string | undefined } | undefined;
}): { staticSummary: string; staticDetails: string } {
  const date = input.billingDate ?? 'the scheduled day';
  const currency = input.filters?.currency ? ` · ${input.filters.currency} only` : '';
  return {
    staticSummary: `Billing run ${input.runId} · due on or before ${date}${currency}`,
    staticDetails: [
      `**billing run** ${input.runId}`,
      `**billing date** ${date}`,
      ...(input.scheduleId ? [`**schedule** ${input.scheduleId}`] : []),
      ...(input.filters?.currency ? [`**currency** ${input.filters.currency}`] : []),
    ].join('\n\n'),
  };
}

export function billingRunSearchAttributes(runId: string): SearchAttributePair[] {
  return [
    { key: BillingRunIdKey, value: runId },
    { key: ChargeStatusKey, value: 'billing' },
  ];
}

/** The Web UI's current details (setCurrentDetails): the phase in bold, then what is worth knowing now. */
export function phaseLine(phase: string, parts: readonly (string | undefined)[] = []): string {
  return [`**${phase}**`, ...parts.filter((part) => part)].join(' · ');
}
