import { describe, expect, it } from 'vitest';
import { TimeZone } from '../../src/common/time_zone.js';
import { DataType, DateType, DoubleType, IntegerType, LongType, StringType, TimestampType, decimalType } from '../../src/common/types.js';
import { Scalar, vectorFromScalars } from '../../src/common/vector.js';
import { encodeBinaryCells } from '../../src/protocol/pg_binary.js';
import { decodeParameter } from '../../src/protocol/parameters.js';

const cell = (type: DataType, value: Scalar) => encodeBinaryCells(vectorFromScalars(type, [value])).cells[0] as Buffer;

describe('binary result format', () => {
  it('encodes fixed-width values as Postgres sends them', () => {
    expect([...cell(IntegerType, 7)]).toEqual([0, 0, 0, 7]);
    expect(cell(LongType, -9007199254740993n).readBigInt64BE(0)).toBe(-9007199254740993n);
    expect(cell(DoubleType, 1.5).readDoubleBE(0)).toBe(1.5);
    expect(cell(DateType, 10_957).readInt32BE(0)).toBe(0); // 2000-01-01
    expect(cell(TimestampType, 946_684_800_000_001).readBigInt64BE(0)).toBe(1n);
    expect(cell(StringType, 'Zürich').toString('utf8')).toBe('Zürich');
    expect(encodeBinaryCells(vectorFromScalars(IntegerType, [null])).cells).toEqual([null]);
  });

  it('encodes numerics in base-10000 groups, as Postgres reads them back', () => {
    expect([...cell(decimalType(10, 2), 1250)]).toEqual([0, 2, 0, 0, 0, 0, 0, 2, 0, 12, 0x13, 0x88]);
    expect([...cell(decimalType(10, 0), 100000)]).toEqual([0, 1, 0, 1, 0, 0, 0, 0, 0, 10]);
    expect([...cell(decimalType(5, 2), 0)]).toEqual([0, 0, 0, 0, 0, 0, 0, 2]);
    for (const [unscaled, scale] of [[-123, 4], [123456789012345678901234567n, 7], [5, 0], [-100000001, 3]] as const) {
      const type = decimalType(38, scale);
      const back = decodeParameter(cell(type, unscaled), 1, StringType, 1700, TimeZone.UTC);
      expect(BigInt(back.value as number | bigint) * 10n ** BigInt(scale - (back.type as { scale: number }).scale)).toBe(BigInt(unscaled));
    }
  });
});
