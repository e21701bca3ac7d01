import { describe, expect, it } from 'vitest';
import { DataType, DoubleType, IntegerType, LongType, StringType, decimalType } from '../../src/common/types.js';
import { QuarryError } from '../../src/common/errors.js';
import { Scalar, getScalar, vectorFromScalars } from '../../src/common/vector.js';
import { defaultExecutionContext } from '../../src/exec/context.js';
import { castVector } from '../../src/exec/expressions/cast.js';
import { lookupScalarFunction } from '../../src/exec/functions/registry.js';

const legacy = { ...defaultExecutionContext, ansi: false };

function apply(name: string, args: [DataType, Scalar[]][], ctx = defaultExecutionContext) {
  const fn = lookupScalarFunction(name)!.bind(args.map(([t]) => t));
  const inputs = args.map(([t, values], i) => castVector(vectorFromScalars(t, values), fn.argTypes[i], ctx, 'ansi'));
  const out = fn.evaluate(inputs, args[0][1].length, ctx);
  return { type: fn.returnType, values: Array.from({ length: out.length }, (_, i) => getScalar(out, i)) };
}

describe('arithmetic', () => {
  it('follows Spark decimal precision rules', () => {
    expect(apply('add', [[decimalType(10, 2), [1250]], [decimalType(5, 1), [15]]]).type).toEqual(decimalType(11, 2));
    expect(apply('multiply', [[decimalType(10, 2), [1250]], [decimalType(10, 2), [200]]])).toEqual({ type: decimalType(21, 4), values: [250000] });
    expect(apply('divide', [[decimalType(10, 2), [100]], [decimalType(10, 2), [300]]])).toEqual({ type: decimalType(23, 13), values: [3333333333333n] });
  });
  it('keeps wide decimals in float64 while exact, and exact past 2^53', () => {
    const wide = decimalType(20, 0);
    const big = 2n ** 53n + 1n;
    expect(apply('add', [[wide, [1, big]], [wide, [2, 1n]]])).toEqual({ type: decimalType(21, 0), values: [3n, big + 1n] });
    expect(apply('multiply', [[decimalType(10, 0), [94906267]], [decimalType(10, 0), [94906267]]]).values).toEqual([94906267n * 94906267n]);
    const product = apply('multiply', [[decimalType(10, 2), [1250, -3]], [decimalType(10, 2), [200, 7]]]);
    expect(product.values).toEqual([250000, -21]);
    // A product past 2^53 midway moves the rest of the column to exact bigints, the rows before kept.
    expect(apply('multiply', [[decimalType(16, 0), [3, 94906267, 5]], [decimalType(16, 0), [4, 94906267, -6]]]).values)
      .toEqual([12n, 94906267n * 94906267n, -30n]);
    // A difference of scaled terms: 1.5 − 0.25 at scale 2, and one whose scaled term is past 2^53.
    expect(apply('subtract', [[decimalType(16, 1), [15, 2 ** 52]], [decimalType(16, 2), [25, 1]]]).values).toEqual([125n, 2n ** 52n * 10n - 1n]);
  });
  it('divides integers as doubles', () => {
    expect(apply('divide', [[IntegerType, [7]], [IntegerType, [2]]])).toEqual({ type: DoubleType, values: [3.5] });
  });
  it('raises DIVIDE_BY_ZERO under ANSI and returns NULL in legacy mode', () => {
    expect(() => apply('divide', [[IntegerType, [1]], [IntegerType, [0]]])).toThrowError(/DIVIDE_BY_ZERO/);
    try { apply('mod', [[IntegerType, [1]], [IntegerType, [0]]]); } catch (e) { expect((e as QuarryError).sqlState).toBe('22012'); }
    expect(apply('divide', [[IntegerType, [1]], [IntegerType, [0]]], legacy).values).toEqual([null]);
  });
  it('detects int overflow under ANSI and wraps in legacy mode', () => {
    expect(() => apply('add', [[IntegerType, [2147483647]], [IntegerType, [1]]])).toThrowError(/ARITHMETIC_OVERFLOW/);
    expect(apply('add', [[IntegerType, [2147483647]], [IntegerType, [1]]], legacy).values).toEqual([-2147483648]);
  });
  it('keeps bigint exact beyond 2^53', () => {
    expect(apply('add', [[LongType, [9007199254740993n]], [LongType, [1]]]).values).toEqual([9007199254740994n]);
    expect(() => apply('add', [[LongType, [9223372036854775807n]], [LongType, [1]]])).toThrowError(/overflow/);
  });
});

describe('casts', () => {
  it('raises CAST_INVALID_INPUT for malformed strings under ANSI, NULL for try', () => {
    const v = vectorFromScalars(StringType, ['12', 'x']);
    expect(() => castVector(v, IntegerType, defaultExecutionContext, 'ansi')).toThrowError(/CAST_INVALID_INPUT/);
    const out = castVector(v, IntegerType, defaultExecutionContext, 'try');
    expect([getScalar(out, 0), getScalar(out, 1)]).toEqual([12, null]);
  });
  it('rounds half up into decimals and checks precision', () => {
    const out = castVector(vectorFromScalars(StringType, ['1.005', '-2.5']), decimalType(5, 2), defaultExecutionContext, 'ansi');
    expect([getScalar(out, 0), getScalar(out, 1)]).toEqual([101, -250]);
    expect(() => castVector(vectorFromScalars(DoubleType, [12345.6]), decimalType(5, 2), defaultExecutionContext, 'ansi')).toThrowError(/CAST_OVERFLOW/);
  });
  it('prints doubles like Java', () => {
    const out = castVector(vectorFromScalars(DoubleType, [1, 1e7, 0.0001, 2.5]), StringType, defaultExecutionContext, 'ansi');
    expect(Array.from({ length: 4 }, (_, i) => getScalar(out, i))).toEqual(['1.0', '1.0E7', '1.0E-4', '2.5']);
  });
});

describe('three-valued logic', () => {
  it('AND/OR with NULL', () => {
    const t = { kind: 'boolean' } as const;
    expect(apply('and', [[t, [false, null, true]], [t, [null, null, null]]]).values).toEqual([false, null, null]);
    expect(apply('or', [[t, [true, null, false]], [t, [null, null, null]]]).values).toEqual([true, null, null]);
  });
  it('IN with a NULL in the list', () => {
    expect(apply('in', [[IntegerType, [1, 2]], [IntegerType, [1, 1]], [IntegerType, [null, null]]]).values).toEqual([true, null]);
  });
});
