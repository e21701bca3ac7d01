// The catalog's on-disk form: one JSON document, replaced atomically. Types are stored as Spark's
// type strings so the file stays readable and stable across code changes.

import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { QuarryError, SqlState } from '../common/errors.js';
import { DataType, Field, PrimitiveTypeName, arrayType, decimalType, mapType, parseIntervalTypeName, structType, timeType, timestampWithPrecision, typeToString } from '../common/types.js';
import type { DatabaseMetadata, ModelMetadata, TableMetadata, ViewMetadata } from './catalog.js';
import type { MountRecord } from './mounts.js';

export interface MetastoreDocument {
  databases: Record<string, DatabaseMetadata>;
  tables: Record<string, TableMetadata>;
  /**
   * Tables of CREATE OR REPLACE … AS SELECT being filled, by the name they will replace: they take
   * its place in one metastore write once their data is committed, and are discarded at start.
   */
  staged: Record<string, TableMetadata>;
  views: Record<string, ViewMetadata>;
  models: Record<string, ModelMetadata>;
  /** By mount point. */
  mounts: Record<string, MountRecord>;
}

const VERSION = 1;

export async function readMetastore(file: string): Promise<MetastoreDocument> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { databases: {}, tables: {}, staged: {}, views: {}, models: {}, mounts: {} };
    throw e;
  }
  try {
    const stored = JSON.parse(text) as {
      version: number; databases: MetastoreDocument['databases']; tables: Record<string, StoredTable>; staged?: Record<string, StoredTable>; views?: Record<string, StoredView>;
      models?: MetastoreDocument['models']; mounts?: MetastoreDocument['mounts'];
    };
    const withFields = <T extends { columns: StoredField[] }>(entries: Record<string, T>) =>
      Object.fromEntries(Object.entries(entries).map(([k, t]) => [k, { ...t, columns: t.columns.map(fieldFromJson) }]));
    return { databases: stored.databases, tables: withFields(stored.tables), staged: withFields(stored.staged ?? {}), views: withFields(stored.views ?? {}), models: stored.models ?? {}, mounts: stored.mounts ?? {} };
  } catch (e) {
    throw new QuarryError(SqlState.internalError, `The catalog file ${file} is not readable: ${(e as Error).message}`);
  }
}

export async function writeMetastore(file: string, document: MetastoreDocument): Promise<void> {
  const tables = (entries: Record<string, TableMetadata>) =>
    Object.fromEntries(Object.entries(entries).map(([k, t]) => [k, { ...t, columns: t.columns.map(fieldToJson) }]));
  const stored = {
    version: VERSION,
    databases: document.databases,
    tables: tables(document.tables),
    staged: tables(document.staged),
    views: Object.fromEntries(Object.entries(document.views).map(([k, v]) => [k, { ...v, columns: v.columns.map(fieldToJson) }])),
    models: document.models,
    mounts: document.mounts,
  };
  await writeFileAtomic(file, JSON.stringify(stored, null, 2));
}

type StoredField = { name: string; type: string; nullable: boolean; comment?: string; defaultSql?: string };
type StoredTable = Omit<TableMetadata, 'columns'> & { columns: StoredField[] };
type StoredView = Omit<ViewMetadata, 'columns'> & { columns: StoredField[] };

function fieldToJson(f: Field): StoredField {
  return { name: f.name, type: typeToString(f.type), nullable: f.nullable, ...(f.comment ? { comment: f.comment } : {}), ...(f.defaultSql ? { defaultSql: f.defaultSql } : {}) };
}

function fieldFromJson(f: StoredField): Field {
  return { name: f.name, type: typeFromString(f.type), nullable: f.nullable, ...(f.comment ? { comment: f.comment } : {}), ...(f.defaultSql ? { defaultSql: f.defaultSql } : {}) };
}

/** typeToString's output back to a type: `decimal(p,s)`, `array<T>`, `map<K,V>`, `struct<name:T,…>`, primitives. */
function typeFromString(text: string): DataType {
  let i = 0;
  const parse = (): DataType => {
    if (text.startsWith('array<', i)) {
      i += 6;
      const element = parse();
      i++; // '>'
      return arrayType(element);
    }
    if (text.startsWith('map<', i)) {
      i += 4;
      const key = parse();
      i++; // ','
      const value = parse();
      i++; // '>'
      return mapType(key, value);
    }
    if (text.startsWith('struct<', i)) {
      i += 7;
      const fields: { name: string; type: DataType }[] = [];
      while (text[i] !== '>') {
        const colon = text.indexOf(':', i);
        const name = text.slice(i, colon);
        i = colon + 1;
        fields.push({ name, type: parse() });
        if (text[i] === ',') i++;
      }
      i++;
      return structType(fields);
    }
    let j = i;
    while (j < text.length && text[j] !== ',' && text[j] !== '>') j++;
    const word = text.slice(i, j);
    const decimal = /^decimal\((\d+)$/.exec(word);
    if (decimal) {
      // `decimal(p,s)`: the comma is the decimal's own.
      const close = text.indexOf(')', j);
      const scale = Number(text.slice(j + 1, close));
      i = close + 1;
      return decimalType(+decimal[1], scale);
    }
    i = j;
    const precise = /^(time|timestamp_ntz|timestamp_ltz)\((\d)\)$/.exec(word);
    if (precise) return precise[1] === 'time' ? timeType(+precise[2]) : timestampWithPrecision(precise[1] === 'timestamp_ntz', +precise[2]);
    const interval = parseIntervalTypeName(word);
    if (interval) return interval;
    return { kind: (word === 'void' ? 'null' : word) as PrimitiveTypeName };
  };
  return parse();
}

/** Writes a temporary file beside the target, flushes it to disk, then renames it over the target. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  const handle = await fs.open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temporary, file);
  } catch (e) {
    await fs.rm(temporary, { force: true });
    throw e;
  }
}
