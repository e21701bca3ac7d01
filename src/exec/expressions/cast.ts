// CAST with Spark's semantics: ANSI mode raises on invalid input and overflow, TRY_CAST and legacy
// mode return NULL instead. Numeric widening has a typed fast path; the rest goes row by row.

import { DataType, MAX_FAST_DECIMAL_PRECISION, isIntegral, isNumeric, typesEqual, typeToString } from '../../common/types.js';
import { QuarryError } from '../../common/errors.js';
import { TimeZone } from '../../common/time_zone.js';
import { ArrayValue, MapValue, Scalar, Vector, getScalar, isNullAt, nullVector, vectorFromScalars } from '../../common/vector.js';
import {
  decimalDigits, formatDate, formatDecimal, formatTimestamp, parseDate, parseDecimal, parseTimestamp, pow10,
} from '../../common/values.js';
import { StrictCastError, castInterval, isIntervalCast } from './interval_cast.js';
import { ExecutionContext } from '../context.js';
import { numbers } from '../functions/kernels.js';
import { castTimeValue, isTimeCast, timeValueToString } from './cast_time.js';

export type CastMode = 'ansi' | 'try' | 'legacy';

const MICROS_PER_DAY = 86_400_000_000;

const INTEGRAL_RANGE: Record<string, [number, number]> = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  int: [-2147483648, 2147483647],
  bigint: [-9223372036854775808, 9223372036854775807],
};

export function castVector(v: Vector, to: DataType, ctx: ExecutionContext, mode: CastMode): Vector {
  if (typesEqual(v.type, to)) return v;
  if (v.type.kind === 'null') return nullVector(to, v.length);
  const fast = castNumericFast(v, to);
  if (fast) return fast;
  const values: Scalar[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    if (isNullAt(v, i)) { values[i] = null; continue; }
    try {
      values[i] = castScalar(getScalar(v, i), v.type, to, ctx);
    } catch (e) {
      if (mode === 'ansi' || !(e instanceof QuarryError) || (mode === 'legacy' && e instanceof StrictCastError)) throw e;
      values[i] = null;
    }
  }
  return vectorFromScalars(to, values);
}

/** Integral → wider integral or double, without leaving typed arrays: always exact. */
function castNumericFast(v: Vector, to: DataType): Vector | null {
  const from = v.type;
  const src = numbers(v);
  if (src === null || !isIntegral(from)) return null;
  const widening = isIntegral(to) && Object.keys(INTEGRAL_RANGE).indexOf(to.kind) > Object.keys(INTEGRAL_RANGE).indexOf(from.kind);
  if (!widening && to.kind !== 'double') return null;
  const out = to.kind === 'int' ? new Int32Array(v.length) : to.kind === 'smallint' ? new Int16Array(v.length) : new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = src[i];
  return { type: to, length: v.length, data: out, validity: v.validity };
}

