// Builds small saved-model directories in a temp folder for stages without a fixture: metadata JSON
// plus a Parquet data file (nested columns written through Arrow and parquet-wasm).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as arrow from 'apache-arrow';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A fresh folder, removed when the test file is done. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-ml-'));
  made.push(dir);
  return dir;
}

export function writeMetadata(dir: string, metadata: Record<string, unknown>): void {
  fs.mkdirSync(path.join(dir, 'metadata'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'metadata', 'part-00000'), `${JSON.stringify({ timestamp: 0, sparkVersion: '3.5.0', ...metadata })}\n`);
}

/** Writes `data/part-00000.snappy.parquet` (or another sub-folder) from typed columns. */
export function writeData(dir: string, columns: Record<string, { type: arrow.DataType; values: unknown[] }>, folder = 'data'): void {
  const vectors = Object.fromEntries(Object.entries(columns).map(([k, c]) => [k, arrow.vectorFromArray(c.values, c.type)]));
  const table = new arrow.Table(vectors);
  const bytes = writeParquet(WasmTable.fromIPCStream(arrow.tableToIPC(table, 'stream')),
    new WriterPropertiesBuilder().setCompression(Compression.SNAPPY).build());
  fs.mkdirSync(path.join(dir, folder), { recursive: true });
  fs.writeFileSync(path.join(dir, folder, 'part-00000-c000.snappy.parquet'), bytes);
  fs.writeFileSync(path.join(dir, folder, '_SUCCESS'), '');
}

export const field = (name: string, type: arrow.DataType) => new arrow.Field(name, type, true);
export const listOf = (t: arrow.DataType) => new arrow.List(field('element', t));
export const structOf = (fields: [string, arrow.DataType][]) => new arrow.Struct(fields.map(([n, t]) => field(n, t)));

/** Spark's VectorUDT struct. */
export const VECTOR = structOf([['type', new arrow.Int8()], ['size', new arrow.Int32()], ['indices', listOf(new arrow.Int32())], ['values', listOf(new arrow.Float64())]]);
export const dense = (values: number[]) => ({ type: 1, size: null, indices: null, values });
