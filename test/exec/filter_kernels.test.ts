// The typed fast paths of comparisons, IN and AND/OR agree with SQL's semantics: NaN is equal to
// itself and larger than every number, NULLs propagate, dictionary-coded strings compare by value.
import { describe, expect, it } from 'vitest';
import { BooleanType, DataType, DateType, DoubleType, StringType } from '../../src/common/types.js';
import { Scalar, Vector, getScalar, vectorFromScalars } from '../../src/common/vector.js';
import { defaultExecutionContext } from '../../src/exec/context.js';
import { lookupScalarFunction } from '../../src/exec/functions/registry.js';

function call(name: string, types: DataType[], args: Vector[]): Scalar[] {
  const fn = lookupScalarFunction(name)!.bind(types);
  const out = fn.evaluate(args, args[0].length, defaultExecutionContext);
  return Array.from({ length: out.length }, (_, i) => getScalar(out, i));
}
const doubles = (xs: Scalar[]) => vectorFromScalars(DoubleType, xs);
const coded = (dictionary: string[], codes: number[]): Vector =>
  ({ type: StringType, length: codes.length, data: { dictionary, codes: Int32Array.from(codes) }, validity: null });
const constant = (type: DataType, value: Scalar, n: number) => vectorFromScalars(type, new Array(n).fill(value));

describe('comparison kernels', () => {
  const a = doubles([1, NaN, NaN, 2, null]), b = doubles([NaN, NaN, 1, 2, 1]);
  it('order NaN above every number and equal to itself', () => {
    expect(call('less_than', [DoubleType, DoubleType], [a, b])).toEqual([true, false, false, false, null]);
    expect(call('greater_than', [DoubleType, DoubleType], [a, b])).toEqual([false, false, true, false, null]);
    expect(call('equal', [DoubleType, DoubleType], [a, b])).toEqual([false, true, false, true, null]);
    expect(call('not_equal', [DoubleType, DoubleType], [a, b])).toEqual([true, false, true, false, null]);
    expect(call('less_than_or_equal', [DoubleType, DoubleType], [a, b])).toEqual([true, true, false, true, null]);
    expect(call('greater_than_or_equal', [DoubleType, DoubleType], [a, b])).toEqual([false, true, true, true, null]);
  });
  it('compare dates as integers', () => {
    const d = vectorFromScalars(DateType, [10, 20, 30]);
    expect(call('greater_than_or_equal', [DateType, DateType], [d, constant(DateType, 20, 3)])).toEqual([false, true, true]);
  });
  it('compare dictionary-coded strings with a literal on either side', () => {
    const s = coded(['b', 'a', 'c'], [0, 1, 2, 1]);
    expect(call('less_than', [StringType, StringType], [s, constant(StringType, 'b', 4)])).toEqual([false, true, false, true]);
    expect(call('less_than', [StringType, StringType], [constant(StringType, 'b', 4), s])).toEqual([false, false, true, false]);
  });
});

describe('IN over constants', () => {
  it('looks numbers and strings up, NaN included, NULL staying NULL', () => {
    expect(call('in', [DoubleType, DoubleType, DoubleType], [doubles([1, NaN, 3, null]), constant(DoubleType, NaN, 4), constant(DoubleType, 3, 4)]))
      .toEqual([false, true, true, null]);
    expect(call('in', [StringType, StringType, StringType], [coded(['x', 'y', 'z'], [0, 1, 2, 0]), constant(StringType, 'z', 4), constant(StringType, 'x', 4)]))
      .toEqual([true, false, true, true]);
  });
  it('is NULL, not false, when no item matches and one is NULL', () => {
    expect(call('in', [DoubleType, DoubleType, DoubleType], [doubles([1, 2]), constant(DoubleType, 1, 2), constant(DoubleType, null, 2)]))
      .toEqual([true, null]);
  });
});

describe('AND and OR', () => {
  const t = vectorFromScalars(BooleanType, [true, true, false, null, null]);
  const u = vectorFromScalars(BooleanType, [true, false, null, true, null]);
  it('follow three-valued logic, with and without NULLs', () => {
    expect(call('and', [BooleanType, BooleanType], [t, u])).toEqual([true, false, false, null, null]);
    expect(call('or', [BooleanType, BooleanType], [t, u])).toEqual([true, true, null, true, null]);
    const p = vectorFromScalars(BooleanType, [true, false, true]), q = vectorFromScalars(BooleanType, [true, true, false]);
    expect(call('and', [BooleanType, BooleanType], [p, q])).toEqual([true, false, false]);
    expect(call('or', [BooleanType, BooleanType], [p, q])).toEqual([true, true, true]);
  });
});

describe('LIKE', () => {
  const strings = ['', 'a', 'aa', 'abc', 'special requests', 'xx special yy requests zz', 'requests special', 'PROMO BRUSHED', 'line\nbreak'];
  const patterns = ['', '%', 'a', 'a%', '%a', 'a%a', '%special%requests%', 'PROMO%', '%c', '%\n%', 'a_c', '%s_e%'];
  it('matches as the regular expression would, plain and dictionary-coded', () => {
    for (const pattern of patterns) {
      const expected = strings.map((s) => new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '[\\s\\S]*').replace(/_/g, '[\\s\\S]')}$`).test(s));
      const plain = call('like', [StringType, StringType], [vectorFromScalars(StringType, strings), constant(StringType, pattern, strings.length)]);
      expect(plain, pattern).toEqual(expected);
      const dictionary = coded(strings, strings.map((_, i) => strings.length - 1 - i));
      const viaCodes = call('like', [StringType, StringType], [dictionary, constant(StringType, pattern, strings.length)]);
      expect(viaCodes, pattern).toEqual([...expected].reverse());
    }
  });
});

describe('min and max', () => {
  const aggregate = async (name: string, v: Vector, groups: number[]) => {
    const { lookupAggregateFunction } = await import('../../src/exec/functions/registry.js');
    const fn = lookupAggregateFunction(name)!.bind([v.type]);
    const acc = fn.createAccumulator();
    const numGroups = Math.max(...groups) + 1;
    acc.update([v], Int32Array.from(groups), v.length, numGroups, defaultExecutionContext);
    const out = acc.finish(numGroups, defaultExecutionContext);
    return Array.from({ length: out.length }, (_, i) => getScalar(out, i));
  };
  it('order NaN above numbers and skip NULLs', async () => {
    expect(await aggregate('max', doubles([1, NaN, 3, null, 2]), [0, 0, 1, 1, 1])).toEqual([NaN, 3]);
    expect(await aggregate('min', doubles([1, NaN, null, NaN]), [0, 0, 1, 1])).toEqual([1, NaN]);
  });
  it('take coded strings by value across dictionaries', async () => {
    expect(await aggregate('max', coded(['b', 'z', 'a'], [0, 1, 2, 0]), [0, 1, 1, 0])).toEqual(['b', 'z']);
    expect(await aggregate('min', coded(['b', 'z', 'a'], [0, 1, 2, 0]), [0, 1, 1, 0])).toEqual(['b', 'a']);
  });
});
