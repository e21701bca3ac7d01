// CASTs into and out of ANSI interval types, as Spark's Cast and IntervalUtils do them: a number
// counts units of the interval's end field (INTERVAL HOUR TO MINUTE counts minutes), strings are
// read in the forms each type allows, and intervals of one kind convert by truncating to the
// target's end field. Overflow raises even outside ANSI mode, as in Spark.

import {
  DataType, IntervalType, MAX_FAST_DECIMAL_PRECISION, SECOND, YEAR, isIntegral, typeToString,
} from '../../common/types.js';
import { QuarryError } from '../../common/errors.js';
import { Scalar } from '../../common/vector.js';
import { decimalDigits, formatDecimal, pow10 } from '../../common/values.js';
import {
  DAY_TIME_FIELD_MICROS, IntervalFormatError, MICROS_PER_SECOND, formatCalendarInterval, formatIntervalAnsi, parseCalendarIntervalText,
  parseDayTimeInterval, parseYearMonthInterval,
} from '../../common/interval_text.js';

/** A cast failure Spark raises whatever spark.sql.ansi.enabled says (only TRY_CAST turns it into NULL). */
export class StrictCastError extends QuarryError {}

const INT_MIN = -2147483648, INT_MAX = 2147483647;
const LONG_MAX = 9223372036854775807n, LONG_MIN = -9223372036854775808n;
const INTEGRAL_BOUNDS: Record<string, [number, number]> = {
  tinyint: [-128, 127], smallint: [-32768, 32767], int: [INT_MIN, INT_MAX], bigint: [-(2 ** 63), 2 ** 63],
};
/** Spark's SQL text of an integral value in messages: `1Y`, `1S`, `1`, `1L`. */
const INTEGRAL_SUFFIX: Record<string, string> = { tinyint: 'Y', smallint: 'S', int: '', bigint: 'L' };

function castOverflow(value: string, from: DataType, to: DataType): StrictCastError {
  return new StrictCastError('22003',
    `[CAST_OVERFLOW] The value ${value} of the type "${typeToString(from).toUpperCase()}" cannot be cast to "${typeToString(to).toUpperCase()}" due to an overflow. Use \`try_cast\` to tolerate overflow and return NULL instead.`,
    undefined, 'CAST_OVERFLOW');
}

/** Whether CAST from `from` to `to` is one this module does (either side an ANSI interval). */
export function isIntervalCast(from: DataType, to: DataType): boolean {
  const interval = (t: DataType) => t.kind === 'interval_ym' || t.kind === 'interval_dt';
  if (!interval(from) && !interval(to)) return false;
  if (interval(from) && interval(to)) return from.kind === to.kind;
  const other = interval(from) ? to : from;
  return isIntegral(other) || other.kind === 'decimal' || other.kind === 'string';
}

/** One non-NULL value across an interval cast that isIntervalCast accepted. */
export function castInterval(x: Scalar, from: DataType, to: DataType): Scalar {
  if (to.kind === 'interval_ym' || to.kind === 'interval_dt') return castToInterval(x, from, to);
  const source = from as IntervalType;
  if (to.kind === 'string') return source.kind === 'interval_dt' && source.calendar ? formatCalendarInterval(x as number) : formatIntervalAnsi(x as number, source);
  if (to.kind === 'decimal') return intervalToDecimal(x as number, source, to);
  return intervalToIntegral(x as number, source, to);
}

function castToInterval(x: Scalar, from: DataType, to: IntervalType): number | null {
  if (from.kind === 'string' && to.kind === 'interval_dt' && to.calendar) return parseCalendarInterval(x as string);
  if (from.kind === 'string') return parseInterval(x as string, to);
  if (from.kind === 'interval_ym' || from.kind === 'interval_dt') return truncateToEndField(x as number, to);
  if (from.kind === 'decimal') return decimalToInterval(x as number | bigint, from, to);
  // Integral: the number counts the end field's units.
  const n = BigInt(x as number | bigint);
  const scaled = to.kind === 'interval_ym' ? (to.endField === YEAR ? n * 12n : n) : n * BigInt(DAY_TIME_FIELD_MICROS[to.endField]);
  const fits = to.kind === 'interval_ym' ? n >= INT_MIN && n <= INT_MAX && scaled >= INT_MIN && scaled <= INT_MAX : scaled >= LONG_MIN && scaled <= LONG_MAX;
  if (!fits) throw castOverflow(`${n}${INTEGRAL_SUFFIX[from.kind]}`, from, to);
  return Number(scaled);
}

