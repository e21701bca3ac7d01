// The hash table under GROUP BY and hash joins: key tuples to dense ids, open addressing over typed
// arrays, no per-row objects or composite strings. Each key column is first turned into one float64
// per row: numbers as themselves (-0 as 0, every NaN alike, as Spark normalizes them), the rare
// integer past 2^53 as a fraction that no integer key can equal, and strings and other values as
// ids into an intern table (a Parquet dictionary's entries are interned once, not per row).

import { DataType, isIntegral } from '../../common/types.js';
import { DictionaryStrings, Scalar, Vector, entryWise, getScalar, isDictionary, vectorFromScalars } from '../../common/vector.js';
import { numbers } from '../functions/kernels.js';
import { hashableKey } from './row_keys.js';

/** How NULL keys behave: a group of their own (GROUP BY), or never matching (joins). */
export type NullKeys = 'group' | 'skip';

const EMPTY = -1;

export class KeyTable {
  /** Number of distinct keys so far; their ids are 0..size-1. */
  size = 0;
  private readonly columns: KeyColumn[];
  private slots = new Int32Array(1024).fill(EMPTY);
  private mask = 1023;
  private hashes = new Uint32Array(256);
  /** Bits per key column for packing tuples (see packedKeys): undefined until the first batch, null when they do not pack. */
  private packedBits: number[] | null | undefined;
  /** Packed tuple → id + 1 (0: not seen yet). */
  private packedIds = new Int32Array(0);
  /** One-column keys that are small whole numbers: key → id + 1 (0: absent), in chunks by the key's high bits. See denseId. */
  private readonly denseChunks = new Array<Int32Array | null>(MAX_DENSE_KEY >>> DENSE_CHUNK_BITS).fill(null);
  /** Ids of the keys in the hash table (not the dense ones), for rehashing. */
  private readonly hashed = new IdList();
  /** Built on the first probe of a finished table, when its keys qualify (see directIndex). */
  private direct: DirectIndex | null | undefined;

  constructor(readonly types: readonly DataType[], private readonly nulls: NullKeys) {
    this.columns = types.map((type) => new KeyColumn(type));
  }

  /** Each row's key id, adding new keys; -1 for rows with a NULL key when NULLs are skipped. */
  insert(keys: readonly Vector[], n: number): Int32Array {
    return this.lookup(keys, n, true);
  }

  /** Each row's key id, or -1 when the key is not in the table (or has a NULL and NULLs are skipped). */
  find(keys: readonly Vector[], n: number): Int32Array {
    return this.lookup(keys, n, false);
  }

  /** The key column `c` of ids 0..size-1, as a vector of its type. */
  keyVector(c: number): Vector {
    return this.columns[c].vector(this.size);
  }

