// Reading a saved model's Parquet files into plain row objects, nested columns included (VectorUDT
// and MatrixUDT structs, arrays of arrays, maps), which the project's columnar reader does not do.
// parquet-wasm decodes to Arrow (a 500-tree forest in well under a second); hyparquet, slower on
// deep nesting, is the fallback for any file parquet-wasm refuses.

import fs from 'node:fs';
import path from 'node:path';
import * as arrow from 'apache-arrow';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { ParquetFile } from 'parquet-wasm';
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
    const file = path.join(dir, name);
    let part: Row[];
    try {
      part = await readWithArrow(file);
    } catch {
      part = await readWithHyparquet(file);
    }
    for (const r of part) rows.push(r);
  }
  return rows;
}

export async function readWithHyparquet(file: string): Promise<Row[]> {
  return (await parquetReadObjects({ file: await asyncBufferFromFile(file) })) as Row[];
}

export async function readWithArrow(file: string): Promise<Row[]> {
  const parquet = await ParquetFile.fromFile(await fs.openAsBlob(file));
  let table: arrow.Table;
  try {
    table = arrow.tableFromIPC((await parquet.read({ batchSize: 1 << 20 })).intoIPCStream());
  } finally {
    parquet.free();
  }
  const rows: Row[] = Array.from({ length: table.numRows }, () => ({}));
  for (const f of table.schema.fields) {
    let base = 0;
    for (const data of table.getChild(f.name)!.data) {
      const values = plainValues(data);
      for (let i = 0; i < values.length; i++) rows[base + i][f.name] = values[i];
      base += data.length;
    }
  }
  return rows;
}

/** One Arrow column chunk as plain values: structs → objects, lists → arrays, maps → objects. */
function plainValues(data: arrow.Data): unknown[] {
  const n = data.length;
  const t = data.type;
  const out = new Array<unknown>(n);
  if (arrow.DataType.isStruct(t)) {
    const children = data.children.map(plainValues);
    const names = t.children.map((f) => f.name);
    const hasNulls = data.nullCount > 0;
    for (let i = 0; i < n; i++) {
      if (hasNulls && !data.getValid(i)) { out[i] = null; continue; }
      const o: Row = {};
      for (let k = 0; k < names.length; k++) o[names[k]] = children[k][i];
      out[i] = o;
    }
    return out;
  }
  if (arrow.DataType.isList(t) || arrow.DataType.isMap(t)) {
    const offsets = data.valueOffsets as Int32Array;
    const child = data.children[0];
    if (arrow.DataType.isList(t) && (arrow.DataType.isInt(child.type) || arrow.DataType.isFloat(child.type)) && child.nullCount === 0) {
      // Lists of numbers (vector values, node stats) straight from the child's typed storage.
      const values = child.values as unknown as Float64Array;
      for (let i = 0; i < n; i++) {
        out[i] = data.getValid(i) ? Array.from(values.subarray(child.offset + offsets[data.offset + i], child.offset + offsets[data.offset + i + 1])) : null;
      }
      return out;
    }
    const items = plainValues(child);
    for (let i = 0; i < n; i++) {
      if (!data.getValid(i)) { out[i] = null; continue; }
      const slice = items.slice(offsets[data.offset + i], offsets[data.offset + i + 1]);
      out[i] = arrow.DataType.isMap(t)
        ? Object.fromEntries((slice as Row[]).map((e) => [String(Object.values(e)[0]), Object.values(e)[1]]))
        : slice;
    }
    return out;
  }
  if ((arrow.DataType.isInt(t) || arrow.DataType.isFloat(t)) && ArrayBuffer.isView(data.values)) {
    // Typed storage read directly: per-value Vector.get is several times slower.
    const values = data.values as unknown as ArrayLike<number | bigint>;
    const hasNulls = data.nullCount > 0;
    for (let i = 0; i < n; i++) out[i] = hasNulls && !data.getValid(i) ? null : values[data.offset + i];
    return out;
  }
  const v = arrow.makeVector(data);
  for (let i = 0; i < n; i++) out[i] = v.get(i);
  return out;
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
