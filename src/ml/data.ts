// Reading a saved model's Parquet files. hyparquet decodes nested columns (VectorUDT and MatrixUDT
// structs, arrays of arrays, maps) into plain objects, which the project's columnar reader does not.

import fs from 'node:fs';
import path from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { QuarryError, SqlState } from '../common/errors.js';
import { DenseMatrix, MlVector } from './linalg.js';

export type Row = Record<string, unknown>;

/** Every row of the Parquet part files in `dir`; `.crc` twins, `_SUCCESS` and stray files are skipped. */
export async function readParquetDir(dir: string): Promise<Row[]> {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.parquet') && !n.startsWith('.') && !n.startsWith('_')).sort();
  } catch {
    throw new QuarryError(SqlState.ioError, `Spark ML model data directory not found: ${dir}`);
  }
  if (names.length === 0) throw new QuarryError(SqlState.ioError, `Spark ML model data directory has no Parquet files: ${dir}`);
  const rows: Row[] = [];
  for (const name of names) {
    const file = await asyncBufferFromFile(path.join(dir, name));
    for (const r of await parquetReadObjects({ file })) rows.push(r as Row);
  }
  return rows;
}

/** The single row of a model's `data/` (most models save one). */
export async function readDataRow(modelDir: string): Promise<Row> {
  const rows = await readParquetDir(path.join(modelDir, 'data'));
  if (rows.length === 0) throw new QuarryError(SqlState.ioError, `Spark ML model data is empty: ${modelDir}`);
  return rows[0];
}

export const num = (x: unknown): number => (typeof x === 'bigint' ? Number(x) : (x as number));

function numbers(x: unknown): Float64Array {
  return Float64Array.from((x ?? []) as ArrayLike<number | bigint>, num);
}

/** A VectorUDT struct {type: 0 sparse | 1 dense, size, indices, values}. */
export function decodeVector(x: unknown): MlVector {
  const s = x as { type: number; size: number | null; indices: unknown; values: unknown };
  if (num(s.type) === 1) return numbers(s.values);
  return { size: num(s.size), indices: Int32Array.from(numbers(s.indices)), values: numbers(s.values) };
}

export const decodeDenseVector = (x: unknown): Float64Array => {
  const v = decodeVector(x);
  if (v instanceof Float64Array) return v;
  const out = new Float64Array(v.size);
  for (let k = 0; k < v.indices.length; k++) out[v.indices[k]] = v.values[k];
  return out;
};

/**
 * A MatrixUDT struct as a row-major dense matrix. Dense values are column-major unless
 * isTransposed; sparse ones are CSC (CSR when isTransposed).
 */
export function decodeMatrix(x: unknown): DenseMatrix {
  const m = x as { type: number; numRows: number; numCols: number; colPtrs: unknown; rowIndices: unknown; values: unknown; isTransposed: boolean };
  const numRows = num(m.numRows), numCols = num(m.numCols);
  const values = numbers(m.values);
  const out = new Float64Array(numRows * numCols);
  if (num(m.type) === 1) {
    for (let i = 0; i < numRows; i++) {
      for (let j = 0; j < numCols; j++) out[i * numCols + j] = m.isTransposed ? values[i * numCols + j] : values[j * numRows + i];
    }
  } else {
    const ptrs = numbers(m.colPtrs), idx = numbers(m.rowIndices);
    const outer = m.isTransposed ? numRows : numCols;
    for (let o = 0; o < outer; o++) {
      for (let k = ptrs[o]; k < ptrs[o + 1]; k++) {
        const inner = idx[k];
        if (m.isTransposed) out[o * numCols + inner] = values[k];
        else out[inner * numCols + o] = values[k];
      }
    }
  }
  return { numRows, numCols, values: out };
}