/** One non-NULL value from `from` to `to`; throws a QuarryError for invalid input or overflow. */
export function castScalar(x: Scalar, from: DataType, to: DataType, ctx: ExecutionContext): Scalar {
  if (x === null) return null;
  if (isIntervalCast(from, to)) return castInterval(x, from, to);
  if (to.kind === 'string') return castToString(x, from, ctx);
  if (from.kind === 'array' && to.kind === 'array') return (x as ArrayValue).map((e) => castScalar(e, from.element, to.element, ctx));
  // Structs cast field by field, by position (names may differ), as Spark does.
  if (from.kind === 'struct' && to.kind === 'struct' && from.fields.length === to.fields.length) {
    return (x as ArrayValue).map((e, i) => castScalar(e, from.fields[i].type, to.fields[i].type, ctx));
  }
  if (from.kind === 'map' && to.kind === 'map') {
    const m = x as MapValue;
    return new MapValue(m.keys.map((k) => castScalar(k, from.key, to.key, ctx)), m.values.map((v) => castScalar(v, from.value, to.value, ctx)));
  }
  if (from.kind === 'string' && to.kind === 'array') {
    return parseArrayLiteral(x as string).map((e) => castScalar(e, from, to.element, ctx));
  }
  if (isTimeCast(from, to)) return castTimeValue(x, from, to, ctx);
  switch (from.kind) {
    case 'string': return castFromString(x as string, to, ctx);
    case 'boolean':
      if (isNumeric(to)) return castNumber(x ? 1 : 0, { kind: 'int' }, to);
      break;
    case 'date':
      if (to.kind === 'timestamp') return ctx.timeZone.fromLocal((x as number) * MICROS_PER_DAY);
      if (to.kind === 'timestamp_ntz') return (x as number) * MICROS_PER_DAY;
      break;
    case 'timestamp':
      if (to.kind === 'date') return Math.floor(ctx.timeZone.toLocal(x as number) / MICROS_PER_DAY);
      if (to.kind === 'timestamp_ntz') return ctx.timeZone.toLocal(x as number);
      if (isNumeric(to)) return castNumber(Math.floor((x as number) / 1_000_000), { kind: 'bigint' }, to);
      break;
    case 'timestamp_ntz':
      if (to.kind === 'date') return Math.floor((x as number) / MICROS_PER_DAY);
      if (to.kind === 'timestamp') return ctx.timeZone.fromLocal(x as number);
      break;
    default:
      if (isNumeric(from)) {
        if (isNumeric(to)) return castNumber(x as number | bigint, from, to);
        if (to.kind === 'boolean') return Number(x) !== 0;
        if (to.kind === 'binary' && isIntegral(from)) return integralToBinary(x as number | bigint, from, ctx);
        if (to.kind === 'timestamp' && isIntegral(from)) return Number(x) * 1_000_000;
        if (to.kind === 'timestamp') return fractionalSecondsToTimestamp(x as number | bigint, from);
      }
  }
  throw new QuarryError('42846',
    `[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot cast ${typeToString(from)} to ${typeToString(to)}.`, undefined,
    'DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION');
}

/**
 * Seconds since the epoch in a float, double or decimal → a timestamp, the fraction truncated to
 * microseconds; NaN and infinities are invalid input, named as the double Spark reads them as.
 */
function fractionalSecondsToTimestamp(x: number | bigint, from: DataType): number {
  if (from.kind === 'decimal') return Number((BigInt(x) * 1_000_000n) / pow10(from.scale));
  const seconds = x as number;
  if (!Number.isFinite(seconds)) {
    throw new QuarryError('22018',
      `[CAST_INVALID_INPUT] The value ${formatJavaDouble(seconds)} of the type "DOUBLE" cannot be cast to "TIMESTAMP" because it is malformed. Correct the value as per the syntax, or change its target type. Use \`try_cast\` to tolerate malformed input and return NULL instead.`,
      undefined, 'CAST_INVALID_INPUT');
  }
  return Math.trunc(seconds * 1_000_000);
}

const INTEGRAL_BYTES: Record<string, number> = { tinyint: 1, smallint: 2, int: 4, bigint: 8 };

/** Spark's legacy integral → binary: the value's big-endian two's complement bytes, as wide as its type. */
function integralToBinary(x: number | bigint, from: DataType, ctx: ExecutionContext): Uint8Array {
  if (ctx.ansi) {
    throw new QuarryError('42K09',
      `[DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION] Cannot cast ${typeToString(from).toUpperCase()} to BINARY with ANSI mode on. If you have to cast ${typeToString(from).toUpperCase()} to BINARY, you can set "spark.sql.ansi.enabled" as 'false'.`,
      undefined, 'DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION');
  }
  const width = INTEGRAL_BYTES[from.kind];
  const bytes = new Uint8Array(width);
  let rest = BigInt.asUintN(width * 8, BigInt(x));
  for (let i = width - 1; i >= 0; i--) { bytes[i] = Number(rest & 0xffn); rest >>= 8n; }
  return bytes;
}

