/** Durations workflow code waits for, in seconds (the unit of every *Seconds input). */
export const DAY_SECONDS = 86_400;
export const WEEK_SECONDS = 7 * DAY_SECONDS;
