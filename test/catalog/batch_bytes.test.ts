import { describe, expect, it } from 'vitest';
import { StringType } from '../../src/common/types.js';
import { Batch } from '../../src/common/batch.js';
import { batchBytes } from '../../src/catalog/table_cache.js';

describe('batchBytes', () => {
  it('counts a dictionary that batches share once when given the set of those counted', () => {
    const dictionary = Array.from({ length: 1000 }, (_, i) => `value ${i}`);
    const batch = (codes: number[]): Batch => ({
      schema: [{ name: 's', type: StringType, nullable: false }], numRows: codes.length,
      columns: [{ type: StringType, length: codes.length, data: { dictionary, codes: Int32Array.from(codes) }, validity: null }],
    });
    const whole = batchBytes(batch([1, 2]));
    expect(whole).toBeGreaterThan(1000 * 40);
    const counted = new WeakSet<readonly string[]>();
    expect(batchBytes(batch([1, 2]), counted)).toBe(whole);
    // The next batch over the same dictionary (a row group's, a join's build column) adds its codes only.
    expect(batchBytes(batch([3, 4, 5]), counted)).toBe(12);
  });
});