/** Numeric → numeric. Decimals travel as unscaled integers; `from` tells the scale. */
function castNumber(x: number | bigint, from: DataType, to: DataType): Scalar {
  if (to.kind === 'decimal') {
    let unscaled: bigint;
    if (from.kind === 'decimal') unscaled = rescale(BigInt(x), from.scale, to.scale);
    else if (from.kind === 'float' || from.kind === 'double') {
      // Spark's Decimal(NaN or ±Infinity) throws NumberFormatException, which its cast turns into NULL even in ANSI mode.
      if (!Number.isFinite(x as number)) return null;
      const parsed = parseDecimal(String(x), to.scale);
      unscaled = parsed ?? 0n;
    } else unscaled = BigInt(x) * pow10(to.scale);
    if (decimalDigits(unscaled) > to.precision) throw overflow(describe(x, from), from, to);
    return to.precision <= MAX_FAST_DECIMAL_PRECISION ? Number(unscaled) : unscaled;
  }
  // Into integral or fractional types.
  let value: number | bigint;
  if (from.kind === 'decimal') {
    if (to.kind === 'double' || to.kind === 'float') return Number(x) / 10 ** from.scale;
    value = BigInt(x) / pow10(from.scale); // truncates toward zero, as Spark does
  } else value = x;
  if (to.kind === 'double') return Number(value);
  if (to.kind === 'float') return Math.fround(Number(value));
  if (typeof value === 'number') {
    if (Number.isNaN(value) || !Number.isFinite(value)) throw overflow(String(value), from, to);
    value = Math.trunc(value);
  }
  const [min, max] = INTEGRAL_RANGE[to.kind];
  if (typeof value === 'bigint') {
    // A double cannot hold 2^63 - 1: bigint bounds are compared exactly.
    const [low, high] = to.kind === 'bigint' ? [-(2n ** 63n), 2n ** 63n - 1n] : [BigInt(min), BigInt(max)];
    if (value < low || value > high) throw overflow(describe(x, from), from, to);
    return to.kind === 'bigint' && (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) ? value : Number(value);
  }
  if (value < min || value > max) throw overflow(describe(x, from), from, to);
  return value;
}

function rescale(unscaled: bigint, fromScale: number, toScale: number): bigint {
  if (toScale === fromScale) return unscaled;
  if (toScale > fromScale) return unscaled * pow10(toScale - fromScale);
  const divisor = pow10(fromScale - toScale);
  const q = unscaled / divisor, r = unscaled % divisor;
  // Half up, away from zero.
  if ((r < 0 ? -r : r) * 2n >= divisor) return unscaled < 0 ? q - 1n : q + 1n;
  return q;
}

export function rescaleDecimal(unscaled: bigint, fromScale: number, toScale: number): bigint {
  return rescale(unscaled, fromScale, toScale);
}

function describe(x: number | bigint, from: DataType): string {
  return from.kind === 'decimal' ? formatDecimal(x, from.scale) : String(x);
}

function overflow(value: string, from: DataType, to: DataType): QuarryError {
  return new QuarryError('22003',
    `[CAST_OVERFLOW] The value ${value} of the type "${typeToString(from).toUpperCase()}" cannot be cast to "${typeToString(to).toUpperCase()}" due to an overflow. Use \`try_cast\` to tolerate overflow and return NULL instead.`,
    undefined, 'CAST_OVERFLOW');
}

function invalidInput(text: string, to: DataType): QuarryError {
  return new QuarryError('22018',
    `[CAST_INVALID_INPUT] The value '${text}' of the type "STRING" cannot be cast to "${typeToString(to).toUpperCase()}" because it is malformed. Correct the value as per the syntax, or change its target type. Use \`try_cast\` to tolerate malformed input and return NULL instead.`,
    undefined, 'CAST_INVALID_INPUT');
}

