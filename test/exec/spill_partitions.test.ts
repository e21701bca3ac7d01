import { describe, expect, it } from 'vitest';
import { DoubleType, LongType, StringType } from '../../src/common/types.js';
import { Vector, vectorFromScalars } from '../../src/common/vector.js';
import { PARTITIONS, partitionOf } from '../../src/exec/operators/spill_partitions.js';

const dictionary = (values: string[], codes: number[]): Vector =>
  ({ type: StringType, length: codes.length, data: { dictionary: values, codes: Int32Array.from(codes) }, validity: null });
const bigints = (values: bigint[]): Vector => ({ type: LongType, length: values.length, data: BigInt64Array.from(values), validity: null });

describe('partitionOf', () => {
  it('puts keys the key table finds equal in one partition, however their batches store them', () => {
    // Strings from a Parquet dictionary and from a plain array; longs as doubles and as bigints.
    expect(partitionOf([dictionary(['b', 'a', 'c'], [1, 0, 2, 0])], 4, 0))
      .toEqual(partitionOf([vectorFromScalars(StringType, ['a', 'b', 'c', 'b'])], 4, 0));
    expect(partitionOf([vectorFromScalars(LongType, [1, 2 ** 40, -7])], 3, 1)).toEqual(partitionOf([bigints([1n, 2n ** 40n, -7n])], 3, 1));
    const [zero, negativeZero, nan1, nan2] = partitionOf([vectorFromScalars(DoubleType, [0, -0, NaN, -NaN])], 4, 0);
    expect(negativeZero).toBe(zero);
    expect(nan2).toBe(nan1);
  });

  it('spreads keys over the partitions, and differently at each level of spilling', () => {
    const n = 16000;
    const keys = [vectorFromScalars(StringType, Array.from({ length: n }, (_, i) => `key-${i}`)), vectorFromScalars(LongType, Array.from({ length: n }, (_, i) => i % 3))];
    const level0 = partitionOf(keys, n, 0);
    const counts = new Array(PARTITIONS).fill(0);
    for (const p of level0) counts[p]++;
    for (const c of counts) expect(c).toBeGreaterThan(n / PARTITIONS / 2);
    // The rows of one partition split again one level down instead of landing together.
    const level1 = partitionOf(keys, n, 1).filter((_, i) => level0[i] === 5);
    expect(new Set(level1).size).toBe(PARTITIONS);
  });
});
