import { describe, expect, it } from 'vitest';
import { TimeZone } from '../../src/common/time_zone.js';
import {
  BinaryType, BooleanType, ByteType, DataType, DateType, DoubleType, FloatType, IntegerType, LongType, NullType, ShortType,
  StringType, TimestampNTZType, TimestampType, decimalType,
} from '../../src/common/types.js';
import { Vector, makeVector, nullVector, vectorFromScalars } from '../../src/common/vector.js';
import { formatFloat4, formatFloat8 } from '../../src/protocol/float_text.js';
import { TextCells } from '../../src/protocol/messages.js';
import { describeSchema, encodeTextCells, formatUtcOffset, pgDate, pgTypeOf } from '../../src/protocol/pg_types.js';

const text = (cells: TextCells) => cells.cells.map((c) => (c === null ? null : c.toString()));
const encode = (v: Vector, zone = 'UTC') => text(encodeTextCells(v, { timeZone: TimeZone.of(zone) }));
const micros = (iso: string) => Date.parse(iso) * 1000;

describe('Spark → Postgres types', () => {
  it.each<[DataType, number, number, number]>([
    [BooleanType, 16, 1, -1],
    [ByteType, 21, 2, -1],
    [ShortType, 21, 2, -1],
    [IntegerType, 23, 4, -1],
    [LongType, 20, 8, -1],
    [FloatType, 700, 4, -1],
    [DoubleType, 701, 8, -1],
    [decimalType(10, 2), 1700, -1, ((10 << 16) | 2) + 4],
    [decimalType(38, 0), 1700, -1, (38 << 16) + 4],
    [StringType, 25, -1, -1],
    [BinaryType, 17, -1, -1],
    [DateType, 1082, 4, -1],
    [TimestampType, 1184, 8, -1],
    [TimestampNTZType, 1114, 8, -1],
    [NullType, 25, -1, -1],
  ])('%o → oid %i', (type, oid, typlen, typmod) => {
    expect(pgTypeOf(type)).toMatchObject({ oid, typlen, typmod });
  });

  it('describes a schema as text-format fields', () => {
    expect(describeSchema([{ name: 'fare', type: decimalType(10, 2), nullable: true }])).toEqual([
      { name: 'fare', tableOid: 0, columnAttribute: 0, typeOid: 1700, typeSize: -1, typeModifier: 655366, format: 0 },
    ]);
  });
});

