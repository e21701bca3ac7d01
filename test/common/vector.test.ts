import { describe, expect, it } from 'vitest';
import { decimalType } from '../../src/common/types.js';
import { concat, getScalar, vectorFromScalars } from '../../src/common/vector.js';

describe('wide decimal vectors', () => {
  const wide = decimalType(30, 2);
  it('are float64 while every value is a safe integer', () => {
    expect(vectorFromScalars(wide, [1n, 2, null]).data).toBeInstanceOf(Float64Array);
    expect(Array.isArray(vectorFromScalars(wide, [1n, 2n ** 60n]).data)).toBe(true);
  });
  it('concatenate float64 and bigint parts as bigints, exactly', () => {
    const joined = concat(wide, [vectorFromScalars(wide, [5, null]), vectorFromScalars(wide, [2n ** 60n + 1n])]);
    expect(Array.from({ length: 3 }, (_, i) => getScalar(joined, i))).toEqual([5n, null, 2n ** 60n + 1n]);
  });
});
