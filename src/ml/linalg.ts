// Spark ML vectors and matrices as scoring needs them: dense vectors are plain Float64Arrays,
// sparse ones keep their indices so wide text features (vocabularies of 10^5) stay cheap.

export interface SparseVector {
  readonly size: number;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

export type MlVector = Float64Array | SparseVector;

export const isSparse = (v: MlVector): v is SparseVector => !(v instanceof Float64Array);

export const vectorSize = (v: MlVector): number => (isSparse(v) ? v.size : v.length);

export function toDense(v: MlVector): Float64Array {
  if (!isSparse(v)) return v;
  const out = new Float64Array(v.size);
  for (let k = 0; k < v.indices.length; k++) out[v.indices[k]] = v.values[k];
  return out;
}

/** Writes v into `out` (length = size), zeroing first: trees densify each row into one scratch array. */
export function densifyInto(v: MlVector, out: Float64Array): void {
  if (!isSparse(v)) {
    out.set(v.length === out.length ? v : v.subarray(0, out.length));
    return;
  }
  out.fill(0);
  for (let k = 0; k < v.indices.length; k++) out[v.indices[k]] = v.values[k];
}

/** x · w[offset .. offset + size) (a row of a row-major matrix). */
export function dot(x: MlVector, w: Float64Array, offset = 0): number {
  let s = 0;
  if (isSparse(x)) {
    for (let k = 0; k < x.indices.length; k++) s += x.values[k] * w[offset + x.indices[k]];
  } else {
    for (let i = 0; i < x.length; i++) s += x[i] * w[offset + i];
  }
  return s;
}

/** Spark's `Vector.compressed`: sparse when that takes less room. */
export function compressed(size: number, indices: number[], values: number[]): MlVector {
  let nnz = 0;
  for (const v of values) if (v !== 0) nnz++;
  if (1.5 * (nnz + 1) < size) {
    const idx = new Int32Array(nnz), vals = new Float64Array(nnz);
    let k = 0;
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) { idx[k] = indices[i]; vals[k++] = values[i]; }
    return { size, indices: idx, values: vals };
  }
  const out = new Float64Array(size);
  for (let i = 0; i < values.length; i++) out[indices[i]] = values[i];
  return out;
}

/** A dense matrix, row-major. */
export interface DenseMatrix {
  readonly numRows: number;
  readonly numCols: number;
  readonly values: Float64Array;
}

export const matrixAt = (m: DenseMatrix, i: number, j: number): number => m.values[i * m.numCols + j];
