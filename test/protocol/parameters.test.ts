import { describe, expect, it } from 'vitest';
import { TimeZone } from '../../src/common/time_zone.js';
import { BooleanType, DateType, IntegerType, LongType, StringType, TimestampType, decimalType } from '../../src/common/types.js';
import { decodeParameter, parameterType } from '../../src/protocol/parameters.js';

describe('bind parameters off the wire', () => {
  it('maps declared OIDs to types; text-like and unknown ones stay strings', () => {
    expect([parameterType(23), parameterType(20), parameterType(16), parameterType(0), parameterType(1700), parameterType(1043)])
      .toEqual([IntegerType, LongType, BooleanType, null, decimalType(38, 18), null]);
  });

  it('decodes text values by type', () => {
    const value = (...args: Parameters<typeof decodeParameter>) => decodeParameter(...args).value;
    expect(value(Buffer.from('42'), 0, IntegerType, 23, 0)).toBe(42);
    expect(value(Buffer.from('9007199254740993'), 0, LongType, 20, 0)).toBe(9007199254740993n);
    expect(value(Buffer.from('t'), 0, BooleanType, 16, 0)).toBe(true);
    expect(value(Buffer.from('2024-01-02'), 0, DateType, 1082, 0)).toBe(19724);
    expect(value(null, 0, StringType, 0, 0)).toBeNull();
    expect(() => decodeParameter(Buffer.from('x1'), 0, IntegerType, 23, TimeZone.UTC)).toThrowError(/invalid input syntax/);
  });

  it('decodes binary values: integers, timestamps since 2000, numerics', () => {
    const int8 = Buffer.alloc(8);
    int8.writeBigInt64BE(-5n);
    expect(decodeParameter(int8, 1, LongType, 20, TimeZone.UTC).value).toBe(-5);
    const ts = Buffer.alloc(8);
    ts.writeBigInt64BE(0n);
    expect(decodeParameter(ts, 1, TimestampType, 1184, TimeZone.UTC).value).toBe(946_684_800_000_000);
    // 1.25 as Postgres binary numeric: 2 digits (1, 2500), weight 0, positive, scale 2.
    const numeric = Buffer.from([0, 2, 0, 0, 0, 0, 0, 2, 0, 1, 0x09, 0xc4]);
    expect(decodeParameter(numeric, 1, StringType, 1700, TimeZone.UTC)).toEqual({ value: 125, type: decimalType(3, 2) });
    const small = Buffer.from([0, 1, 0xff, 0xff, 0x40, 0, 0, 4, 0x00, 0x7b]); // -0.0123
    expect(decodeParameter(small, 1, StringType, 1700, TimeZone.UTC)).toEqual({ value: -123, type: decimalType(4, 4) });
  });
});
