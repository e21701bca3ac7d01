// Spark's typing of literals: `1` int, `3000000000` bigint, `12.50` decimal(4,2), `1e3` double,
// suffixes L S Y D F BD, and typed DATE/TIMESTAMP strings.

import * as ast from '../../parser/ast.js';
import {
  BinaryType, BooleanType, ByteType, DateType, DoubleType, FloatType, IntegerType, LongType, MAX_DECIMAL_PRECISION,
  MAX_FAST_DECIMAL_PRECISION, NullType, ShortType, StringType, TimestampNTZType, TimestampType, decimalType,
  MICROS_PRECISION, timeType, timestampWithPrecision,
  DAY, DayTimeField, HOUR, MINUTE, MONTH, SECOND, YEAR, YearMonthField, dayTimeIntervalType, parseIntervalTypeName,
  yearMonthIntervalType,
} from '../../common/types.js';
import { parseTime, parseTimestampNanos } from '../../common/time_values.js';
import { IntervalFormatError, UNIT_MICROS, parseDayTimeInterval, parseYearMonthInterval, secondsMicros } from '../../common/interval_text.js';
import { QuarryError } from '../../common/errors.js';
import { TimeZone } from '../../common/time_zone.js';
import { decimalDigits, decimalLiteralValue, formatDate, formatTimestamp, parseDate, parseTimestamp } from '../../common/values.js';
import { Literal, literal } from '../expressions.js';
import { recordTypedLiteralName } from './naming.js';

const INT_MAX = 2147483647n, LONG_MAX = 9223372036854775807n;

export function bindLiteral(node: ast.Literal | ast.TypedLiteral | ast.IntervalLiteral, timeZone: TimeZone, negative = false): Literal {
  switch (node.kind) {
    case 'null': return literal(null, NullType);
    case 'boolean': return literal(node.value, BooleanType);
    case 'string': return literal(node.value, StringType);
    case 'binaryLiteral': return literal(node.value, BinaryType);
    case 'number': return negative ? negate(numberLiteral(node, true)) : numberLiteral(node, false);
    case 'typedLiteral': return typedLiteral(node, timeZone);
    case 'interval': return intervalLiteral(node);
  }
}

function outOfRange(node: ast.NumberLiteral, type: string): QuarryError {
  return new QuarryError('22003', `[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal ${node.text} is outside the valid range for ${type}.`, node.pos, 'INVALID_NUMERIC_LITERAL_RANGE');
}

/** A floating literal too large for its type is an error in Spark, not an infinity. */
function finite(node: ast.NumberLiteral, value: number, type: string): number {
  if (!Number.isFinite(value)) throw outOfRange(node, type);
  return value;
}

function negate(l: Literal): Literal {
  return literal(typeof l.value === 'bigint' ? -l.value : -(l.value as number), l.type);
}

/** Types a literal; `negative` widens the ranges by one, as `-2147483648` is still an int. */
function numberLiteral(node: ast.NumberLiteral, negative: boolean): Literal {
  const text = node.text;
  const extra = negative ? 1n : 0n;
  const isIntegral = /^\d+$/.test(text);
  switch (node.suffix) {
    case 'L': {
      if (!isIntegral || BigInt(text) > LONG_MAX + extra) throw outOfRange(node, 'bigint');
      return literal(Number.isSafeInteger(Number(text)) ? Number(text) : BigInt(text), LongType);
    }
    case 'S': if (!isIntegral || +text > 32767 + Number(extra)) throw outOfRange(node, 'smallint'); return literal(+text, ShortType);
    case 'Y': if (!isIntegral || +text > 127 + Number(extra)) throw outOfRange(node, 'tinyint'); return literal(+text, ByteType);
    case 'D': return literal(finite(node, parseFloat(text), 'double'), DoubleType);
    case 'F': return literal(finite(node, Math.fround(parseFloat(text)), 'float'), FloatType);
    case 'BD': return decimalLiteral(node);
  }
  if (isIntegral) {
    const value = BigInt(text);
    if (value <= INT_MAX + extra) return literal(Number(value), IntegerType);
    if (value <= LONG_MAX + extra) return literal(Number.isSafeInteger(Number(value)) ? Number(value) : value, LongType);
    return decimalLiteral(node);
  }
  if (/[eE]/.test(text)) return literal(finite(node, parseFloat(text), 'double'), DoubleType);
  return decimalLiteral(node);
}