function castFromString(text: string, to: DataType, ctx: ExecutionContext): Scalar {
  const trimmed = text.trim();
  switch (to.kind) {
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (['t', 'true', 'y', 'yes', '1'].includes(lower)) return true;
      if (['f', 'false', 'n', 'no', '0'].includes(lower)) return false;
      throw invalidInput(text, to);
    }
    case 'tinyint': case 'smallint': case 'int': case 'bigint': {
      if (!/^[+-]?\d+$/.test(trimmed)) {
        // Outside ANSI mode Spark accepts a fractional part and truncates it.
        if (!ctx.ansi && /^[+-]?\d*\.\d*$/.test(trimmed) && trimmed !== '.') return castNumber(BigInt(trimmed.split('.')[0] || '0'), { kind: 'bigint' }, to);
        throw invalidInput(text, to);
      }
      // ANSI mode calls text beyond the type's range malformed too (UTF8String.toIntExact).
      try {
        return castNumber(BigInt(trimmed), { kind: 'decimal', precision: 38, scale: 0 }, to);
      } catch (e) {
        if (ctx.ansi && e instanceof QuarryError && e.errorClass === 'CAST_OVERFLOW') throw invalidInput(text, to);
        throw e;
      }
    }
    case 'float': case 'double': {
      const lower = trimmed.toLowerCase();
      const special: Record<string, number> = { nan: NaN, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity, inf: Infinity, '-inf': -Infinity };
      if (lower in special) return special[lower];
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(trimmed)) throw invalidInput(text, to);
      const value = parseFloat(trimmed);
      return to.kind === 'float' ? Math.fround(value) : value;
    }
    case 'decimal': {
      const unscaled = parseDecimal(trimmed, to.scale);
      if (unscaled === null) throw invalidInput(text, to);
      if (decimalDigits(unscaled) > to.precision) {
        throw new QuarryError('22003',
          `[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] ${formatDecimal(unscaled, to.scale)} cannot be represented as Decimal(${to.precision}, ${to.scale}). If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error, and return NULL instead.`,
          undefined, 'NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION');
      }
      return to.precision <= MAX_FAST_DECIMAL_PRECISION ? Number(unscaled) : unscaled;
    }
    case 'date': {
      const days = parseDate(trimmed);
      if (days === null) throw invalidInput(text, to);
      return days;
    }
    case 'timestamp': case 'timestamp_ntz': {
      const micros = parseTimestamp(trimmed, to.kind === 'timestamp' ? ctx.timeZone : TimeZone.UTC);
      if (micros === null) throw invalidInput(text, to);
      return micros;
    }
    case 'binary': return new TextEncoder().encode(text);
    default: throw invalidInput(text, to);
  }
}

/** Spark's string form of a value (what CAST(x AS STRING) and result files show). */
export function castToString(x: Scalar, from: DataType, ctx: ExecutionContext): string {
  switch (from.kind) {
    case 'string': return x as string;
    case 'boolean': return x ? 'true' : 'false';
    case 'decimal': return formatDecimal(x as number | bigint, from.scale);
    case 'float': case 'double': return formatJavaDouble(x as number);
    case 'date': return formatDate(x as number);
    case 'timestamp': return formatTimestamp(x as number, ctx.timeZone);
    case 'timestamp_ntz': return formatTimestamp(x as number);
    case 'binary': return new TextDecoder().decode(x as Uint8Array);
    case 'interval_ym': case 'interval_dt': return castInterval(x, from, { kind: 'string' }) as string;
    case 'array': return `[${(x as ArrayValue).map((e) => (e === null ? 'null' : castToString(e, from.element, ctx))).join(', ')}]`;
    case 'struct': return `{${from.fields.map((f, k) => { const e = (x as ArrayValue)[k]; return e === null ? 'null' : castToString(e, f.type, ctx); }).join(', ')}}`;
    case 'map': {
      const m = x as MapValue;
      const text = (e: Scalar, t: DataType) => (e === null ? 'null' : castToString(e, t, ctx));
      return `{${m.keys.map((k, i) => `${text(k, from.key)} -> ${text(m.values[i], from.value)}`).join(', ')}}`;
    }
    default: return timeValueToString(x, from, ctx) ?? String(x);
  }
}

/** Java's Double.toString, which Spark uses: `1.0`, `0.001`, `1.0E7`, `1.5E-4`, `NaN`, `Infinity`. */
export function formatJavaDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = x.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${exponent.replace('+', '')}`;
}

/** Postgres's array input `{1,2,NULL}` or `{"a b",c}` (one dimension): the elements as strings. */
export function parseArrayLiteral(text: string): (string | null)[] {
  const body = text.trim();
  if (!body.startsWith('{') || !body.endsWith('}')) {
    throw new QuarryError('22P02', `malformed array literal: "${text}"`, undefined);
  }
  const elements: (string | null)[] = [];
  const inner = body.slice(1, -1);
  let i = 0;
  while (i < inner.length) {
    while (inner[i] === ' ') i++;
    if (i >= inner.length) break;
    let value = '', quoted = false;
    if (inner[i] === '"') {
      quoted = true;
      for (i++; i < inner.length && inner[i] !== '"'; i++) value += inner[i] === '\\' ? inner[++i] : inner[i];
      i++;
    } else {
      while (i < inner.length && inner[i] !== ',') value += inner[i++];
      value = value.trim();
    }
    elements.push(!quoted && value.toUpperCase() === 'NULL' ? null : value);
    while (inner[i] === ' ') i++;
    if (i < inner.length && inner[i] !== ',') throw new QuarryError('22P02', `malformed array literal: "${text}"`, undefined);
    i++;
  }
  return elements;
}
