// Binary result format, for the columns a client asks to receive in binary at Bind (pgjdbc does
// after a statement ran a few times): Postgres's send functions for our types.

import { notSupported } from '../common/errors.js';
import { DataType, typeToString } from '../common/types.js';
import { isUnsigned32, pgTypeOf } from '../common/postgres_types.js';
import { ArrayValue, Vector, getScalar, isNullAt, stringValues } from '../common/vector.js';
import { TextCells } from './messages.js';
import { nanosToMicros } from '../common/time_values.js';

const POSTGRES_EPOCH_DAYS = 10_957;
const POSTGRES_EPOCH_MICROS = 946_684_800_000_000;

/** Types with a binary encoding here; others must be asked for in text. */
export function supportsBinary(t: DataType): boolean {
  if (t.kind === 'array') return supportsBinary(t.element);
  if (t.kind === 'struct' || t.kind === 'map') return false;
  return t.kind !== 'null';
}

/** `pgType` is the column's catalog type (Field.pgType), which may change the encoding: oid is 4 bytes. */
export function encodeBinaryCells(v: Vector, pgType?: string): TextCells {
  if (!supportsBinary(v.type)) throw notSupported(`Binary format for ${typeToString(v.type)} columns (ask for text)`);
  const n = v.length;
  const cells: (Buffer | null)[] = new Array(n);
  const strings = v.type.kind === 'string' ? stringValues(v) : null;
  const unsigned = isUnsigned32(pgType);
  for (let i = 0; i < n; i++) {
    if (isNullAt(v, i)) { cells[i] = null; continue; }
    if (unsigned) { cells[i] = Buffer.alloc(4); cells[i]!.writeUInt32BE(Number(getScalar(v, i))); continue; }
    cells[i] = strings ? Buffer.from(strings[i], 'utf8') : encodeValue(v.type, getScalar(v, i));
  }
  return { cells, ascii: false };
}

function encodeValue(t: DataType, x: unknown): Buffer {
  switch (t.kind) {
    case 'boolean': return Buffer.from([x ? 1 : 0]);
    case 'tinyint': case 'smallint': { const b = Buffer.alloc(2); b.writeInt16BE(x as number); return b; }
    case 'int': { const b = Buffer.alloc(4); b.writeInt32BE(x as number); return b; }
    case 'bigint': { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(x as number | bigint)); return b; }
    case 'float': { const b = Buffer.alloc(4); b.writeFloatBE(x as number); return b; }
    case 'double': { const b = Buffer.alloc(8); b.writeDoubleBE(x as number); return b; }
    case 'date': { const b = Buffer.alloc(4); b.writeInt32BE((x as number) - POSTGRES_EPOCH_DAYS); return b; }
    case 'timestamp': case 'timestamp_ntz': {
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(BigInt(Math.round(x as number - POSTGRES_EPOCH_MICROS)));
      return b;
    }
    // Postgres keeps microseconds: nanosecond timestamps lose their last three digits in binary.
    case 'timestamp_ntz_nanos': case 'timestamp_ltz_nanos': {
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(BigInt(nanosToMicros(x as bigint)) - BigInt(POSTGRES_EPOCH_MICROS));
      return b;
    }
    // time_send: microseconds since midnight.
    case 'time': { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(Math.floor((x as number) / 1000))); return b; }
    case 'binary': return Buffer.from(x as Uint8Array);
    case 'decimal': return encodeNumeric(BigInt(x as number | bigint), t.scale);
    case 'string': return Buffer.from(x as string, 'utf8');
    // interval_send: microseconds of the time part, then days, then months.
    case 'interval_dt': {
      const micros = x as number;
      const days = Math.trunc(micros / 86_400_000_000);
      const b = Buffer.alloc(16);
      b.writeBigInt64BE(BigInt(Math.round(micros - days * 86_400_000_000)), 0);
      b.writeInt32BE(days, 8);
      return b;
    }
    case 'interval_ym': { const b = Buffer.alloc(16); b.writeInt32BE(x as number, 12); return b; }
    case 'array': return encodeArray(t.element, x as ArrayValue);
    default: throw notSupported(`Binary format for ${typeToString(t)} columns`);
  }
}

/** array_send: dimensions, has-nulls flag, element OID, then each dimension's length and lower bound, then the elements. */
function encodeArray(element: DataType, values: ArrayValue): Buffer {
  const dimensions = values.length === 0 ? 0 : 1;
  const header = Buffer.alloc(12 + 8 * dimensions);
  header.writeInt32BE(dimensions, 0);
  header.writeInt32BE(values.includes(null) ? 1 : 0, 4);
  header.writeUInt32BE(pgTypeOf(element).oid, 8);
  if (dimensions) { header.writeInt32BE(values.length, 12); header.writeInt32BE(1, 16); }
  const parts: Buffer[] = [header];
  for (const x of values) {
    const length = Buffer.alloc(4);
    if (x === null) { length.writeInt32BE(-1); parts.push(length); continue; }
    const body = encodeValue(element, x);
    length.writeInt32BE(body.length);
    parts.push(length, body);
  }
  return Buffer.concat(parts);
}

/** Postgres's numeric: base-10000 digit groups around the decimal point, weight, sign, scale. */
function encodeNumeric(unscaled: bigint, scale: number): Buffer {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const integer = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  // Align to groups of four: the integer part from the right, the fraction from the left.
  const intGroups = integer.padStart(Math.ceil(integer.length / 4) * 4, '0').match(/.{4}/g) ?? [];
  fraction = fraction.padEnd(Math.ceil(fraction.length / 4) * 4, '0');
  const fracGroups = fraction.match(/.{4}/g) ?? [];
  let groups = [...intGroups, ...fracGroups].map(Number);
  let weight = intGroups.length - 1;
  // Strip leading zero groups (adjusting the weight) and trailing ones.
  while (groups.length > 0 && groups[0] === 0) { groups = groups.slice(1); weight--; }
  while (groups.length > 0 && groups[groups.length - 1] === 0) groups = groups.slice(0, -1);
  if (groups.length === 0) weight = 0;
  const b = Buffer.alloc(8 + 2 * groups.length);
  b.writeInt16BE(groups.length, 0);
  b.writeInt16BE(weight, 2);
  b.writeUInt16BE(negative && groups.length > 0 ? 0x4000 : 0, 4);
  b.writeInt16BE(scale, 6);
  groups.forEach((g, i) => b.writeInt16BE(g, 8 + 2 * i));
  return b;
}
