// Hashable per-row keys for grouping and join tables: a single numeric or string key is its own
// value (cheap to hash in a Map); several columns become one composite string.

import { MapValue, Scalar, Vector, getScalar, isDictionary, isNullAt } from '../../common/vector.js';
import { numbers } from '../functions/kernels.js';
import { keyIdentity } from '../functions/map_data.js';

/** Stands for a NULL key in grouping, where NULL is a group of its own. */
export const NULL_KEY = Symbol('null');

/**
 * One key per row. Rows with a NULL in any key column get NULL_KEY when `nulls` is 'group' and
 * undefined when it is 'skip' (joins: NULL never equals anything).
 */
export function encodeKeys(keys: readonly Vector[], n: number, nulls: 'group' | 'skip'): unknown[] {
  const out: unknown[] = new Array(n);
  const nullKey = nulls === 'group' ? NULL_KEY : undefined;
  if (keys.length === 1) {
    const key = keys[0];
    const nums = numbers(key);
    const data = key.data;
    for (let i = 0; i < n; i++) {
      if (isNullAt(key, i)) out[i] = nullKey;
      else if (nums !== null) out[i] = nums[i] === 0 ? 0 : nums[i]; // -0 and 0 are one key
      else if (isDictionary(data)) out[i] = data.dictionary[data.codes[i]];
      else out[i] = hashableKey(getScalar(key, i));
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    let composite = '';
    let hasNull = false;
    for (const key of keys) {
      const v = getScalar(key, i);
      if (v === null) hasNull = true;
      composite += v === null ? '\u0001N' : `\u0001${typeof v === 'string' ? 's' : 'n'}${String(hashableKey(v))}`;
    }
    out[i] = hasNull && nulls === 'skip' ? undefined : composite;
  }
  return out;
}

/** A value as a Map key that compares by content: arrays, structs, maps and binary spelled out. */
export function hashableKey(v: Scalar): unknown {
  // Arrays, structs and maps by their contents (a map's entries in any order), not by identity.
  if (v instanceof MapValue || Array.isArray(v)) return keyIdentity(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  // Arrays and structs group by value, not by identity: their elements spelled out.
  if (Array.isArray(v)) return `\u0002${nestedKey(v)}`;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

function nestedKey(v: unknown): string {
  if (v === null || v === undefined) return 'N';
  if (Array.isArray(v)) return `[${v.map(nestedKey).join(',')}]`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return `n${v === 0 ? 0 : v}`;
  if (typeof v === 'bigint') return `n${v}`;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
  return `o${JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x))}`;
}