function decimalLiteral(node: ast.NumberLiteral): Literal {
  const value = decimalLiteralValue(node.text)!;
  const precision = Math.max(decimalDigits(value.unscaled), value.scale);
  if (precision > MAX_DECIMAL_PRECISION) {
    throw new QuarryError('22003',
      `[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision ${precision} exceeds max precision ${MAX_DECIMAL_PRECISION}.`,
      node.pos, 'DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION');
  }
  const unscaled = value.unscaled;
  return literal(precision <= MAX_FAST_DECIMAL_PRECISION ? Number(unscaled) : unscaled, decimalType(precision, value.scale));
}

function typedLiteral(node: ast.TypedLiteral, timeZone: TimeZone): Literal {
  const invalid = () => new QuarryError('42604',
    `[INVALID_TYPED_LITERAL] The value of the typed literal "${node.type.toUpperCase()}" is invalid: '${node.value}'.`, node.pos, 'INVALID_TYPED_LITERAL');
  if (node.type === 'date') {
    const days = parseDate(node.value);
    if (days === null) throw invalid();
    recordTypedLiteralName(node, `DATE '${formatDate(days)}'`);
    return literal(days, DateType);
  }
  // Fractional digits beyond microseconds make a TIME(p) or a nanosecond timestamp of that many digits.
  const digits = /\d:\d{1,2}\.(\d+)/.exec(node.value)?.[1].length ?? 0;
  if (node.type === 'time') {
    const nanos = parseTime(node.value);
    if (nanos === null) throw invalid();
    return literal(nanos, timeType(Math.max(digits, MICROS_PRECISION)));
  }
  const ntz = node.type === 'timestamp_ntz';
  if (digits > MICROS_PRECISION) {
    const nanos = parseTimestampNanos(node.value, ntz ? TimeZone.UTC : timeZone);
    if (nanos === null) throw invalid();
    return literal(nanos, timestampWithPrecision(ntz, digits));
  }
  const micros = parseTimestamp(node.value, ntz ? TimeZone.UTC : timeZone);
  if (micros === null) throw invalid();
  recordTypedLiteralName(node, ntz ? `TIMESTAMP_NTZ '${formatTimestamp(micros)}'` : `TIMESTAMP '${formatTimestamp(micros, timeZone)}'`);
  return literal(micros, ntz ? TimestampNTZType : TimestampType);
}

/** The field each unit of the multi-unit form sets: weeks count days, milli- and microseconds seconds. */
const UNIT_FIELDS: Record<string, { yearMonth: boolean; field: number }> = {
  year: { yearMonth: true, field: YEAR }, month: { yearMonth: true, field: MONTH }, week: { yearMonth: false, field: DAY },
  day: { yearMonth: false, field: DAY }, hour: { yearMonth: false, field: HOUR }, minute: { yearMonth: false, field: MINUTE },
  second: { yearMonth: false, field: SECOND }, millisecond: { yearMonth: false, field: SECOND }, microsecond: { yearMonth: false, field: SECOND },
};

/** Signs written before and inside the quotes (`-'-1'`) as one: `1`, or `-` and the rest. */
function normalizeSign(value: string): string {
  const m = /^\s*([+-]*)\s*(.*)$/s.exec(value)!;
  const negative = [...m[1]].filter((c) => c === '-').length % 2 === 1;
  return `${negative ? '-' : ''}${m[2].trim()}`;
}

