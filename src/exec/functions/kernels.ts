// Building blocks for vectorized functions: combined validity, numeric views of storage, and
// row loops that skip NULLs. Functions are written with these, a batch at a time.

import { DataType } from '../../common/types.js';
import { Scalar, Vector, isDictionary, isNullAt, vectorFromScalars } from '../../common/vector.js';

/** Validity of a row-wise function of `inputs`: NULL where any input is NULL. */
export function combinedValidity(inputs: readonly Vector[], n: number): Uint8Array | null {
  let out: Uint8Array | null = null;
  for (const v of inputs) {
    if (v.type.kind === 'null') return new Uint8Array(n);
    if (v.validity === null) continue;
    if (out === null) out = v.validity.slice(0, n);
    else for (let i = 0; i < n; i++) out[i] &= v.validity[i];
  }
  return out;
}

/** The values as numbers when the storage holds numbers (not BigInt64Array or bigint[]). */
export function numbers(v: Vector): ArrayLike<number> | null {
  const d = v.data;
  if (d instanceof BigInt64Array || d === null || Array.isArray(d) || isDictionary(d)) return null;
  return d as ArrayLike<number>;
}

/** The values as bigints: a slow path for 64-bit and wide decimal arithmetic. */
export function bigints(v: Vector): (i: number) => bigint {
  const d = v.data;
  if (d instanceof BigInt64Array) return (i) => d[i];
  if (Array.isArray(d)) return (i) => BigInt(d[i] as bigint);
  const nums = d as ArrayLike<number>;
  return (i) => BigInt(nums[i]);
}

/**
 * Row loop producing a vector of `type`: `fn` sees row i only where every input is non-NULL and
 * returns the value (null makes the row NULL). For functions without a typed fast path.
 */
export function mapRows(type: DataType, inputs: readonly Vector[], n: number, fn: (i: number) => Scalar): Vector {
  const values: Scalar[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let isNull = false;
    for (const v of inputs) if (isNullAt(v, i)) { isNull = true; break; }
    values[i] = isNull ? null : fn(i);
  }
  return vectorFromScalars(type, values);
}
