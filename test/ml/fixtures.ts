// Shared helpers for the Spark ML model tests: fixture paths (read in place, never copied) and
// small builders for input vectors.

import fs from 'node:fs';
import path from 'node:path';
import { DoubleType, StringType, arrayType } from '../../src/common/types.js';
import { Vector, vectorFromScalars } from '../../src/common/vector.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/ml-models');
export const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);

export const doubles = (values: readonly (number | null)[]): Vector => vectorFromScalars(DoubleType, values);
export const strings = (values: readonly (string | null)[]): Vector => vectorFromScalars(StringType, values);
export const vectors = (values: readonly (readonly number[] | null)[]): Vector => vectorFromScalars(arrayType(DoubleType), values);

/** Numbers of a double vector, NULL as null. */
export function numbersOf(v: Vector | undefined): (number | null)[] {
  if (!v) throw new Error('missing column');
  return Array.from({ length: v.length }, (_, i) => (v.validity && !v.validity[i] ? null : Number((v.data as ArrayLike<number>)[i])));
}

export function arraysOf(v: Vector | undefined): (number[] | null)[] {
  if (!v) throw new Error('missing column');
  return Array.from({ length: v.length }, (_, i) => (v.validity && !v.validity[i] ? null : ((v.data as number[][])[i])));
}

/** A minimal RFC-4180 CSV reader (quoted fields with commas, doubled quotes, newlines). */
export function readCsv(file: string): Record<string, string>[] {
  const text = fs.readFileSync(file, 'utf8');
  const rows: string[][] = [];
  let field = '', row: string[] = [], quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] ?? ''])));
}
