// Between the engine's vectors and the model's columns: numbers become float64, arrays of numbers
// become ML vectors, and back (vectors leave as array<double>).

import { QuarryError, SqlState } from '../common/errors.js';
import { DataType, isNumeric, typeToString } from '../common/types.js';
import { ArrayValue, Vector, getScalar, isDictionary, isNullAt, stringValues } from '../common/vector.js';
import { MlColumn } from './frame.js';
import { MlVector, toDense } from './linalg.js';

export function fromVector(name: string, v: Vector): MlColumn {
  const t = v.type;
  const n = v.length;
  if (isNumeric(t) || t.kind === 'boolean' || t.kind === 'null') {
    const values = new Float64Array(n);
    let valid: Uint8Array | null = null;
    const d = v.data as ArrayLike<number | bigint> | null;
    const scale = t.kind === 'decimal' ? 10 ** t.scale : 1;
    for (let i = 0; i < n; i++) {
      if (isNullAt(v, i)) {
        valid ??= new Uint8Array(n).fill(1);
        valid[i] = 0;
        continue;
      }
      values[i] = Number(d![i]) / scale;
    }
    return { kind: 'double', values, valid, integral: t.kind !== 'decimal' && t.kind !== 'float' && t.kind !== 'double' };
  }
  if (t.kind === 'string') {
    const s = isDictionary(v.data) || Array.isArray(v.data) ? stringValues(v) : [];
    return { kind: 'string', values: Array.from({ length: n }, (_, i) => (isNullAt(v, i) ? null : s[i])) };
  }
  if (t.kind === 'array' && (isNumeric(t.element) || t.element.kind === 'null')) {
    const values = new Array<MlVector | null>(n);
    // Decimal elements arrive as unscaled integers.
    const scale = t.element.kind === 'decimal' ? 10 ** t.element.scale : 1;
    for (let i = 0; i < n; i++) {
      const a = getScalar(v, i) as ArrayValue | null;
      if (a === null) { values[i] = null; continue; }
      const out = new Float64Array(a.length);
      for (let k = 0; k < a.length; k++) {
        if (a[k] === null) throw new QuarryError(SqlState.datatypeMismatch, `Spark ML vector column \`${name}\` has a NULL element in row ${i}`);
        out[k] = Number(a[k]) / scale;
      }
      values[i] = out;
    }
    return { kind: 'vector', values };
  }
  if (t.kind === 'array' && t.element.kind === 'string') {
    return { kind: 'strings', values: Array.from({ length: n }, (_, i) => getScalar(v, i) as string[] | null) };
  }
  throw new QuarryError(SqlState.datatypeMismatch, `[DATATYPE_MISMATCH] Spark ML models cannot read column \`${name}\` of type ${typeToString(t)}`);
}

/**
 * A vector column from its element columns (doubles), as `array(e1, …, ek)` would give, without an
 * array per row: the rows are views into one row-major block.
 */
export function vectorColumnOf(name: string, parts: readonly Vector[], n: number): MlColumn {
  const k = parts.length;
  const block = new Float64Array(n * k);
  parts.forEach((part, c) => {
    const values = part.data as Float64Array;
    for (let i = 0; i < n; i++) {
      if (part.validity !== null && part.validity[i] === 0) {
        throw new QuarryError(SqlState.datatypeMismatch, `Spark ML vector column \`${name}\` has a NULL element in row ${i}`);
      }
      block[i * k + c] = values[i];
    }
  });
  const values = new Array<MlVector>(n);
  for (let i = 0; i < n; i++) values[i] = block.subarray(i * k, i * k + k);
  return { kind: 'vector', values };
}

/** Whether fromVector takes columns of this type. */
export function isModelColumnType(t: DataType): boolean {
  if (isNumeric(t) || t.kind === 'boolean' || t.kind === 'null' || t.kind === 'string') return true;
  return t.kind === 'array' && (isNumeric(t.element) || t.element.kind === 'null' || t.element.kind === 'string');
}

/** A model column as an engine vector of the declared Spark type. */
export function toVector(c: MlColumn, type: DataType, n: number): Vector {
  let validity: Uint8Array | null = null;
  const markNull = (i: number) => {
    validity ??= new Uint8Array(n).fill(1);
    validity[i] = 0;
  };
  if (c.kind === 'double') {
    if (c.valid) validity = c.valid;
    if (type.kind === 'int') return { type, length: n, data: Int32Array.from(c.values), validity };
    return { type, length: n, data: c.values, validity };
  }
  const data = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const x = c.values[i];
    if (x === null) { markNull(i); data[i] = c.kind === 'string' ? '' : []; continue; }
    if (c.kind === 'vector') data[i] = Array.from(toDense(x as MlVector));
    else if (c.kind === 'vectors') data[i] = (x as MlVector[]).map((h) => Array.from(toDense(h)));
    else data[i] = x;
  }
  return { type, length: n, data: data as Vector['data'], validity };
}
