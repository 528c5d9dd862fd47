/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) for billing schedules. Pure and integer-only: no `Date`, no
 * time zones, no "30.44 days per month" floats. Month steps clamp to the month's last day and keep an anchor
 * day, so Jan 31 → Feb 28 (29 in leap years) → Mar 31 instead of drifting to the 28th.
 */

/** How a subscription repeats. */
export const BILLING_INTERVALS = ['day', 'week', 'month', 'year'] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];

/** A calendar day without time or zone. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Floor division; exact for the small integers used here. */
function idiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Gregorian leap year rule. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (1-12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parses "YYYY-MM-DD" (years 0001-9999); undefined for anything that is not a real calendar day. */
export function parseIsoDate(text: string): CalendarDate | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True for a real calendar day written as "YYYY-MM-DD". */
export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== undefined;
}

function requireIsoDate(text: string): CalendarDate {
  const date = parseIsoDate(text);
  if (!date) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(text)}`);
  return date;
}

/** Formats a calendar date as "YYYY-MM-DD"; throws RangeError outside years 0001-9999. */
export function formatIsoDate(date: CalendarDate): string {
  if (date.year < 1 || date.year > 9999) throw new RangeError(`year out of range: ${date.year}`);
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
export function toEpochDay(date: CalendarDate): number {
  const y = date.month <= 2 ? date.year - 1 : date.year;
  const era = idiv(y, 400);
  const yoe = y - era * 400;
  const doy = idiv(153 * (date.month > 2 ? date.month - 3 : date.month + 9) + 2, 5) + date.day - 1;
  const doe = yoe * 365 + idiv(yoe, 4) - idiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of toEpochDay (H. Hinnant's civil_from_days). */
export function fromEpochDay(epochDay: number): CalendarDate {
  const z = epochDay + 719468;
  const era = idiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = idiv(doe - idiv(doe, 1460) + idiv(doe, 36524) - idiv(doe, 146096), 365);
  const doy = doe - (365 * yoe + idiv(yoe, 4) - idiv(yoe, 100));
  const mp = idiv(5 * doy + 2, 153);
  const day = doy - idiv(153 * mp + 2, 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Adds (or subtracts) whole days. */
export function addDays(isoDate: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return formatIsoDate(fromEpochDay(toEpochDay(requireIsoDate(isoDate)) + days));
}

/**
 * Adds whole months, clamping to the target month's last day. `anchorDay` (1-31, default: the date's own day)
 * is the day the schedule aims for, so a clamped date does not pull later months earlier.
 */
export function addMonths(isoDate: string, months: number, anchorDay?: number): string {
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const date = requireIsoDate(isoDate);
  const anchor = anchorDay ?? date.day;
  if (!Number.isInteger(anchor) || anchor < 1 || anchor > 31)
    throw new RangeError(`bad anchor day ${anchor}`);
  const total = date.year * 12 + (date.month - 1) + months;
  const year = idiv(total, 12);
  const month = total - year * 12 + 1;
  return formatIsoDate({ year, month, day: Math.min(anchor, daysInMonth(year, month)) });
}

/** The next billing date after `isoDate` for `intervalCount` × `interval`, month steps clamped to `anchorDay`. */
export function advanceByInterval(
  isoDate: string,
  interval: BillingInterval,
  intervalCount: number,
  anchorDay?: number,
): string {
  if (!Number.isSafeInteger(intervalCount) || intervalCount < 1) {
    throw new RangeError(`intervalCount must be a positive integer, got ${intervalCount}`);
  }
  switch (interval) {
    case 'day':
      return addDays(isoDate, intervalCount);
    case 'week':
      return addDays(isoDate, 7 * intervalCount);
    case 'month':
      return addMonths(isoDate, intervalCount, anchorDay);
    case 'year':
      return addMonths(isoDate, 12 * intervalCount, anchorDay);
  }
}

/** Day of month of an ISO date: the anchor a monthly or yearly schedule keeps. */
export function dayOfMonth(isoDate: string): number {
  return requireIsoDate(isoDate).day;
}

/**
 * The billing period key of a due date: the ISO date itself ("2026-11-25"). It matches BUSINESS_ID, so
 * `billingChargeId(subscriptionId, period)` stays valid for subscription ids of up to 29 characters.
 */
export function billingPeriodOf(nextBillingDate: string): string {
  return formatIsoDate(requireIsoDate(nextBillingDate));
}