  private lookup(keys: readonly Vector[], n: number, add: boolean): Int32Array {
    const width = keys.length;
    const values: Float64Array[] = new Array(width);
    const nullFlags: (Uint8Array | null)[] = new Array(width);
    for (let c = 0; c < width; c++) {
      const normalized = this.columns[c].normalize(keys[c], n, add);
      values[c] = normalized.values;
      nullFlags[c] = normalized.nulls;
    }
    if (width === 1 && !add && this.nulls === 'skip') {
      const direct = this.directIndex();
      if (direct !== null) return lookupDirect(direct, values[0], nullFlags[0], n);
    }
    if (width === 1 && nullFlags[0] === null) return this.lookupOne(values[0], n, add);
    const out = new Int32Array(n);
    // Tuples of small whole numbers (low-cardinality strings, flags, years) are found by their packed
    // bits first; only the rows that miss are hashed.
    const packed = width > 1 ? this.packedKeys(values, nullFlags, n) : null;
    let misses = n;
    if (packed !== null) {
      misses = 0;
      for (let i = 0; i < n; i++) {
        const stored = packed[i] >= 0 ? this.packedIds[packed[i]] : 0;
        out[i] = stored - 1;
        if (stored === 0) misses++;
      }
      if (misses === 0) return out;
    }
    const hashes = new Uint32Array(n);
    const skip = new Uint8Array(n);
    for (let c = 0; c < width; c++) {
      const v = values[c], isNull = nullFlags[c];
      for (let i = 0; i < n; i++) {
        if (isNull !== null && isNull[i] === 1) {
          if (this.nulls === 'skip') skip[i] = 1;
          hashes[i] = mix(hashes[i] ^ 0x9e3779b9);
        } else {
          hashes[i] = mix(hashes[i] ^ hashNumber(v[i]));
        }
      }
    }
    for (let i = 0; i < n; i++) {
      if (packed !== null && out[i] !== EMPTY) continue;
      if (skip[i] === 1) {
        out[i] = EMPTY;
        continue;
      }
      if (width === 1 && (nullFlags[0] === null || nullFlags[0][i] === 0)) {
        const x = values[0][i];
        if ((x >>> 0) === x && x < MAX_DENSE_KEY) {
          out[i] = this.denseId(x, add);
          continue;
        }
      }
      const h = hashes[i];
      let slot = h & this.mask;
      let id = EMPTY;
      for (;;) {
        const candidate = this.slots[slot];
        if (candidate === EMPTY) break;
        if (this.hashes[candidate] === h && this.equals(candidate, values, nullFlags, i)) {
          id = candidate;
          break;
        }
        slot = (slot + 1) & this.mask;
      }
      if (id === EMPTY && add) {
        id = this.addKey(slot, h);
        for (let c = 0; c < width; c++) this.columns[c].append(id, values[c][i], nullFlags[c] !== null && nullFlags[c]![i] === 1);
      }
      out[i] = id;
      if (packed !== null && packed[i] >= 0 && id >= 0) this.packedIds[packed[i]] = id + 1;
    }
    return out;
  }

  /**
   * Each row's key columns packed into one small integer (-1 for rows with a NULL, a fraction, a
   * negative or a value wider than its column's bits), or null when this table's keys do not pack.
   * The bits per column are fixed by the first batch, so a tuple packs the same way every time.
   */
  private packedKeys(values: Float64Array[], nullFlags: (Uint8Array | null)[], n: number): Int32Array | null {
    if (this.packedBits === undefined) {
      this.packedBits = null;
      const bits = values.map((v) => {
        let max = 0;
        for (let i = 0; i < n; i++) if (v[i] > max) max = v[i];
        // A spare bit for larger values in later batches.
        return max >= 2 ** MAX_PACKED_BITS ? MAX_PACKED_BITS + 1 : 32 - Math.clz32(max) + 1;
      });
      if (bits.reduce((a, b) => a + b, 0) > MAX_PACKED_BITS) return null;
      this.packedBits = bits;
      this.packedIds = new Int32Array(1 << bits.reduce((a, b) => a + b, 0));
    }
    const bits = this.packedBits;
    if (bits === null) return null;
    const packed = new Int32Array(n);
    let shift = 0;
    for (let c = 0; c < values.length; c++) {
      const v = values[c], isNull = nullFlags[c], limit = 2 ** bits[c];
      for (let i = 0; i < n; i++) {
        const x = v[i];
        if (packed[i] < 0) continue;
        packed[i] = (x >>> 0) === x && x < limit && (isNull === null || isNull[i] === 0) ? packed[i] | (x << shift) : -1;
      }
      shift += bits[c];
    }
    // Keys that outgrew the first batch's bits (ascending keys): stop packing.
    let unpacked = 0;
    for (let i = 0; i < n; i++) if (packed[i] < 0) unpacked++;
    if (unpacked * 2 > n) {
      this.packedBits = null;
      return null;
    }
    return packed;
  }

