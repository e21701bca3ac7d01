// Spark's typing of literals: `1` int, `3000000000` bigint, `12.50` decimal(4,2), `1e3` double,
// suffixes L S Y D F BD, and typed DATE/TIMESTAMP strings.

import * as ast from '../../parser/ast.js';
import {
  BinaryType, BooleanType, ByteType, DateType, DoubleType, FloatType, IntegerType, LongType, MAX_DECIMAL_PRECISION,
  MAX_FAST_DECIMAL_PRECISION, NullType, ShortType, StringType, TimestampNTZType, TimestampType, decimalType,
  DayTimeIntervalType, YearMonthIntervalType,
} from '../../common/types.js';
import { QuarryError } from '../../common/errors.js';
import { decimalDigits, decimalLiteralValue, parseDate, parseTimestamp } from '../../common/values.js';
import { Literal, literal } from '../expressions.js';

const INT_MAX = 2147483647n, LONG_MAX = 9223372036854775807n;

export function bindLiteral(node: ast.Literal | ast.TypedLiteral | ast.IntervalLiteral, timeZoneOffsetSeconds: number, negative = false): Literal {
  switch (node.kind) {
    case 'null': return literal(null, NullType);
    case 'boolean': return literal(node.value, BooleanType);
    case 'string': return literal(node.value, StringType);
    case 'binaryLiteral': return literal(node.value, BinaryType);
    case 'number': return negative ? negate(numberLiteral(node, true)) : numberLiteral(node, false);
    case 'typedLiteral': return typedLiteral(node, timeZoneOffsetSeconds);
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

function typedLiteral(node: ast.TypedLiteral, offset: number): Literal {
  const invalid = () => new QuarryError('42604',
    `[INVALID_TYPED_LITERAL] The value of the typed literal "${node.type.toUpperCase()}" is invalid: '${node.value}'.`, node.pos, 'INVALID_TYPED_LITERAL');
  if (node.type === 'date') {
    const days = parseDate(node.value);
    if (days === null) throw invalid();
    return literal(days, DateType);
  }
  const ntz = node.type === 'timestamp_ntz';
  const micros = parseTimestamp(node.value, ntz ? 0 : offset);
  if (micros === null) throw invalid();
  return literal(micros, ntz ? TimestampNTZType : TimestampType);
}

const DAY_TIME_MICROS: Record<string, number> = {
  week: 7 * 86_400_000_000, day: 86_400_000_000, hour: 3_600_000_000, minute: 60_000_000, second: 1_000_000,
  millisecond: 1_000, microsecond: 1,
};

/**
 * `INTERVAL '1' DAY`, `INTERVAL 3 HOURS 30 MINUTES`, `INTERVAL '1-2' YEAR TO MONTH`,
 * `INTERVAL '1 02:00:00' DAY TO SECOND`: year-month units make a year-month interval, the rest a
 * day-time one; ANSI intervals do not mix the two.
 */
function intervalLiteral(node: ast.IntervalLiteral): Literal {
  let months = 0, micros = 0, yearMonth = false, dayTime = false;
  const invalid = () => new QuarryError('22006', `[INVALID_INTERVAL_FORMAT] The interval '${node.parts.map((p) => `${p.value} ${p.unit}`).join(' ')}' is not valid.`, node.pos, 'INVALID_INTERVAL_FORMAT');
  const parts = node.parts.length === 1 && node.parts[0].unit === '' ? splitIntervalString(node.parts[0].value) : node.parts;
  if (!parts) throw invalid();
  for (const { value, unit } of parts) {
    const text = value.trim();
    if (unit === 'year' || unit === 'month' || unit === 'year to month') {
      yearMonth = true;
      if (unit === 'year to month') {
        const m = /^([+-])?(\d+)-(\d+)$/.exec(text);
        if (!m) throw invalid();
        months += (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 12 + Number(m[3]));
      } else {
        if (!/^[+-]?\d+$/.test(text)) throw invalid();
        months += Number(text) * (unit === 'year' ? 12 : 1);
      }
      continue;
    }
    dayTime = true;
    if (unit in DAY_TIME_MICROS) {
      const n = Number(text);
      if (text === '' || Number.isNaN(n)) throw invalid();
      micros += Math.round(n * DAY_TIME_MICROS[unit]);
      continue;
    }
    // `D HH:MM:SS[.f]` with DAY TO SECOND, or `HH:MM:SS` with HOUR TO SECOND and the like.
    const m = /^([+-])?(?:(\d+) )?(\d+):(\d+)(?::(\d+(?:\.\d+)?))?$/.exec(text);
    if (!m || !unit.includes(' to ')) throw invalid();
    const total = (Number(m[2] ?? 0) * 86_400 + Number(m[3]) * 3_600 + Number(m[4]) * 60 + Number(m[5] ?? 0)) * 1_000_000;
    micros += (m[1] === '-' ? -1 : 1) * Math.round(total);
  }
  if (yearMonth && dayTime) {
    throw new QuarryError('22006', '[INVALID_INTERVAL_FORMAT] An interval cannot mix year-month and day-time units.', node.pos, 'INVALID_INTERVAL_FORMAT');
  }
  return yearMonth ? literal(months, YearMonthIntervalType) : literal(micros, DayTimeIntervalType);
}

/** `'1 hour 30 minutes'`, `'2 days'`, `'-1 week'` as unit parts; undefined when malformed. */
function splitIntervalString(text: string): { value: string; unit: string }[] | undefined {
  const words = text.trim().replace(/^interval\s+/i, '').split(/\s+/);
  if (words.length < 2 || words.length % 2 !== 0) return undefined;
  const parts: { value: string; unit: string }[] = [];
  for (let i = 0; i < words.length; i += 2) {
    const unit = words[i + 1].toLowerCase().replace(/s$/, '');
    if (!/^[+-]?\d+(\.\d+)?$/.test(words[i])) return undefined;
    parts.push({ value: words[i], unit });
  }
  return parts;
}
