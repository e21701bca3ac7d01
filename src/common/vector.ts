// Columnar vectors: one column of a batch. Values live in typed arrays; no per-value objects on the
// fixed-width paths. Representation by Spark type:
//   boolean                      Uint8Array (0/1)
//   tinyint, smallint, int       Int8Array, Int16Array, Int32Array
//   date                         Int32Array, days since 1970-01-01
//   float, double                Float32Array, Float64Array
//   bigint                       Float64Array while every value is a safe integer (|v| < 2^53),
//                                else BigInt64Array: arithmetic stays on numbers in the common case
//   timestamp, timestamp_ntz     Float64Array, microseconds since the epoch (exact to year 2255)
//   timestamp_ntz(p)/_ltz(p), p>6  bigint[] of nanoseconds since the epoch (years 1..9999, exact)
//   time(p)                      Float64Array, nanoseconds since midnight (< 8.64e13: exact)
//   decimal(p<=15, s)            Float64Array of unscaled integers (exact: 15 digits < 2^53)
//   decimal(p>15, s)             Float64Array of unscaled integers while every value is a safe
//                                integer, else bigint[]: as for bigint, arithmetic stays on numbers
//   string                       string[], or a dictionary (codes into a string[]) as Parquet keeps it
//   binary                       Uint8Array[]
//   interval year to month       Int32Array of months
//   interval day to second       Float64Array of microseconds
//   array, struct                ArrayValue[] (a row's elements or fields as scalars)
//   map                          MapValue[] (a row's keys and values as scalars)
//   null                         no values: every row is NULL
// Validity is one byte a row (1 = present), or null when no row is NULL.

import { DataType, MAX_FAST_DECIMAL_PRECISION } from './types.js';

export interface DictionaryStrings {
  readonly dictionary: readonly string[];
  readonly codes: Int32Array;
}

export type VectorData =
  | Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array | BigInt64Array
  | bigint[] | string[] | DictionaryStrings | Uint8Array[] | ArrayValue[] | MapValue[] | null;

export interface Vector {
  readonly type: DataType;
  readonly length: number;
  readonly data: VectorData;
  readonly validity: Uint8Array | null;
}

/** A value outside the vectors: what literals, rows and client-facing code handle. */
export type Scalar = null | boolean | number | bigint | string | Uint8Array | ArrayValue | MapValue;

/** An ARRAY value: its elements as scalars (null for a NULL element). */
export type ArrayValue = readonly Scalar[];

/**
 * A MAP value: parallel keys and values in insertion order (what Spark's ArrayBasedMapData keeps).
 * A class, not a plain array, so that code telling values apart (casts, JSON, the wire) can.
 */
export class MapValue {
  constructor(readonly keys: readonly Scalar[], readonly values: readonly Scalar[]) {}
  get size(): number { return this.keys.length; }
  static readonly EMPTY = new MapValue([], []);
}

export const isMapValue = (x: unknown): x is MapValue => x instanceof MapValue;

export const isDictionary = (d: VectorData): d is DictionaryStrings =>
  d !== null && typeof d === 'object' && 'codes' in d && 'dictionary' in d;

/**
 * The vector's dictionary when its `rows` rows are worth working on once per dictionary entry (each
 * distinct string compared, matched, hashed or encoded once); null when it holds no dictionary or one
 * much larger than the rows (a hash join's whole build column, gathered as codes).
 */
export function entryWise(v: Vector, rows: number): DictionaryStrings | null {
  const d = v.data;
  return isDictionary(d) && d.dictionary.length <= 4 * rows ? d : null;
}

export function isNullAt(v: Vector, i: number): boolean {
  if (v.type.kind === 'null') return true;
  return v.validity !== null && v.validity[i] === 0;
}

/**
 * The value at row i as a Scalar (null when NULL). Decimals come back as their unscaled integer
 * (number or bigint); bigint columns as number when safe, else bigint. For slow paths only.
 */
export function getScalar(v: Vector, i: number): Scalar {
  if (isNullAt(v, i)) return null;
  const d = v.data!;
  if (isDictionary(d)) return d.dictionary[d.codes[i]];
  if (v.type.kind === 'boolean') return (d as Uint8Array)[i] === 1;
  return (d as ArrayLike<Scalar>)[i];
}

/** The strings of a string vector as a plain array (no copy when it already is one). */
export function stringValues(v: Vector): readonly string[] {
  const d = v.data;
  if (isDictionary(d)) {
    const out = new Array<string>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = d.dictionary[d.codes[i]];
    return out;
  }
  return d as string[];
}

