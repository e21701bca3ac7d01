// Casts to and from TIME(p) and the nanosecond timestamps TIMESTAMP_NTZ(p)/TIMESTAMP_LTZ(p), with
// Spark's rules: every narrowing truncates (floors) to the target precision; a time becomes a
// timestamp on the current date; LTZ values convert through the session time zone.

import { QuarryError } from '../../common/errors.js';
import { TimeZone } from '../../common/time_zone.js';
import { DataType, MAX_FAST_DECIMAL_PRECISION, TimestampNanosType, isIntegral, isTimestampNanos, typeToString } from '../../common/types.js';
import { Scalar } from '../../common/vector.js';
import { decimalDigits, formatDecimal, pow10 } from '../../common/values.js';
import {
  NANOS_PER_DAY, NANOS_PER_SECOND, formatTime, formatTimestampNanos, microsToNanos, nanosToMicros, parseTime,
  parseTimestampNanos, timeOfDayNanos, truncateNanos, truncateTime,
} from '../../common/time_values.js';
import { ExecutionContext } from '../context.js';
import { statementTime } from '../functions/datetime.js';

const MICROS_PER_DAY = 86_400_000_000;
const TIME_NANOS_SCALE = 9;

const INTEGRAL_RANGE: Record<string, [number, number]> = {
  tinyint: [-128, 127], smallint: [-32768, 32767], int: [-2147483648, 2147483647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Whether a cast reads or makes a TIME or a nanosecond timestamp: castTimeValue's domain. */
export function isTimeCast(from: DataType, to: DataType): boolean {
  return from.kind === 'time' || to.kind === 'time' || isTimestampNanos(from) || isTimestampNanos(to);
}

/** Spark's text of a TIME or nanosecond timestamp value; undefined for other types. */
export function timeValueToString(x: Scalar, from: DataType, ctx: ExecutionContext): string | undefined {
  if (from.kind === 'time') return formatTime(x as number);
  if (from.kind === 'timestamp_ntz_nanos') return formatTimestampNanos(x as bigint);
  if (from.kind === 'timestamp_ltz_nanos') return formatTimestampNanos(x as bigint, ctx.timeZone);
  return undefined;
}

/** One non-NULL value cast where isTimeCast holds (not to STRING); throws a QuarryError as CAST does. */
export function castTimeValue(x: Scalar, from: DataType, to: DataType, ctx: ExecutionContext): Scalar {
  if (from.kind === 'string') return timeValueFromString(x as string, to, ctx);
  if (to.kind === 'time') {
    if (from.kind === 'time') return truncateTime(x as number, to.precision);
    const nanos = localNanosOf(x, from, ctx);
    if (nanos === undefined) throw cannotCast(from, to);
    return truncateTime(timeOfDayNanos(nanos), to.precision);
  }
  if (from.kind === 'time') return castFromTime(x as number, from.precision, to, ctx);
  // From or to a nanosecond timestamp; the other side a date or a timestamp.
  const local = localNanosOf(x, from, ctx);
  if (local === undefined) throw cannotCast(from, to);
  return timestampFromLocalNanos(local, to, ctx) ?? (() => { throw cannotCast(from, to); })();
}

/**
 * A date or timestamp as wall-clock nanoseconds since the epoch (LTZ values in the session zone),
 * or undefined for other types.
 */
function localNanosOf(x: Scalar, from: DataType, ctx: ExecutionContext): bigint | undefined {
  const offsetNanos = (micros: number) => BigInt(ctx.timeZone.offsetAtInstant(micros)) * BigInt(NANOS_PER_SECOND);
  switch (from.kind) {
    case 'date': return BigInt(x as number) * BigInt(NANOS_PER_DAY);
    case 'timestamp_ntz': return microsToNanos(x as number);
    case 'timestamp': return microsToNanos(x as number) + offsetNanos(x as number);
    case 'timestamp_ntz_nanos': return x as bigint;
    case 'timestamp_ltz_nanos': return (x as bigint) + offsetNanos(nanosToMicros(x as bigint));
    default: return undefined;
  }
}

/** Wall-clock nanoseconds as a date or timestamp of type `to`; undefined when `to` is neither. */
function timestampFromLocalNanos(local: bigint, to: DataType, ctx: ExecutionContext): Scalar | undefined {
  const offsetNanos = BigInt(ctx.timeZone.offsetAtLocal(nanosToMicros(local))) * BigInt(NANOS_PER_SECOND);
  switch (to.kind) {
    case 'date': return Number((local - floorModBig(local, BigInt(NANOS_PER_DAY))) / BigInt(NANOS_PER_DAY));
    case 'timestamp_ntz': return nanosToMicros(local);
    case 'timestamp': return nanosToMicros(local - offsetNanos);
    case 'timestamp_ntz_nanos': return truncateNanos(local, to.precision);
    // The instant is truncated, not the wall clock: zone offsets are whole seconds, so it is the same.
    case 'timestamp_ltz_nanos': return truncateNanos(local - offsetNanos, to.precision);
    default: return undefined;
  }
}

const floorModBig = (a: bigint, b: bigint) => ((a % b) + b) % b;

function castFromTime(nanos: number, precision: number, to: DataType, ctx: ExecutionContext): Scalar {
  if (isIntegral(to)) {
    // Whole seconds since midnight (the fraction dropped), as Spark does.
    const seconds = Math.floor(nanos / NANOS_PER_SECOND);
    const [min, max] = INTEGRAL_RANGE[to.kind];
    if (seconds < min || seconds > max) throw timeOverflow(nanos, precision, to);
    return seconds;
  }
  if (to.kind === 'decimal') return timeToDecimal(nanos, to.precision, to.scale);
  // A time of day on the current date (the statement's, in the session zone).
  const today = Math.floor(ctx.timeZone.toLocal(statementTime(ctx) * 1000) / MICROS_PER_DAY);
  const local = BigInt(today) * BigInt(NANOS_PER_DAY) + BigInt(nanos);
  if (to.kind === 'date') return today;
  const value = timestampFromLocalNanos(local, to, ctx);
  if (value === undefined) throw cannotCast({ kind: 'time', precision }, to);
  return value;
}

/** Seconds since midnight as DECIMAL(p, s), rounded half up; Spark's NUMERIC_VALUE_OUT_OF_RANGE when too wide. */
function timeToDecimal(nanos: number, precision: number, scale: number): Scalar {
  let unscaled = BigInt(nanos);
  if (scale >= TIME_NANOS_SCALE) unscaled *= pow10(scale - TIME_NANOS_SCALE);
  else {
    const divisor = pow10(TIME_NANOS_SCALE - scale);
    const q = unscaled / divisor;
    unscaled = (unscaled % divisor) * 2n >= divisor ? q + 1n : q;
  }
  if (decimalDigits(unscaled) > precision) {
    const value = formatDecimal(BigInt(nanos), TIME_NANOS_SCALE);
    throw new QuarryError('22003',
      `[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] ${value} cannot be represented as Decimal(${precision}, ${scale}). If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error, and return NULL instead.`,
      undefined, 'NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION');
  }
  return precision <= MAX_FAST_DECIMAL_PRECISION ? Number(unscaled) : unscaled;
}

function timeValueFromString(text: string, to: DataType, ctx: ExecutionContext): Scalar {
  if (to.kind === 'time') {
    const nanos = parseTime(text);
    if (nanos === null) throw invalidInput(text, to);
    return truncateTime(nanos, to.precision);
  }
  if (isTimestampNanos(to)) {
    const nanos = parseTimestampNanos(text.trim(), to.kind === 'timestamp_ltz_nanos' ? ctx.timeZone : TimeZone.UTC);
    if (nanos === null) throw invalidInput(text, to);
    return truncateNanos(nanos, (to as TimestampNanosType).precision);
  }
  throw cannotCast({ kind: 'string' }, to);
}

const sqlType = (t: DataType) => typeToString(t).toUpperCase();

function invalidInput(text: string, to: DataType): QuarryError {
  return new QuarryError('22018',
    `[CAST_INVALID_INPUT] The value '${text}' of the type "STRING" cannot be cast to "${sqlType(to)}" because it is malformed. Correct the value as per the syntax, or change its target type. Use \`try_cast\` to tolerate malformed input and return NULL instead.`,
    undefined, 'CAST_INVALID_INPUT');
}

function timeOverflow(nanos: number, precision: number, to: DataType): QuarryError {
  return new QuarryError('22003',
    `[CAST_OVERFLOW] The value TIME '${formatTime(nanos)}' of the type "TIME(${precision})" cannot be cast to "${sqlType(to)}" due to an overflow. Use \`try_cast\` to tolerate overflow and return NULL instead.`,
    undefined, 'CAST_OVERFLOW');
}

function cannotCast(from: DataType, to: DataType): QuarryError {
  return new QuarryError('42846',
    `[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot cast "${sqlType(from)}" to "${sqlType(to)}".`, undefined,
    'DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION');
}