  /** lookup for the common case, one key column without NULLs in the batch: one tight loop. */
  private lookupOne(values: Float64Array, n: number, add: boolean): Int32Array {
    const out = new Int32Array(n);
    const column = this.columns[0];
    for (let i = 0; i < n; i++) {
      const x = values[i];
      if ((x >>> 0) === x && x < MAX_DENSE_KEY) {
        out[i] = this.denseId(x, add);
        continue;
      }
      const h = mix(hashNumber(x));
      let slot = h & this.mask;
      let id = EMPTY;
      for (;;) {
        const candidate = this.slots[slot];
        if (candidate === EMPTY) break;
        const y = column.values[candidate];
        if ((y === x || (y !== y && x !== x)) && column.nulls[candidate] === 0) {
          id = candidate;
          break;
        }
        slot = (slot + 1) & this.mask;
      }
      if (id === EMPTY && add) {
        id = this.addKey(slot, h);
        column.append(id, x, false);
      }
      out[i] = id;
    }
    return out;
  }

  /**
   * For probes of a table of whole-number keys over a range not much wider than their count (most
   * join keys: TPC-H's, surrogate keys, dates, interned strings): key − min → id in one array, one
   * memory access a probe instead of three. Null when the keys do not qualify.
   */
  private directIndex(): DirectIndex | null {
    if (this.direct === undefined) {
      this.direct = null;
      const column = this.columns[0];
      let min = Infinity, max = -Infinity;
      for (let id = 0; id < this.size; id++) {
        const x = column.values[id];
        if ((x | 0) !== x) return null;
        if (x < min) min = x;
        if (x > max) max = x;
      }
      const range = max - min + 1;
      if (this.size === 0 || range > Math.max(4 * this.size, 1 << 16) || range > MAX_DIRECT_RANGE) return null;
      const ids = new Int32Array(range).fill(EMPTY);
      for (let id = 0; id < this.size; id++) ids[column.values[id] - min] = id;
      this.direct = { min, ids };
    }
    return this.direct;
  }

  /**
   * The id of a one-column key that is a whole number in [0, MAX_DENSE_KEY) (most GROUP BY and join
   * keys: surrogate keys, interned strings), through an array indexed by the key itself instead of
   * the hash table: one memory access instead of three. EMPTY when absent and not added.
   */
  private denseId(key: number, add: boolean): number {
    let chunk = this.denseChunks[key >>> DENSE_CHUNK_BITS];
    if (chunk === null) {
      if (!add) return EMPTY;
      // Chunks, not one array grown by doubling: no copies, and only the key ranges in use take memory.
      chunk = this.denseChunks[key >>> DENSE_CHUNK_BITS] = new Int32Array(1 << DENSE_CHUNK_BITS);
    }
    const stored = chunk[key & DENSE_CHUNK_MASK];
    if (stored !== 0 || !add) return stored - 1;
    this.direct = undefined;
    const id = this.size++;
    chunk[key & DENSE_CHUNK_MASK] = id + 1;
    this.columns[0].append(id, key, false);
    return id;
  }

  /** A new key's id, placed in the empty `slot` its probe ended at; its column values are the caller's to append. */
  private addKey(slot: number, hash: number): number {
    this.direct = undefined;
    const id = this.size++;
    if (id >= this.hashes.length) this.hashes = grown(this.hashes, id + 1);
    this.hashes[id] = hash;
    this.slots[slot] = id;
    this.hashed.push(id);
    if (this.hashed.length * 2 > this.mask) this.rehash();
    return id;
  }

  private equals(id: number, values: Float64Array[], nullFlags: (Uint8Array | null)[], i: number): boolean {
    for (let c = 0; c < values.length; c++) {
      const column = this.columns[c];
      const isNull = nullFlags[c] !== null && nullFlags[c]![i] === 1;
      if (isNull !== (column.nulls[id] === 1)) return false;
      if (isNull) continue;
      const a = column.values[id], b = values[c][i];
      if (a !== b && !(a !== a && b !== b)) return false;
    }
    return true;
  }

