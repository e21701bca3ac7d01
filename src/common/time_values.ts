// TIME(p) and nanosecond timestamps (TIMESTAMP_NTZ(p)/TIMESTAMP_LTZ(p), p 7..9): their values and
// text. A TIME is nanoseconds since midnight as a number (at most 8.64e13, exact in a float64); a
// nanosecond timestamp is nanoseconds since the epoch as a bigint (years 1..9999 need 2^59).

import { DataType } from './types.js';
import { TimeZone } from './time_zone.js';
import { formatTimestamp, parseTimestamp } from './values.js';

export const NANOS_PER_SECOND = 1_000_000_000;
export const NANOS_PER_DAY = 86_400 * NANOS_PER_SECOND;
const NANOS_PER_MICRO = 1000n;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The step of a precision-p value in nanoseconds: 10^(9-p). */
function precisionStep(precision: number): number {
  return 10 ** (9 - precision);
}

/** A time of day truncated (floored) to `precision` fractional digits, as Spark does on every cast. */
export function truncateTime(nanos: number, precision: number): number {
  const step = precisionStep(precision);
  return nanos - (nanos % step);
}

/** Nanoseconds since the epoch floored to `precision` fractional digits (toward -inf, as Spark). */
export function truncateNanos(nanos: bigint, precision: number): bigint {
  const step = BigInt(precisionStep(precision));
  return nanos - floorMod(nanos, step);
}

export function floorMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r < 0n ? r + b : r;
}

/** `HH:MM[:SS[.fffffffff]]` → nanoseconds since midnight, or null when the text is not a time. */
export function parseTime(text: string): number | null {
  const m = /^\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?\s*$/.exec(text);
  if (!m) return null;
  const h = +m[1], mi = +m[2], s = m[3] ? +m[3] : 0;
  if (h > 23 || mi > 59 || s > 59) return null;
  const fraction = m[4] ? +m[4].padEnd(9, '0') : 0;
  return ((h * 60 + mi) * 60 + s) * NANOS_PER_SECOND + fraction;
}

/** Spark's text of a time: `12:34:56`, `12:34:56.789` (trailing zeros of the fraction dropped). */
export function formatTime(nanos: number): string {
  const seconds = Math.floor(nanos / NANOS_PER_SECOND);
  const fraction = nanos - seconds * NANOS_PER_SECOND;
  const text = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  return fraction > 0 ? `${text}.${String(fraction).padStart(9, '0').replace(/0+$/, '')}` : text;
}

/**
 * A timestamp text to nanoseconds since the epoch, read in `zone` when it names none.
 * The whole seconds go through parseTimestamp (a multiple of 10^6 micros stays exact in a float64
 * to year 9999) and the fraction is added as an integer, so no digit is lost.
 */
export function parseTimestampNanos(text: string, zone: TimeZone = TimeZone.UTC): bigint | null {
  let fraction = 0;
  const wholeSeconds = text.replace(/(\d:\d{2})\.(\d{1,9})/, (_, hms: string, digits: string) => {
    fraction = +digits.padEnd(9, '0');
    return hms;
  });
  const micros = parseTimestamp(wholeSeconds, zone);
  if (micros === null) return null;
  return microsToNanos(micros) + BigInt(fraction);
}

export function microsToNanos(micros: number): bigint {
  return BigInt(micros) * NANOS_PER_MICRO;
}

/** Nanoseconds → microseconds, dropping the sub-microsecond digits (floor, as Spark). */
export function nanosToMicros(nanos: bigint): number {
  return Number((nanos - floorMod(nanos, NANOS_PER_MICRO)) / NANOS_PER_MICRO);
}

/** `YYYY-MM-DD HH:MM:SS[.fffffffff]`, the fraction's trailing zeros dropped; the wall clock of `zone` if given. */
export function formatTimestampNanos(nanos: bigint, zone?: TimeZone): string {
  const fraction = Number(floorMod(nanos, BigInt(NANOS_PER_SECOND)));
  const seconds = Number((nanos - BigInt(fraction)) / BigInt(NANOS_PER_SECOND));
  const text = formatTimestamp(seconds * 1_000_000, zone);
  return fraction > 0 ? `${text}.${String(fraction).padStart(9, '0').replace(/0+$/, '')}` : text;
}

/** The time of day of a local (wall-clock) timestamp in nanoseconds. */
export function timeOfDayNanos(localNanos: bigint): number {
  return Number(floorMod(localNanos, BigInt(NANOS_PER_DAY)));
}

/**
 * A TIME or nanosecond timestamp as text files (CSV, JSON) keep it: `12:34:56.5`,
 * `2020-01-01T00:00:00.123456789` (and a `Z` for LTZ, in UTC). Undefined for other types.
 */
export function timeValueFileText(value: unknown, type: DataType): string | undefined {
  if (type.kind === 'time') return formatTime(value as number);
  if (type.kind === 'timestamp_ntz_nanos') return formatTimestampNanos(value as bigint).replace(' ', 'T');
  if (type.kind === 'timestamp_ltz_nanos') return `${formatTimestampNanos(value as bigint).replace(' ', 'T')}Z`;
  return undefined;
}

/**
 * Text from a file or partition as a TIME or nanosecond timestamp, truncated to the type's
 * precision: null when unreadable, undefined when `type` is neither.
 */
export function parseTimeValueText(text: string, type: DataType, zone: TimeZone = TimeZone.UTC): number | bigint | null | undefined {
  if (type.kind === 'time') {
    const nanos = parseTime(text);
    return nanos === null ? null : truncateTime(nanos, type.precision);
  }
  if (type.kind === 'timestamp_ntz_nanos' || type.kind === 'timestamp_ltz_nanos') {
    const nanos = parseTimestampNanos(text.trim(), type.kind === 'timestamp_ltz_nanos' ? zone : TimeZone.UTC);
    return nanos === null ? null : truncateNanos(nanos, type.precision);
  }
  return undefined;
}
