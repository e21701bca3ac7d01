// Bind parameter values off the wire: Postgres type OIDs to our types, and text or binary values
// to Scalars of those types.

import { QuarryError, SqlState } from '../common/errors.js';
import { TimeZone } from '../common/time_zone.js';
import {
  BinaryType, BooleanType, DataType, DateType, DoubleType, FloatType, IntegerType, LongType, MAX_DECIMAL_PRECISION,
  MAX_FAST_DECIMAL_PRECISION, ShortType, StringType, TimestampNTZType, TimestampType, decimalType, timeType,
} from '../common/types.js';
import { Scalar } from '../common/vector.js';
import { parseDate, parseDecimal, parseTimestamp } from '../common/values.js';
import { parseTimeValueText } from '../common/time_values.js';
import { FormatCode } from './messages.js';
import { PgOid } from './pg_types.js';

// Types a client may name for a parameter. numeric, varchar, json… arrive as text: the implicit
// casts give them their place, as for untyped parameters.
const PARAMETER_TYPES: Record<number, DataType> = {
  [PgOid.bool]: BooleanType, [PgOid.int2]: ShortType, [PgOid.int4]: IntegerType, [PgOid.int8]: LongType,
  [PgOid.float4]: FloatType, [PgOid.float8]: DoubleType, [PgOid.text]: StringType, [PgOid.bytea]: BinaryType,
  [PgOid.date]: DateType, [PgOid.timestamp]: TimestampNTZType, [PgOid.timestamptz]: TimestampType,
  [PgOid.time]: timeType(6),
};

/**
 * The type of a parameter the client declared by OID; null for 0 (infer) and the text-like rest.
 * A numeric's scale is only known at Bind (see decodeParameter): until then it is a wide decimal,
 * so that Describe already reports numeric results.
 */
export function parameterType(oid: number): DataType | null {
  if (oid === PgOid.numeric) return decimalType(38, 18);
  return PARAMETER_TYPES[oid] ?? null;
}

const POSTGRES_EPOCH_DAYS = 10_957; // 2000-01-01 in days since 1970-01-01
const POSTGRES_EPOCH_MICROS = BigInt(POSTGRES_EPOCH_DAYS) * 86_400_000_000n;

function invalid(text: string, type: DataType): QuarryError {
  return new QuarryError(SqlState.invalidTextRepresentation, `invalid input syntax for type ${type.kind}: "${text}"`);
}

export interface ParameterValue {
  readonly value: Scalar;
  readonly type: DataType;
}

/**
 * `oid` is the type the client declared. A numeric value is typed by its own digits, as a decimal
 * literal is (`1.25` is decimal(3,2)), so arithmetic on it keeps its scale.
 */
export function decodeParameter(value: Buffer | null, format: FormatCode, type: DataType, oid: number, timeZone: TimeZone): ParameterValue {
  if (oid === PgOid.numeric) {
    if (value === null) return { value: null, type: decimalType(38, 18) };
    return numericParameter(format === 1 ? decodeBinaryNumeric(value) : value.toString('utf8'));
  }
  if (value === null) return { value: null, type };
  return { value: format === 1 ? decodeBinary(value, type) : decodeText(value.toString('utf8'), type, timeZone), type };
}

function numericParameter(text: string): ParameterValue {
  const m = /^\s*[+-]?(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!m || (m[1] === '' && !m[2])) return { value: text, type: StringType }; // NaN and the like: let the cast decide
  const scale = (m[2] ?? '').length;
  const precision = Math.max((m[1].replace(/^0+/, '') + (m[2] ?? '')).replace(/^0+/, '').length, scale, 1);
  if (precision > MAX_DECIMAL_PRECISION) return { value: text, type: StringType };
  const unscaled = parseDecimal(text, scale)!;
  return { value: precision <= MAX_FAST_DECIMAL_PRECISION ? Number(unscaled) : unscaled, type: decimalType(precision, scale) };
}