  private rehash(): void {
    const capacity = (this.mask + 1) * 2;
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
    for (let k = 0; k < this.hashed.length; k++) {
      const id = this.hashed.at(k);
      let slot = this.hashes[id] & this.mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = id;
    }
  }
}

/** Packed tuples take at most this many bits: their array stays within 4 MiB. */
const MAX_PACKED_BITS = 20;

/** Keys below this (2^24) may take the dense path: its chunks stay within 64 MiB. */
const MAX_DENSE_KEY = 1 << 24;
const DENSE_CHUNK_BITS = 16;
const DENSE_CHUNK_MASK = (1 << DENSE_CHUNK_BITS) - 1;

/** A growing list of ids in an Int32Array. */
class IdList {
  private ids = new Int32Array(256);
  length = 0;
  push(id: number): void {
    if (this.length === this.ids.length) this.ids = grown(this.ids, this.length + 1);
    this.ids[this.length++] = id;
  }
  at(k: number): number {
    return this.ids[k];
  }
}

interface DirectIndex {
  readonly min: number;
  /** key − min → id, or EMPTY. */
  readonly ids: Int32Array;
}

/** Widest key range a direct index covers (an Int32Array of 256 MiB at most). */
const MAX_DIRECT_RANGE = 1 << 26;

function lookupDirect({ min, ids }: DirectIndex, values: Float64Array, nulls: Uint8Array | null, n: number): Int32Array {
  const out = new Int32Array(n);
  const range = ids.length;
  for (let i = 0; i < n; i++) {
    const offset = values[i] - min;
    // Fractions, NaN and values outside the range match nothing.
    out[i] = (offset | 0) === offset && offset >= 0 && offset < range && (nulls === null || nulls[i] === 0) ? ids[offset] : EMPTY;
  }
  return out;
}

/**
 * What a probe's value the table has not interned becomes: a number no stored key of that column
 * holds (interned ids are whole numbers from 0; wide integers are whole numbers or k + 0.5), so it
 * matches nothing.
 */
const UNSEEN = -0.25;

/** One key column: its values as normalized float64s per id, and how to turn them back into values. */
class KeyColumn {
  values = new Float64Array(256);
  nulls = new Uint8Array(256);
  /** Interned columns: id → value. Numeric columns: fraction index → integer past 2^53. */
  private readonly interned: Scalar[] = [];
  private readonly internIds = new Map<unknown, number>();
  private readonly byNumber: boolean;
  /** Integer types: float64 storage holds whole numbers only. */
  private readonly integral: boolean;
  /** bigint and decimal: integers, some of which may come as bigints past 2^53. */
  private readonly wide: boolean;
  /** Interned ids of a dictionary's entries, computed once per dictionary. */
  private readonly dictionaryIds = new WeakMap<readonly string[], Float64Array>();

  constructor(readonly type: DataType) {
    this.byNumber = NUMERIC_KINDS.has(type.kind);
    this.integral = isIntegral(type) || type.kind === 'date';
    this.wide = type.kind === 'bigint' || type.kind === 'decimal';
  }