describe('float text like Postgres float8out / float4out', () => {
  it.each<[number, string]>([
    [1.5, '1.5'], [100, '100'], [-123.456, '-123.456'], [0.1 + 0.2, '0.30000000000000004'],
    [1e20, '1e+20'], [1e15, '1e+15'], [123456789012345, '123456789012345'],
    [1234567890123456, '1.234567890123456e+15'], [0.0001, '0.0001'], [0.00001, '1e-05'], [1.5e-7, '1.5e-07'],
    [1e100, '1e+100'], [-2.5e-300, '-2.5e-300'], [5e-324, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'],
    [0, '0'], [-0, '-0'], [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'],
  ])('float8 %d → %s', (x, expected) => {
    expect(formatFloat8(x)).toBe(expected);
  });

  it.each<[number, string]>([
    [0.1, '0.1'], [1.1, '1.1'], [3.14159, '3.14159'], [100000, '100000'], [123456.7, '123456.7'], [1e6, '1e+06'],
    [1234567, '1.234567e+06'], [16777216, '1.6777216e+07'], [3.4028234663852886e38, '3.4028235e+38'], [0.00001, '1e-05'],
    [1.401298464324817e-45, '1e-45'], [-0.5, '-0.5'], [-0, '-0'], [NaN, 'NaN'], [-Infinity, '-Infinity'],
  ])('float4 %d → %s', (x, expected) => {
    expect(formatFloat4(Math.fround(x))).toBe(expected);
  });
});

describe('vectors as Postgres text', () => {
  it('booleans and integers, with NULLs', () => {
    expect(encode(vectorFromScalars(BooleanType, [true, false, null]))).toEqual(['t', 'f', null]);
    expect(encode(vectorFromScalars(ByteType, [-128, 127]))).toEqual(['-128', '127']);
    expect(encode(vectorFromScalars(IntegerType, [2147483647, null, -1]))).toEqual(['2147483647', null, '-1']);
  });

  it('bigint stored as numbers and as BigInt64Array', () => {
    const asNumbers = vectorFromScalars(LongType, [9007199254740991, -42, null]);
    expect(asNumbers.data).toBeInstanceOf(Float64Array);
    expect(encode(asNumbers)).toEqual(['9007199254740991', '-42', null]);
    const asBigInts = vectorFromScalars(LongType, [9223372036854775807n, -9223372036854775808n, 1n, null]);
    expect(asBigInts.data).toBeInstanceOf(BigInt64Array);
    expect(encode(asBigInts)).toEqual(['9223372036854775807', '-9223372036854775808', '1', null]);
  });

  it('floats and doubles', () => {
    expect(encode(vectorFromScalars(DoubleType, [1e20, 0.5, NaN, null]))).toEqual(['1e+20', '0.5', 'NaN', null]);
    expect(encode(vectorFromScalars(FloatType, [0.1, 1e6, null]))).toEqual(['0.1', '1e+06', null]);
  });

  it('decimals, narrow (float64 unscaled) and wide (bigint unscaled)', () => {
    expect(encode(vectorFromScalars(decimalType(10, 2), [1250, -5, 0, null]))).toEqual(['12.50', '-0.05', '0.00', null]);
    expect(encode(vectorFromScalars(decimalType(5, 0), [12345]))).toEqual(['12345']);
    expect(encode(vectorFromScalars(decimalType(38, 4), [-123456789012345678901234567890123n, null])))
      .toEqual(['-12345678901234567890123456789.0123', null]);
  });

  it('strings, plain and dictionary-encoded (each entry encoded once)', () => {
    expect(encode(vectorFromScalars(StringType, ['a', 'Zürich', null, '']))).toEqual(['a', 'Zürich', null, '']);
    const plain = encodeTextCells(vectorFromScalars(StringType, ['x', 'y']));
    expect(plain.ascii).toBe(false);
    const dict = makeVector(StringType, 4, { dictionary: ['Oslo', 'Zürich', 'unused'], codes: new Int32Array([1, 0, 1, 0]) },
      new Uint8Array([1, 1, 1, 0]));
    const cells = encodeTextCells(dict);
    expect(text(cells)).toEqual(['Zürich', 'Oslo', 'Zürich', null]);
    expect(cells.cells[0]).toBeInstanceOf(Buffer);
    expect(cells.cells[0]).toBe(cells.cells[2]);
  });

  it('binary as bytea hex', () => {
    expect(encode(vectorFromScalars(BinaryType, [new Uint8Array([0xde, 0xad, 0x01]), new Uint8Array(0), null])))
      .toEqual(['\\xdead01', '\\x', null]);
  });

  it('dates, with BC years as Postgres prints them', () => {
    expect(encode(vectorFromScalars(DateType, [0, 19723, -1, null]))).toEqual(['1970-01-01', '2024-01-01', '1969-12-31', null]);
    const d = new Date(0);
    d.setUTCFullYear(0, 0, 1); // astronomical year 0 is 1 BC
    expect(pgDate(Math.round(d.getTime() / 86_400_000))).toBe('0001-01-01 BC');
    d.setUTCFullYear(-43, 2, 15);
    expect(pgDate(Math.round(d.getTime() / 86_400_000))).toBe('0044-03-15 BC');
  });

  it('timestamps: timestamptz with the session offset, timestamp_ntz without', () => {
    const v = vectorFromScalars(TimestampType, [micros('2024-01-01T10:00:00Z'), micros('1970-01-01T00:00:00.5Z') + 1, -1, null]);
    expect(encode(v)).toEqual(['2024-01-01 10:00:00+00', '1970-01-01 00:00:00.500001+00', '1969-12-31 23:59:59.999999+00', null]);
    expect(encode(v, '+05:30')[0]).toBe('2024-01-01 15:30:00+05:30');
    expect(encode(v, '-08:00')[0]).toBe('2024-01-01 02:00:00-08');
    // A region's offset follows the instant: winter and summer time in one column.
    const seasons = vectorFromScalars(TimestampType, [Date.UTC(2024, 0, 15, 12) * 1000, Date.UTC(2024, 6, 15, 12) * 1000]);
    expect(encode(seasons, 'America/Los_Angeles')).toEqual(['2024-01-15 04:00:00-08', '2024-07-15 05:00:00-07']);
    const ntz = vectorFromScalars(TimestampNTZType, [micros('2024-02-29T23:59:59Z') + 120, null]);
    expect(encode(ntz)).toEqual(['2024-02-29 23:59:59.00012', null]);
    expect(formatUtcOffset(0)).toBe('+00');
    expect(formatUtcOffset(-(3 * 3600 + 30 * 60))).toBe('-03:30');
  });

  it('all-NULL (void) columns', () => {
    expect(encode(nullVector(NullType, 2))).toEqual([null, null]);
  });
});
