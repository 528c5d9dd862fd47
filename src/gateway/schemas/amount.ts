/**
 * Amount codecs: integer minor units + Currency on our side, decimal strings in major units on the wire.
 * The conversion needs the sibling `currency`, so it works on the whole object, built from one shared shape.
 */
import { z } from 'zod';
import { fromDecimalString, MoneyError, toDecimalString } from '../../money.js';
import { CurrencyCode, MinorUnits } from './common.js';

/** What we send: always a decimal string, e.g. "9.99", "1000", "1.234". */
const RequestAmount = z.string().regex(/^\d+(\.\d+)?$/);
/** What replies may carry: the gateway formats like the PHP client ("10", "9.5") and may send numbers. */
const ReplyAmount = z.union([z.string(), z.number().nonnegative()]);

type WireFields = {
  readonly amount?: string | number | null | undefined;
  readonly currency?: string | null | undefined;
};
type ApiFields = {
  readonly amount?: number | null | undefined;
  readonly currency?: string | null | undefined;
};

function decodeAmount(value: WireFields, ctx: z.core.ParsePayload<unknown>): unknown {
  if (value.amount === undefined || value.amount === null) return value;
  if (typeof value.currency !== 'string') {
    ctx.issues.push({ code: 'custom', message: 'amount without currency', input: value, path: ['currency'] });
    return z.NEVER;
  }
  try {
    return { ...value, amount: fromDecimalString(String(value.amount), value.currency) };
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    ctx.issues.push({ code: 'custom', message: error.message, input: value.amount, path: ['amount'] });
    return z.NEVER;
  }
}

function encodeAmount(value: ApiFields, ctx: z.core.ParsePayload<unknown>): unknown {
  if (value.amount === undefined || value.amount === null || !value.currency) return value;
  try {
    return { ...value, amount: toDecimalString(value.amount, CurrencyCode.parse(value.currency)) };
  } catch {
    // zod keeps going after our side's own issues (e.g. 9.5 minor units); they are reported already.
    if (ctx.issues.length === 0) {
      ctx.issues.push({
        code: 'custom',
        message: 'amount cannot be encoded',
        input: value.amount,
        path: ['amount'],
      });
    }
    return z.NEVER;
  }
}

/** A strict request object with a required amount and currency. */
export function requestWithAmount<const S extends z.core.$ZodLooseShape>(shape: S) {
  const wire = z.strictObject({ ...shape, amount: RequestAmount, currency: CurrencyCode });
  const api = z.strictObject({ ...shape, amount: MinorUnits, currency: CurrencyCode });
  return z.codec(wire, api, {
    decode: (value, ctx) => decodeAmount(value as WireFields, ctx) as z.input<typeof api>,
    encode: (value, ctx) => encodeAmount(value as ApiFields, ctx) as z.output<typeof wire>,
  });
}

/**
 * A loose reply object with an optional amount and currency (unknown extra fields pass through). `apiShape`
 * replaces fields on our side: a nested amount codec in `shape` is decoded by the wire side already, so our side
 * must check its output (e.g. `Nested.out`) instead of decoding it a second time.
 */
export function replyWithAmount<
  const S extends z.core.$ZodLooseShape,
  const A extends z.core.$ZodLooseShape = Record<never, never>,
>(shape: S, apiShape?: A) {
  const wire = z.looseObject({ ...shape, amount: ReplyAmount.optional(), currency: z.string().optional() });
  const api = z.looseObject({
    ...(shape as Omit<S, keyof A>),
    ...(apiShape as A),
    amount: MinorUnits.optional(),
    currency: CurrencyCode.optional(),
  });
  return z.codec(wire, api, {
    decode: (value, ctx) => decodeAmount(value as WireFields, ctx) as z.input<typeof api>,
    encode: (value, ctx) => encodeAmount(value as ApiFields, ctx) as z.output<typeof wire>,
  });
}