  normalize(v: Vector, n: number, add: boolean): { values: Float64Array; nulls: Uint8Array | null } {
    const out = new Float64Array(n);
    const nulls = v.type.kind === 'null' ? new Uint8Array(n).fill(1) : v.validity;
    if (v.type.kind === 'null') return { values: out, nulls };
    const nums = numbers(v);
    const data = v.data;
    // Whole numbers in float64 (bigint keys) are their own keys: no -0 to fold, nothing to copy.
    if (this.integral && nums instanceof Float64Array && nulls === null) return { values: nums.length === n ? nums : nums.subarray(0, n), nulls: null };
    if (this.byNumber && nums !== null) {
      for (let i = 0; i < n; i++) {
        const x = nums[i];
        out[i] = x === 0 ? 0 : x; // -0 and 0 are one key
      }
    } else if (isDictionary(data) && (this.dictionaryIds.has(data.dictionary) || entryWise(v, n) !== null
      || (add && data.dictionary.length <= 1 << 22))) {
      // Each distinct string interned once; a large dictionary only when its ids are kept for the next batches.
      const ids = this.dictionaryIdsOf(data, add);
      const codes = data.codes;
      for (let i = 0; i < n; i++) out[i] = ids[codes[i]];
    } else {
      for (let i = 0; i < n; i++) {
        if (nulls !== null && nulls[i] === 0) continue;
        out[i] = this.byNumber ? this.wideNumber(getScalar(v, i), add) : this.internId(getScalar(v, i), add);
      }
    }
    // Validity is 1 for present rows; the table's flags are 1 for NULL.
    return { values: out, nulls: nulls === null ? null : invert(nulls, n) };
  }

  append(id: number, value: number, isNull: boolean): void {
    if (id >= this.values.length) {
      this.values = grown(this.values, id + 1);
      this.nulls = grown(this.nulls, id + 1);
    }
    this.values[id] = value;
    this.nulls[id] = isNull ? 1 : 0;
  }

  vector(size: number): Vector {
    const scalars: Scalar[] = new Array(size);
    for (let id = 0; id < size; id++) {
      if (this.nulls[id] === 1) { scalars[id] = null; continue; }
      const x = this.values[id];
      scalars[id] = !this.byNumber ? this.interned[x]
        : this.wide && !Number.isInteger(x) ? this.interned[Math.floor(x)]
        : this.type.kind === 'boolean' ? x === 1 : x;
    }
    return vectorFromScalars(this.type, scalars);
  }

  private dictionaryIdsOf(data: DictionaryStrings, add: boolean): Float64Array {
    let ids = this.dictionaryIds.get(data.dictionary);
    if (!ids) {
      ids = Float64Array.from(data.dictionary, (s) => this.internId(s, add));
      // Ids of values not interned yet would go stale once they are.
      if (!ids.includes(UNSEEN)) this.dictionaryIds.set(data.dictionary, ids);
    }
    return ids;
  }

  private internId(value: Scalar, add: boolean): number {
    const key = hashableKey(value);
    let id = this.internIds.get(key);
    if (id === undefined) {
      if (!add) return UNSEEN;
      id = this.interned.length;
      this.interned.push(value);
      this.internIds.set(key, id);
    }
    return id;
  }

  /** A bigint or wide decimal value: itself while a safe integer, else the fraction k + 0.5 for its k-th such value. */
  private wideNumber(value: Scalar, add: boolean): number {
    const x = Number(value);
    if (Number.isSafeInteger(x)) return x === 0 ? 0 : x;
    const k = this.internId(value, add);
    return k === UNSEEN ? UNSEEN : k + 0.5;
  }
}

/** Types whose values are numbers (or integers that are, but for rare values past 2^53). */
const NUMERIC_KINDS = new Set<string>([
  'boolean', 'tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'decimal', 'date', 'timestamp', 'timestamp_ntz',
  'time', 'interval_ym', 'interval_dt',
]);

function invert(validity: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = validity[i] === 0 ? 1 : 0;
  return out;
}

function grown<T extends Float64Array | Uint8Array | Uint32Array | Int32Array>(array: T, needed: number): T {
  const next = new (array.constructor as new (n: number) => T)(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}

const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);

/** A 32-bit hash of a float64: integers in int32 range directly, others by their bits. */
function hashNumber(x: number): number {
  if ((x | 0) === x) return Math.imul(x, 0x85ebca6b);
  if (x !== x) return 0x7ff80000;
  float[0] = x;
  return Math.imul(words[0] ^ Math.imul(words[1], 0xcc9e2d51), 0x1b873593);
}

/** murmur3's finalizer: spreads the bits so that linear probing stays short (and spill partitions even). */
export function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