/** The storage a fresh vector of `type` with n rows uses (for bigint: the float64 fast form). */
export function allocateData(type: DataType, n: number): VectorData {
  switch (type.kind) {
    case 'null': return null;
    case 'boolean': return new Uint8Array(n);
    case 'tinyint': return new Int8Array(n);
    case 'smallint': return new Int16Array(n);
    case 'int': case 'date': case 'interval_ym': return new Int32Array(n);
    case 'float': return new Float32Array(n);
    case 'double': case 'bigint': case 'timestamp': case 'timestamp_ntz': case 'interval_dt': case 'time': return new Float64Array(n);
    case 'timestamp_ntz_nanos': case 'timestamp_ltz_nanos': return new Array<bigint>(n).fill(0n);
    case 'decimal': return type.precision <= MAX_FAST_DECIMAL_PRECISION ? new Float64Array(n) : new Array<bigint>(n).fill(0n);
    case 'string': return new Array<string>(n).fill('');
    case 'binary': return new Array<Uint8Array>(n).fill(new Uint8Array(0));
    case 'array': case 'struct': return new Array<ArrayValue>(n).fill([]);
    case 'map': return new Array<MapValue>(n).fill(MapValue.EMPTY);
  }
}

export function makeVector(type: DataType, length: number, data: VectorData, validity: Uint8Array | null = null): Vector {
  return { type, length, data, validity: validity && hasNull(validity, length) ? validity : null };
}

export function emptyVector(type: DataType): Vector {
  return { type, length: 0, data: allocateData(type, 0), validity: null };
}

export function nullVector(type: DataType, n: number): Vector {
  return { type, length: n, data: allocateData(type, n), validity: new Uint8Array(n) };
}

function hasNull(validity: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (validity[i] === 0) return true;
  return false;
}

/** Builds a vector from scalars (literals, VALUES rows, aggregate results): a slow path by design. */
export function vectorFromScalars(type: DataType, values: readonly Scalar[]): Vector {
  const n = values.length;
  let validity: Uint8Array | null = null;
  if (type.kind === 'null') return nullVector(type, n);
  const unsafe = (x: Scalar) => typeof x === 'bigint' && !isSafeBigInt(x);
  const data = type.kind === 'bigint' && values.some(unsafe) ? new BigInt64Array(n)
    : type.kind === 'decimal' && type.precision > MAX_FAST_DECIMAL_PRECISION && !values.some(unsafe) ? new Float64Array(n)
    : allocateData(type, n);
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x === null) {
      validity ??= new Uint8Array(n).fill(1);
      validity[i] = 0;
      continue;
    }
    setRaw(data, i, x);
  }
  return { type, length: n, data, validity };
}

function setRaw(data: VectorData, i: number, x: Scalar): void {
  if (data instanceof BigInt64Array) data[i] = BigInt(x as number | bigint);
  else if (Array.isArray(data)) {
    // bigint[] (wide decimals), string[], Uint8Array[]
    (data as unknown[])[i] = typeof x === 'number' && Number.isInteger(x) && typeof data[0] === 'bigint' ? BigInt(x) : x;
  } else if (typeof x === 'boolean') (data as Uint8Array)[i] = x ? 1 : 0;
  else (data as Float64Array)[i] = Number(x);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
export const isSafeBigInt = (x: bigint) => x <= MAX_SAFE && x >= -MAX_SAFE;

/**
 * take for rows gathered again and again from one held column (a hash join's build side): plain
 * strings come out as codes into that column, so that operators above work on each distinct
 * string once (a GROUP BY interns the column once, not every row) and no array of strings is
 * built per batch. Other vectors as take gives them.
 */
export function takeCoded(v: Vector, indices: Int32Array, count = indices.length): Vector {
  const src = v.data;
  if (v.type.kind !== 'string' || !Array.isArray(src) || src.length === 0 || v.validity !== null) return take(v, indices, count);
  const codes = new Int32Array(count);
  for (let i = 0; i < count; i++) codes[i] = indices[i] < 0 ? 0 : indices[i];
  return { type: v.type, length: count, data: { dictionary: src as string[], codes }, validity: gatherValidity(null, indices, count) };
}

/** Gathers rows by index: filters, sorts and joins all reduce to this. Index -1 yields NULL. */
export function take(v: Vector, indices: Int32Array | number[], count = indices.length): Vector {
  const src = v.data;
  if (v.type.kind === 'null' || src === null) return nullVector(v.type, count);
  const validity = gatherValidity(v.validity, indices, count);
  let data: VectorData;
  if (isDictionary(src)) {
    data = { dictionary: src.dictionary, codes: gatherInt32(src.codes, indices, count) };
  } else if (Array.isArray(src)) {
    const out = new Array(count);
    const fill = src.length > 0 ? src[0] : undefined;
    for (let i = 0; i < count; i++) out[i] = indices[i] < 0 ? fill : src[indices[i]];
    data = out as VectorData;
  } else if (src instanceof Float64Array) {
    data = gatherFloat64(src, indices, count);
  } else if (src instanceof Int32Array) {
    data = gatherInt32(src, indices, count);
  } else if (src instanceof Uint8Array) {
    data = gatherUint8(src, indices, count);
  } else {
    const Ctor = src.constructor as new (n: number) => typeof src;
    const out = new Ctor(count) as any;
    const typed = src as any;
    for (let i = 0; i < count; i++) if (indices[i] >= 0) out[i] = typed[indices[i]];
    data = out;
  }
  return { type: v.type, length: count, data, validity };
}

// One small loop per storage type keeps each call site monomorphic, so V8 compiles tight code.
function gatherFloat64(src: Float64Array, indices: Int32Array | number[], count: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const j = indices[i];
    if (j >= 0) out[i] = src[j];
  }
  return out;
}

