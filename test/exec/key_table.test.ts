import { describe, expect, it } from 'vitest';
import { DoubleType, LongType, StringType, decimalType } from '../../src/common/types.js';
import { Vector, getScalar, vectorFromScalars } from '../../src/common/vector.js';
import { KeyTable } from '../../src/exec/operators/key_table.js';

const dictionary = (values: string[], codes: number[]): Vector =>
  ({ type: StringType, length: codes.length, data: { dictionary: values, codes: Int32Array.from(codes) }, validity: null });
const values = (v: Vector) => Array.from({ length: v.length }, (_, i) => getScalar(v, i));

describe('KeyTable', () => {
  it('groups -0 with 0 and NaN with NaN, NULL as a group of its own', () => {
    const table = new KeyTable([DoubleType], 'group');
    const ids = table.insert([vectorFromScalars(DoubleType, [0, -0, NaN, NaN, null, 1.5, null])], 7);
    expect(Array.from(ids)).toEqual([0, 0, 1, 1, 2, 3, 2]);
    expect(values(table.keyVector(0))).toEqual([0, NaN, null, 1.5]);
  });

  it('skips NULL keys for joins and finds nothing for values it never saw', () => {
    const table = new KeyTable([StringType, LongType], 'skip');
    const ids = table.insert([vectorFromScalars(StringType, ['a', 'b', null]), vectorFromScalars(LongType, [1, 2, 3])], 3);
    expect(Array.from(ids)).toEqual([0, 1, -1]);
    const found = table.find([dictionary(['b', 'zz', 'a'], [0, 1, 2, 2]), vectorFromScalars(LongType, [2, 2, 1, 2])], 4);
    expect(Array.from(found)).toEqual([1, -1, 0, -1]);
  });

  it('matches strings across dictionaries and plain arrays', () => {
    const table = new KeyTable([StringType], 'group');
    expect(Array.from(table.insert([dictionary(['x', 'y'], [1, 0, 1])], 3))).toEqual([0, 1, 0]);
    expect(Array.from(table.insert([dictionary(['y', 'w'], [1, 0])], 2))).toEqual([2, 0]);
    expect(Array.from(table.insert([vectorFromScalars(StringType, ['w', 'x'])], 2))).toEqual([2, 1]);
    expect(values(table.keyVector(0))).toEqual(['y', 'x', 'w']);
  });

  it('keeps integers past 2^53 exact, equal across float64 and bigint batches', () => {
    const big = 2n ** 60n + 1n;
    const table = new KeyTable([LongType], 'group');
    expect(Array.from(table.insert([vectorFromScalars(LongType, [5, 7])], 2))).toEqual([0, 1]);
    expect(Array.from(table.insert([vectorFromScalars(LongType, [big, 5n, big + 1n])], 3))).toEqual([2, 0, 3]);
    expect(values(table.keyVector(0))).toEqual([5n, 7n, big, big + 1n]);
    const wide = decimalType(30, 0);
    const decimals = new KeyTable([wide], 'group');
    expect(Array.from(decimals.insert([vectorFromScalars(wide, [3, 10n ** 25n, 3n])], 3))).toEqual([0, 1, 0]);
  });

  it('finds dense whole-number keys through a direct index, and nothing for fractions, NaN, NULL or keys outside', () => {
    const table = new KeyTable([LongType], 'skip');
    const keys = Array.from({ length: 3000 }, (_, i) => 1000 + i * 3);
    expect(Array.from(table.insert([vectorFromScalars(LongType, keys)], keys.length)).slice(0, 3)).toEqual([0, 1, 2]);
    const probes = [1000, 1003, 1001, 999, 1000 + 2999 * 3, 1000 + 3000 * 3, null, -5];
    expect(Array.from(table.find([vectorFromScalars(LongType, probes)], probes.length))).toEqual([0, 1, -1, -1, 2999, -1, -1, -1]);
    const doubles = new KeyTable([DoubleType], 'skip');
    doubles.insert([vectorFromScalars(DoubleType, [1, 2, 3])], 3);
    expect(Array.from(doubles.find([vectorFromScalars(DoubleType, [2, 2.5, NaN, 3, -0])], 5))).toEqual([1, -1, -1, 2, -1]);
    // A key added after a probe is found by the next one.
    doubles.insert([vectorFromScalars(DoubleType, [0])], 1);
    expect(Array.from(doubles.find([vectorFromScalars(DoubleType, [-0, 0])], 2))).toEqual([3, 3]);
  });

  it('gives a key one id whether it comes dense, hashed, or in a batch with NULLs', () => {
    // Small whole numbers take the dense array; negatives, fractions and huge keys the hash table.
    const table = new KeyTable([DoubleType], 'group');
    const first = [5, -1, 2.5, 2 ** 30, 0, 5, null];
    expect(Array.from(table.insert([vectorFromScalars(DoubleType, first)], first.length))).toEqual([0, 1, 2, 3, 4, 0, 5]);
    const second = [null, 2 ** 30, 0, 7, -1, 2.5, 5];
    expect(Array.from(table.insert([vectorFromScalars(DoubleType, second)], second.length))).toEqual([5, 3, 4, 6, 1, 2, 0]);
    expect(values(table.keyVector(0))).toEqual([5, -1, 2.5, 2 ** 30, 0, null, 7]);
    const joinTable = new KeyTable([LongType], 'skip');
    joinTable.insert([vectorFromScalars(LongType, [3, 2 ** 40, 1])], 3);
    expect(Array.from(joinTable.find([vectorFromScalars(LongType, [1, 2 ** 40, 2, null, 3])], 5))).toEqual([2, 1, -1, -1, 0]);
  });

  it('finds tuples of small values by their packed bits, and the same ids for tuples that do not pack', () => {
    const table = new KeyTable([StringType, LongType], 'group');
    // The first batch fixes 2 bits for the codes and 3 for the numbers.
    expect(Array.from(table.insert([dictionary(['a', 'b'], [0, 1, 0, 1]), vectorFromScalars(LongType, [1, 1, 2, 2])], 4))).toEqual([0, 1, 2, 3]);
    // Wider numbers, NULLs and fractions no longer pack: they are hashed, and meet the packed ones.
    const second = [dictionary(['b', 'a', 'c'], [0, 1, 2, 0, 1, 0]), vectorFromScalars(LongType, [2, 1, 1, 1000, null, 2])];
    expect(Array.from(table.insert(second, 6))).toEqual([3, 0, 4, 5, 6, 3]);
    expect(Array.from(table.insert([dictionary(['c', 'b'], [0, 1]), vectorFromScalars(LongType, [1, 1000])], 2))).toEqual([4, 5]);
    expect(Array.from(table.find([dictionary(['a', 'zz'], [0, 1, 0]), vectorFromScalars(LongType, [2, 1, 3])], 3))).toEqual([2, -1, -1]);
    expect(values(table.keyVector(1))).toEqual([1, 1, 2, 2, 1, 1000, null]);
  });

  it('grows past its first capacity', () => {
    const table = new KeyTable([LongType], 'group');
    const n = 50_000;
    const ids = table.insert([vectorFromScalars(LongType, Array.from({ length: n }, (_, i) => i % 20_000))], n);
    expect(table.size).toBe(20_000);
    expect(ids[20_000 + 123]).toBe(123);
  });
});
