// A columnar batch: a few thousand rows, one Vector a column, all of one length.

import { Schema } from './types.js';
import { Vector, slice, take } from './vector.js';

export interface Batch {
  readonly schema: Schema;
  readonly columns: readonly Vector[];
  readonly numRows: number;
}

/** Rows a batch aims for: big enough to amortise per-batch work, small enough to stay in cache. */
export const BATCH_SIZE = 8192;

export function makeBatch(schema: Schema, columns: readonly Vector[], numRows?: number): Batch {
  return { schema, columns, numRows: numRows ?? (columns.length > 0 ? columns[0].length : 0) };
}

export function takeRows(batch: Batch, indices: Int32Array | number[], count = indices.length): Batch {
  return makeBatch(batch.schema, batch.columns.map((c) => take(c, indices, count)), count);
}

export function sliceRows(batch: Batch, start: number, end: number): Batch {
  return makeBatch(batch.schema, batch.columns.map((c) => slice(c, start, end)), end - start);
}