export function gatherInt32(src: Int32Array, indices: Int32Array | number[], count: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const j = indices[i];
    if (j >= 0) out[i] = src[j];
  }
  return out;
}

function gatherUint8(src: Uint8Array, indices: Int32Array | number[], count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const j = indices[i];
    if (j >= 0) out[i] = src[j];
  }
  return out;
}

/** The gathered rows' validity (index -1 is NULL); null when every gathered row is present. */
function gatherValidity(validity: Uint8Array | null, indices: Int32Array | number[], count: number): Uint8Array | null {
  let out: Uint8Array | null = null;
  for (let i = 0; i < count; i++) {
    const j = indices[i];
    if (j < 0 || (validity !== null && validity[j] === 0)) {
      out ??= new Uint8Array(count).fill(1);
      out[i] = 0;
    }
  }
  return out;
}

/** Rows [start, end) without copying typed storage. */
export function slice(v: Vector, start: number, end: number): Vector {
  const src = v.data;
  let data: VectorData;
  if (src === null) data = null;
  else if (isDictionary(src)) data = { dictionary: src.dictionary, codes: src.codes.subarray(start, end) };
  else if (Array.isArray(src)) data = src.slice(start, end) as VectorData;
  else data = (src as Float64Array).subarray(start, end);
  return { type: v.type, length: end - start, data, validity: v.validity ? v.validity.subarray(start, end) : null };
}

/** Concatenates vectors of one type (a sort's buffered input, a join's build side). */
export function concat(type: DataType, parts: readonly Vector[]): Vector {
  if (parts.length === 1) return parts[0];
  if (parts.length === 0) return emptyVector(type);
  const n = parts.reduce((s, p) => s + p.length, 0);
  let validity: Uint8Array | null = null;
  if (type.kind === 'null') return nullVector(type, n);
  if (parts.some((p) => p.validity !== null)) {
    validity = new Uint8Array(n).fill(1);
    let offset = 0;
    for (const p of parts) {
      if (p.validity) validity.set(p.validity.subarray(0, p.length), offset);
      offset += p.length;
    }
  }
  const first = parts[0].data;
  if (type.kind === 'decimal' && parts.some((p) => Array.isArray(p.data))) {
    // Wide decimals: parts in float64 join the bigint parts as bigints.
    const out = new Array<bigint>(n);
    let k = 0;
    for (const p of parts) {
      const values = p.data as ArrayLike<number | bigint>;
      for (let i = 0; i < p.length; i++) out[k++] = BigInt(values[i]);
    }
    return { type, length: n, data: out, validity };
  }
  if (Array.isArray(first) || isDictionary(first) || parts.some((p) => Array.isArray(p.data) || isDictionary(p.data))) {
    const out: unknown[] = new Array(n);
    let k = 0;
    for (const p of parts) {
      const values = type.kind === 'string' ? stringValues(p) : (p.data as unknown[]);
      for (let i = 0; i < p.length; i++) out[k++] = values[i];
    }
    return { type, length: n, data: out as VectorData, validity };
  }
  // Typed storage; a bigint column with any BigInt64Array part becomes BigInt64Array throughout.
  const wide = parts.some((p) => p.data instanceof BigInt64Array);
  const Ctor = (wide ? BigInt64Array : first!.constructor) as new (n: number) => Float64Array | BigInt64Array;
  const out = new Ctor(n);
  let offset = 0;
  for (const p of parts) {
    const src = p.data as Float64Array | BigInt64Array;
    if (wide && !(src instanceof BigInt64Array)) for (let i = 0; i < p.length; i++) out[offset + i] = BigInt(src[i]) as never;
    else (out as Float64Array).set((src as Float64Array).subarray(0, p.length), offset);
    offset += p.length;
  }
  return { type, length: n, data: out, validity };
}