/** Legacy interval text is NULL when malformed, in every mode (Spark's safeStringToInterval). */
function parseCalendarInterval(text: string): number | null {
  const parsed = parseCalendarIntervalText(text);
  if (parsed === null) return null;
  if (parsed.months !== 0) {
    throw new StrictCastError('0A000',
      `[UNSUPPORTED_FEATURE] The interval '${text}' has months, which a bare INTERVAL cannot hold in Quarry; cast it to INTERVAL YEAR TO MONTH instead.`,
      undefined, 'UNSUPPORTED_FEATURE');
  }
  return parsed.micros;
}

function parseInterval(text: string, to: IntervalType): number {
  try {
    return to.kind === 'interval_ym' ? parseYearMonthInterval(text, to) : parseDayTimeInterval(text, to);
  } catch (e) {
    if (!(e instanceof IntervalFormatError)) throw e;
    throw new StrictCastError('22006', `[INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING] ${e.message}`, undefined, 'INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING');
  }
}

/** Spark drops what lies below the target's end field: INTERVAL '1 10:30' DAY TO MINUTE as DAY is 1 day. */
function truncateToEndField(value: number, to: IntervalType): number {
  if (to.kind === 'interval_ym') return to.endField === YEAR ? Math.trunc(value / 12) * 12 : value;
  if (to.endField === SECOND) return value;
  const unit = DAY_TIME_FIELD_MICROS[to.endField];
  return Math.trunc(value / unit) * unit;
}

/** Rounds `unscaled` (at `scale`) half up to an integer. */
function roundHalfUp(unscaled: bigint, scale: number): bigint {
  if (scale <= 0) return unscaled * pow10(-scale);
  const divisor = pow10(scale);
  const q = unscaled / divisor, r = unscaled % divisor;
  if ((r < 0n ? -r : r) * 2n >= divisor) return unscaled < 0n ? q - 1n : q + 1n;
  return q;
}

function decimalToInterval(x: number | bigint, from: Extract<DataType, { kind: 'decimal' }>, to: IntervalType): number {
  const unscaled = BigInt(x);
  const perUnit = to.kind === 'interval_ym' ? (to.endField === YEAR ? 12n : 1n) : BigInt(DAY_TIME_FIELD_MICROS[to.endField]);
  const value = roundHalfUp(unscaled * perUnit, from.scale);
  const [min, max] = to.kind === 'interval_ym' ? [BigInt(INT_MIN), BigInt(INT_MAX)] : [LONG_MIN, LONG_MAX];
  if (value < min || value > max) throw castOverflow(formatDecimal(unscaled, from.scale), from, to);
  return to.kind === 'interval_ym' ? Number(value) : truncateToEndField(Number(value), to);
}

/** The interval as a count of its end field's units, truncated toward zero (Spark's intervalToLong). */
function endFieldUnits(value: number, from: IntervalType): number {
  if (from.kind === 'interval_ym') return from.endField === YEAR ? Math.trunc(value / 12) : value;
  return Math.trunc(value / DAY_TIME_FIELD_MICROS[from.endField]);
}

function intervalToIntegral(value: number, from: IntervalType, to: DataType): number {
  const units = endFieldUnits(value, from);
  const [min, max] = INTEGRAL_BOUNDS[to.kind];
  if (units < min || units > max) throw castOverflow(formatIntervalAnsi(value, from), from, to);
  return units;
}

/** Seconds keep their microseconds (scale 6); every other end field is a whole count. */
function intervalToDecimal(value: number, from: IntervalType, to: Extract<DataType, { kind: 'decimal' }>): number | bigint {
  const secondsWithMicros = from.kind === 'interval_dt' && DAY_TIME_FIELD_MICROS[from.endField] === MICROS_PER_SECOND;
  const [unscaled, scale] = secondsWithMicros ? [BigInt(value), 6] : [BigInt(endFieldUnits(value, from)), 0];
  const rescaled = to.scale >= scale ? unscaled * pow10(to.scale - scale) : roundHalfUp(unscaled, scale - to.scale);
  if (decimalDigits(rescaled) > to.precision) {
    throw new StrictCastError('22003',
      `[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] ${formatDecimal(unscaled, scale === 6 ? 6 : 0)} cannot be represented as Decimal(${to.precision}, ${to.scale}). If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error, and return NULL instead.`,
      undefined, 'NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION');
  }
  return to.precision <= MAX_FAST_DECIMAL_PRECISION ? Number(rescaled) : rescaled;
}
