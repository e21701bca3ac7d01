// Spark's implicit type coercion rules (TypeCoercion / AnsiTypeCoercion, DecimalPrecision): the
// common type of two operands, and how decimals widen. Functions use these in their `bind`.

import {
  DataType, DecimalType, DoubleType, LongType, boundedDecimal, decimalForIntegral, isFractional, isIntegral,
  isNumeric, typesEqual, typeToString, MICROS_PRECISION, isAnyTimestamp, isTimestampNanos, timestampWithPrecision,
  DayTimeField, YearMonthField, dayTimeIntervalType, yearMonthIntervalType,
} from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';

const INTEGRAL_ORDER = ['tinyint', 'smallint', 'int', 'bigint'];

/** The decimal wide enough for both (Spark's DecimalPrecision.widerDecimalType). */
export function widerDecimal(a: DecimalType, b: DecimalType): DecimalType {
  const scale = Math.max(a.scale, b.scale);
  const range = Math.max(a.precision - a.scale, b.precision - b.scale);
  return boundedDecimal(range + scale, scale);
}

/** Integral types as decimals, decimals as they are; null for anything else. */
export function asDecimal(t: DataType): DecimalType | null {
  if (t.kind === 'decimal') return t;
  if (isIntegral(t)) return decimalForIntegral(t);
  return null;
}

/** The tightest common type of two numeric types (Spark's findTightestCommonType + decimals). */
export function widerNumericType(a: DataType, b: DataType): DataType {
  if (typesEqual(a, b)) return a;
  if (isFractional(a) || isFractional(b)) {
    // ANSI: a float meeting anything but a float is a double (an int does not fit a float exactly).
    return a.kind === 'float' && b.kind === 'float' ? a : DoubleType;
  }
  if (a.kind === 'decimal' || b.kind === 'decimal') return widerDecimal(asDecimal(a)!, asDecimal(b)!);
  return INTEGRAL_ORDER.indexOf(a.kind) > INTEGRAL_ORDER.indexOf(b.kind) ? a : b;
}

/**
 * The common type two operands of a comparison, IN, CASE or UNION are cast to, or null when there
 * is none. Strings meet other types the ANSI way: the string is cast to the other type.
 */
export function commonType(a: DataType, b: DataType, wider = false): DataType | null {
  if (typesEqual(a, b)) return a;
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (isNumeric(a) && isNumeric(b)) return widerNumericType(a, b);
  const interval = widerIntervalType(a, b);
  if (interval) return interval;
  if (a.kind === 'array' && b.kind === 'array') {
    const element = commonType(a.element, b.element, wider);
    return element && { kind: 'array', element };
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const key = commonType(a.key, b.key, wider), value = commonType(a.value, b.value, wider);
    return key && value && { kind: 'map', key, value };
  }
  // Values that meet as alternatives (CASE, COALESCE, UNION…): a string beside a number becomes a bigint or a double.
  if (wider && (a.kind === 'string' || b.kind === 'string')) {
    const other = a.kind === 'string' ? b : a;
    if (isNumeric(other)) return isIntegral(other) ? LongType : DoubleType;
  }
  if (a.kind === 'string') return b;
  if (b.kind === 'string') return a;
  const datetime = ['date', 'timestamp_ntz', 'timestamp'];
  if (datetime.includes(a.kind) && datetime.includes(b.kind)) {
    return datetime.indexOf(a.kind) > datetime.indexOf(b.kind) ? a : b;
  }
  return widerTimeType(a, b);
}

/**
 * TIME(p) meeting TIME(q) is TIME(max); a nanosecond timestamp meeting a date or timestamp is the
 * nanosecond timestamp of the wider precision, LTZ if either side is. TIME meets no timestamp (Spark
 * would have to invent a date).
 */
function widerTimeType(a: DataType, b: DataType): DataType | null {
  if (a.kind === 'time' && b.kind === 'time') return a.precision >= b.precision ? a : b;
  const datetime = (t: DataType) => t.kind === 'date' || isAnyTimestamp(t);
  if (!(isTimestampNanos(a) || isTimestampNanos(b)) || !datetime(a) || !datetime(b)) return null;
  const precision = (t: DataType) => (isTimestampNanos(t) ? t.precision : MICROS_PRECISION);
  const ltz = (t: DataType) => t.kind === 'timestamp' || t.kind === 'timestamp_ltz_nanos';
  return timestampWithPrecision(!(ltz(a) || ltz(b)), Math.max(precision(a), precision(b)));
}

/** Two intervals of one kind widen to the fields both span: DAY and HOUR TO MINUTE give DAY TO MINUTE. */
export function widerIntervalType(a: DataType, b: DataType): DataType | null {
  if (a.kind === 'interval_ym' && b.kind === 'interval_ym') {
    return yearMonthIntervalType(Math.min(a.startField, b.startField) as YearMonthField, Math.max(a.endField, b.endField) as YearMonthField);
  }
  if (a.kind === 'interval_dt' && b.kind === 'interval_dt') {
    return dayTimeIntervalType(Math.min(a.startField, b.startField) as DayTimeField, Math.max(a.endField, b.endField) as DayTimeField);
  }
  return null;
}

/**
 * commonType over many types, or an error naming the operation: Spark's DATA_DIFF_TYPES (42K09)
 * for functions and CASE, or the plain class `errorClass` gives.
 */
export function commonTypeOf(types: readonly DataType[], what: string, errorClass = 'DATATYPE_MISMATCH.DATA_DIFF_TYPES'): DataType {
  let result: DataType = { kind: 'null' };
  const widen = errorClass === 'DATATYPE_MISMATCH' ? commonType : widerValueType;
  for (const t of types) {
    const next = widen(result, t);
    if (next === null) {
      throw new QuarryError(errorClass === 'DATATYPE_MISMATCH' ? SqlState.datatypeMismatch : SqlState.invalidArgumentType,
        `[${errorClass}] Cannot resolve ${what}: the types ${typeToString(result)} and ${typeToString(t)} have no common type.`,
        undefined, errorClass);
    }
    result = next;
  }
  return result;
}

/**
 * The wider type of two values that meet in CASE, coalesce, IN and other functions, by Spark's ANSI
 * rules (AnsiTypeCoercion.findWiderTypeForTwo): a string meeting an integral type is BIGINT, one
 * meeting a fractional or decimal type DOUBLE; an integral type meeting FLOAT is DOUBLE.
 */
export function widerValueType(a: DataType, b: DataType): DataType | null {
  if (a.kind === 'string' && isNumeric(b)) return isIntegral(b) ? LongType : DoubleType;
  if (b.kind === 'string' && isNumeric(a)) return isIntegral(a) ? LongType : DoubleType;
  if ((a.kind === 'float' && isIntegral(b)) || (b.kind === 'float' && isIntegral(a))) return DoubleType;
  if (a.kind === 'array' && b.kind === 'array') {
    const element = widerValueType(a.element, b.element);
    return element && { kind: 'array', element };
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const key = widerValueType(a.key, b.key), value = widerValueType(a.value, b.value);
    return key && value && { kind: 'map', key, value };
  }
  return commonType(a, b);
}

/** Type of a numeric operand used in arithmetic; strings are read as bigint/double the ANSI way. */
export function arithmeticOperandType(t: DataType, other: DataType): DataType {
  if (t.kind === 'string') return isNumeric(other) && other.kind !== 'decimal' ? (isIntegral(other) ? LongType : DoubleType) : DoubleType;
  if (t.kind === 'null') return other.kind === 'null' || other.kind === 'string' ? DoubleType : other;
  return t;
}

