// Independent reference computations for the tests: the model's own parameters read straight from
// its Parquet files with hyparquet, and scored with the textbook formulas, row by row, without any
// code from src/ml.

import fs from 'node:fs';
import path from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';

export type Row = Record<string, any>;

export async function readRows(dir: string): Promise<Row[]> {
  const out: Row[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.parquet')).sort()) {
    out.push(...(await parquetReadObjects({ file: await asyncBufferFromFile(path.join(dir, name)) })) as Row[]);
  }
  return out;
}

export const n = (x: unknown) => Number(x);

/** A dense VectorUDT value. */
export function vec(v: Row): number[] {
  if (n(v.type) === 1) return Array.from(v.values, n);
  const out = new Array(n(v.size)).fill(0);
  Array.from(v.indices, n).forEach((i, k) => { out[i] = n(v.values[k]); });
  return out;
}

/** Recursively walks raw node rows (by id) to the leaf for x. */
export function leaf(nodes: Map<number, Row>, x: number[], id = 0): Row {
  const node = nodes.get(id)!;
  if (n(node.leftChild) < 0) return node;
  const s = node.split;
  const t = Array.from(s.leftCategoriesOrThreshold, n) as number[];
  const left = n(s.numCategories) < 0 ? x[n(s.featureIndex)] <= t[0] : t.includes(x[n(s.featureIndex)]);
  return leaf(nodes, x, n(left ? node.leftChild : node.rightChild));
}

/** Trees of an ensemble's data/ rows, as id → node maps. */
export function trees(rows: Row[]): Map<number, Row>[] {
  const byTree = new Map<number, Map<number, Row>>();
  for (const r of rows) {
    const t = n(r.treeID);
    if (!byTree.has(t)) byTree.set(t, new Map());
    byTree.get(t)!.set(n(r.nodeData.id), r.nodeData);
  }
  return [...byTree.keys()].sort((a, b) => a - b).map((k) => byTree.get(k)!);
}

export const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);
export const dotProduct = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