/**
 * `INTERVAL '1' DAY`, `INTERVAL 3 HOURS 30 MINUTES`, `INTERVAL '1-2' YEAR TO MONTH`,
 * `INTERVAL '1 02:00:00' DAY TO SECOND`, typed as Spark types them (AstBuilder.visitInterval):
 * the units written give the fields (`INTERVAL 3 HOURS 30 MINUTES` is INTERVAL HOUR TO MINUTE),
 * a FROM TO form its two; year-month and day-time units do not mix.
 */
function intervalLiteral(node: ast.IntervalLiteral): Literal {
  const written = `INTERVAL ${node.parts.map((p) => `${p.value} ${p.unit}`.trim()).join(' ')}`;
  const invalid = (detail = '') => new QuarryError('22006', `[INVALID_INTERVAL_FORMAT] The interval '${written}' is not valid${detail ? `: ${detail}` : ''}.`, node.pos, 'INVALID_INTERVAL_FORMAT');
  if (node.parts.length === 1 && node.parts[0].unit.includes(' to ')) {
    const type = parseIntervalTypeName(`interval ${node.parts[0].unit}`);
    if (!type) throw invalid();
    const text = normalizeSign(node.parts[0].value);
    try {
      return literal(type.kind === 'interval_ym' ? parseYearMonthInterval(text, type) : parseDayTimeInterval(text, type), type);
    } catch (e) {
      if (e instanceof IntervalFormatError) throw invalid(e.message);
      throw e;
    }
  }
  const parts = node.parts.length === 1 && node.parts[0].unit === '' ? splitIntervalString(node.parts[0].value) : node.parts;
  if (!parts) throw invalid();
  let months = 0, micros = 0;
  const yearMonthFields: number[] = [], dayTimeFields: number[] = [];
  for (const { value, unit } of parts) {
    const text = normalizeSign(value);
    const target = UNIT_FIELDS[unit];
    if (!target || !/^-?(\d+(\.\d*)?|\.\d+)$/.test(text)) throw invalid();
    // Only seconds take a fraction (Spark's IntervalUtils.fromUnitStrings).
    if (text.includes('.') && unit !== 'second') throw invalid(`'${text} ${unit}' cannot have fractional part`);
    (target.yearMonth ? yearMonthFields : dayTimeFields).push(target.field);
    if (target.yearMonth) months += Number(text) * (unit === 'year' ? 12 : 1);
    else micros += unit === 'second' ? secondsMicros(text) : Number(text) * UNIT_MICROS[unit];
  }
  if (yearMonthFields.length > 0 && dayTimeFields.length > 0) {
    throw new QuarryError('42601', `[_LEGACY_ERROR_TEMP_0029] Cannot mix year-month and day-time fields: ${written.replace(/^INTERVAL/, 'interval')}.`, node.pos, '_LEGACY_ERROR_TEMP_0029');
  }
  if (yearMonthFields.length > 0) {
    if (Math.abs(months) > 2147483647) throw invalid('integer overflow');
    return literal(months, yearMonthIntervalType(Math.min(...yearMonthFields) as YearMonthField, Math.max(...yearMonthFields) as YearMonthField));
  }
  return literal(micros, dayTimeIntervalType(Math.min(...dayTimeFields) as DayTimeField, Math.max(...dayTimeFields) as DayTimeField));
}

/** `'1 hour 30 minutes'`, `'2 days'`, `'-1 week'` as unit parts; undefined when malformed. */
function splitIntervalString(text: string): { value: string; unit: string }[] | undefined {
  const words = text.trim().replace(/^interval\s+/i, '').split(/\s+/);
  if (words.length < 2 || words.length % 2 !== 0) return undefined;
  const parts: { value: string; unit: string }[] = [];
  for (let i = 0; i < words.length; i += 2) {
    const unit = words[i + 1].toLowerCase().replace(/s$/, '');
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(words[i])) return undefined;
    parts.push({ value: words[i], unit });
  }
  return parts;
}
