// A saved stage's `metadata/part-00000`: one JSON line with the class, uid and params. Up to Spark 2.3
// `paramMap` holds every param; from 2.4 defaults sit apart in `defaultParamMap`.

import fs from 'node:fs';
import path from 'node:path';
import { QuarryError, SqlState } from '../common/errors.js';

export interface Metadata {
  readonly className: string;
  readonly uid: string;
  readonly sparkVersion: string;
  readonly paramMap: Record<string, unknown>;
  readonly defaultParamMap: Record<string, unknown>;
  /** The whole JSON object: models keep extra keys at top level (numFeatures, numClasses, numTrees). */
  readonly raw: Record<string, unknown>;
  readonly dir: string;
}

export function readMetadata(dir: string): Metadata {
  const file = path.join(dir, 'metadata', 'part-00000');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new QuarryError(SqlState.ioError, `Not a saved Spark ML model: ${file} not found`);
  }
  const line = text.split('\n').find((l) => l.trim() !== '');
  if (line === undefined) throw new QuarryError(SqlState.ioError, `Spark ML model metadata is empty: ${file}`);
  return parseMetadata(JSON.parse(line) as Record<string, unknown>, dir);
}

export function parseMetadata(raw: Record<string, unknown>, dir: string): Metadata {
  return {
    className: String(raw.class),
    uid: String(raw.uid),
    sparkVersion: String(raw.sparkVersion ?? ''),
    paramMap: (raw.paramMap ?? {}) as Record<string, unknown>,
    defaultParamMap: (raw.defaultParamMap ?? {}) as Record<string, unknown>,
    raw,
    dir,
  };
}

/** A param's value: the user-set one, else the saved default, else `fallback`. */
export function param(m: Metadata, name: string, fallback: string): string;
export function param(m: Metadata, name: string, fallback: number): number;
export function param(m: Metadata, name: string, fallback: boolean): boolean;
export function param<T>(m: Metadata, name: string, fallback: T): T;
export function param<T>(m: Metadata, name: string, fallback: T): T {
  if (name in m.paramMap) return m.paramMap[name] as T;
  if (name in m.defaultParamMap) return m.defaultParamMap[name] as T;
  return fallback;
}

export const isSet = (m: Metadata, name: string): boolean => name in m.paramMap;

/** Spark writes infinities and NaN in double-array params as the strings "Inf", "-Inf", "NaN". */
export function doubles(x: unknown): number[] {
  return ((x ?? []) as unknown[]).map((v) => {
    if (typeof v === 'number') return v;
    if (v === 'Inf' || v === 'Infinity') return Infinity;
    if (v === '-Inf' || v === '-Infinity') return -Infinity;
    return NaN;
  });
}

/** Single- or multi-column params (inputCol/outputCol or inputCols/outputCols). */
export function columnPairs(m: Metadata, inKey = 'inputCol', outKey = 'outputCol'): { inputs: string[]; outputs: string[] } {
  const inputs = param<string[] | null>(m, `${inKey}s`, null);
  if (inputs && isSet(m, `${inKey}s`)) return { inputs, outputs: param<string[]>(m, `${outKey}s`, []) };
  return { inputs: [param<string>(m, inKey, '')], outputs: [param<string>(m, outKey, `${m.uid}__output`)] };
}