/** Postgres's binary numeric: base-10000 digits with a weight, a sign and a display scale. */
function decodeBinaryNumeric(b: Buffer): string {
  const ndigits = b.readInt16BE(0), weight = b.readInt16BE(2), sign = b.readUInt16BE(4), dscale = b.readInt16BE(6);
  if (sign === 0xc000) return 'NaN';
  let integer = '', fraction = '';
  for (let i = 0; i < ndigits; i++) {
    const group = String(b.readInt16BE(8 + 2 * i)).padStart(4, '0');
    if (i <= weight) integer += group;
    else fraction += group;
  }
  for (let i = ndigits; i <= weight; i++) integer += '0000';
  fraction = '0000'.repeat(Math.max(0, -weight - 1)) + fraction;
  integer = integer.replace(/^0+/, '') || '0';
  fraction = fraction.padEnd(dscale, '0').slice(0, dscale);
  return `${sign === 0x4000 ? '-' : ''}${integer}${fraction ? `.${fraction}` : ''}`;
}

function decodeText(text: string, type: DataType, zone: TimeZone): Scalar {
  switch (type.kind) {
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (['t', 'true', 'yes', 'on', '1', 'y'].includes(t)) return true;
      if (['f', 'false', 'no', 'off', '0', 'n'].includes(t)) return false;
      throw invalid(text, type);
    }
    case 'smallint': case 'int': case 'bigint': {
      if (!/^\s*[+-]?\d+\s*$/.test(text)) throw invalid(text, type);
      const n = Number(text);
      return type.kind === 'bigint' && !Number.isSafeInteger(n) ? BigInt(text.trim()) : n;
    }
    case 'float': case 'double': {
      const n = Number(text);
      if (Number.isNaN(n) && text.trim() !== 'NaN') throw invalid(text, type);
      return n;
    }
    case 'date': return parseDate(text) ?? (() => { throw invalid(text, type); })();
    case 'timestamp': return parseTimestamp(text, zone) ?? (() => { throw invalid(text, type); })();
    case 'timestamp_ntz': return parseTimestamp(text) ?? (() => { throw invalid(text, type); })();
    case 'time': case 'timestamp_ntz_nanos': case 'timestamp_ltz_nanos':
      return parseTimeValueText(text, type, zone) ?? (() => { throw invalid(text, type); })();
    case 'binary': return /^\\x[0-9a-fA-F]*$/.test(text) ? Uint8Array.from(Buffer.from(text.slice(2), 'hex')) : Uint8Array.from(Buffer.from(text, 'utf8'));
    default: return text;
  }
}

function decodeBinary(b: Buffer, type: DataType): Scalar {
  const expect = (n: number) => {
    if (b.length !== n) throw new QuarryError(SqlState.protocolViolation, `incorrect binary data format in bind parameter: ${b.length} bytes for ${type.kind}`);
  };
  switch (type.kind) {
    case 'boolean': expect(1); return b[0] !== 0;
    case 'smallint': expect(2); return b.readInt16BE(0);
    case 'int': expect(4); return b.readInt32BE(0);
    case 'bigint': {
      expect(8);
      const v = b.readBigInt64BE(0);
      return Number.isSafeInteger(Number(v)) ? Number(v) : v;
    }
    case 'float': expect(4); return b.readFloatBE(0);
    case 'double': expect(8); return b.readDoubleBE(0);
    case 'date': expect(4); return b.readInt32BE(0) + POSTGRES_EPOCH_DAYS;
    case 'timestamp': case 'timestamp_ntz': expect(8); return Number(b.readBigInt64BE(0) + POSTGRES_EPOCH_MICROS);
    // time_recv: microseconds since midnight.
    case 'time': expect(8); return Number(b.readBigInt64BE(0)) * 1000;
    case 'timestamp_ntz_nanos': case 'timestamp_ltz_nanos': expect(8); return (b.readBigInt64BE(0) + POSTGRES_EPOCH_MICROS) * 1000n;
    case 'binary': return Uint8Array.from(b);
    default: return b.toString('utf8');
  }
}
