/**
 * Timestamps relative to the scenario's `now`, written in each API's own format. Formatting is
 * done by hand into a flat string: the generator writes about a million of them.
 */
import { flat } from './flat-string.js';
import type { FlatString } from './flat-string.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

function writeDateTime(writer: FlatString, ms: number): FlatString {
  const t = Math.floor(ms);
  const days = Math.floor(t / DAY_MS);
  const inDay = t - days * DAY_MS;
  // Civil-from-days (H. Hinnant), proleptic Gregorian, UTC.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return writer
    .digits(year, 4)
    .char(45)
    .digits(month, 2)
    .char(45)
    .digits(day, 2)
    .char(84)
    .digits(Math.floor(inDay / HOUR_MS), 2)
    .char(58)
    .digits(Math.floor((inDay % HOUR_MS) / MINUTE_MS), 2)
    .char(58)
    .digits(Math.floor((inDay % MINUTE_MS) / 1000), 2);
}

/** Graph's usual form, whole seconds: `2025-03-04T08:15:22Z`. */
export function graphTime(ms: number): string {
  return writeDateTime(flat.start(), ms).char(90).end();
}

/** Sign-in form with seven fractional digits: `2025-03-04T08:15:22.1234567Z`. */
export function graphPreciseTime(ms: number, extraDigits: number): string {
  return writeDateTime(flat.start(), ms)
    .char(46)
    .digits(Math.floor(ms) % 1000, 3)
    .digits(extraDigits % 10000, 4)
    .char(90)
    .end();
}

/** Okta's form, and Graph report timestamps: `2025-03-04T08:15:22.518Z`. */
export function millisTime(ms: number): string {
  return writeDateTime(flat.start(), ms).char(46).digits(Math.floor(ms) % 1000, 3).char(90).end();
}
