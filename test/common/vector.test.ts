import { describe, expect, it } from 'vitest';
import { LongType, StringType, decimalType } from '../../src/common/types.js';
import { concat, getScalar, takeCoded, vectorFromScalars } from '../../src/common/vector.js';

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

describe('takeCoded', () => {
  it('gathers plain strings as codes into the held column, -1 as NULL', () => {
    const column = vectorFromScalars(StringType, ['ann', 'bob', 'cid']);
    const gathered = takeCoded(column, Int32Array.from([2, -1, 0, 2]));
    expect(gathered.data).toEqual({ dictionary: column.data, codes: Int32Array.from([2, 0, 0, 2]) });
    expect(Array.from({ length: 4 }, (_, i) => getScalar(gathered, i))).toEqual(['cid', null, 'ann', 'cid']);
    // Columns with NULLs and other types are gathered as take does.
    expect(Array.isArray(takeCoded(vectorFromScalars(StringType, ['a', null]), Int32Array.from([1, 0])).data)).toBe(true);
    expect(takeCoded(vectorFromScalars(LongType, [7, 8]), Int32Array.from([1])).data).toBeInstanceOf(Float64Array);
  });
});
