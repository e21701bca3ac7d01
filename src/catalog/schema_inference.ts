// The schema of a directory of data files, for tables created over existing data without a column
// list (`CREATE TABLE t USING parquet LOCATION '…'`) and for `parquet.`path`` queries: data
// columns from the first file (a Parquet footer, a CSV header and sample), partition columns
// from `key=value` directories.

import { TEXT_COLUMNS } from './text_files.js';
import { QuarryError, SqlState } from '../common/errors.js';
import { DataType, DateType, DoubleType, Field, IntegerType, LongType, StringType, typeToSql, typeToString } from '../common/types.js';
import { TableFormat } from './catalog.js';
import { CsvOptions, csvOptions, csvSample, inferCsvType } from './csv_reader.js';
import { jsonFileSchema, jsonOptions } from './json_files.js';
import { parquetFileSchema } from './parquet_reader.js';
import { HIVE_DEFAULT_PARTITION, unescapePathName } from './table_files.js';
import { FileStorage, StoredFile, joinKey } from './storage/file_storage.js';

export interface InferredSchema {
  readonly columns: Field[];
  readonly partitionColumns: string[];
}

const isHidden = (name: string) => name.startsWith('_') || name.startsWith('.');

export async function inferSchema(format: TableFormat, location: { readonly storage: FileStorage; readonly key: string }, uri: string, options: Readonly<Record<string, string>> = {}): Promise<InferredSchema> {
  const partitionValues = new Map<string, string[]>();
  const partitionOrder: string[] = [];
  let firstFile: StoredFile | null = null;
  // mergeSchema: every Parquet file's footer is read and their columns united, as Spark's option does.
  const mergeSchema = format === 'parquet' && Object.entries(options).some(([k, v]) => k.toLowerCase() === 'mergeschema' && v.toLowerCase() === 'true');
  const dataFiles: StoredFile[] = [];
  const { storage } = location;
  const walk = async (key: string, depth: number): Promise<void> => {
    const entries = await storage.list(key);
    if (!entries && depth === 0) {
      // A location may name one file.
      const single = await storage.stat(key);
      if (single && !single.isDirectory) firstFile = { storage, key, size: single.size, version: single.version, display: uri };
    }
    for (const e of entries ?? []) {
      if (isHidden(e.name)) continue;
      const child = joinKey(key, e.name);
      if (!e.isDirectory && (format !== 'parquet' || e.name.endsWith('.parquet'))) {
        const file = { storage, key: child, size: e.size, version: e.version, display: storage.localPath(child) ?? `${uri.replace(/\/$/, '')}/${child.slice(location.key.length).replace(/^\//, '')}` };
        firstFile ??= file;
        if (mergeSchema) dataFiles.push(file);
      }
      const m = e.isDirectory ? /^([^=]+)=(.*)$/.exec(e.name) : null;
      if (!m) continue;
      if (partitionOrder[depth] === undefined) partitionOrder[depth] = m[1];
      if (partitionOrder[depth] !== m[1]) {
        throw new QuarryError(SqlState.invalidParameterValue,
          `[CONFLICTING_PARTITION_COLUMN_NAMES] Conflicting partition column names under ${uri}: ${partitionOrder[depth]} and ${m[1]}.`);
      }
      const values = partitionValues.get(m[1]) ?? [];
      values.push(unescapePathName(m[2]));
      partitionValues.set(m[1], values);
      await walk(child, depth + 1);
    }
  };
  await walk(location.key, 0);
  // A text table's one column needs no file to be known.
  if (firstFile === null && format !== 'text') {
    throw new QuarryError('42K02',
      `[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for ${format.toUpperCase()} at ${uri}: it holds no data files. It must be specified manually.`,
      undefined, 'UNABLE_TO_INFER_SCHEMA');
  }
  const data = format === 'text' ? [...TEXT_COLUMNS]
    : format === 'parquet' ? (mergeSchema ? await mergedParquetSchema(dataFiles.length > 0 ? dataFiles : [firstFile!]) : await parquetFileSchema(firstFile!))
    : format === 'json' ? await jsonFileSchema(firstFile!, jsonOptions(options))
    : await csvFileSchema(firstFile!, csvOptions(options));
  const partitions = partitionOrder.map((name): Field => ({ name, type: partitionType(partitionValues.get(name)!), nullable: true }));
  const columns = [...data.filter((f) => !partitionOrder.some((p) => p.toLowerCase() === f.name.toLowerCase())), ...partitions];
  return { columns, partitionColumns: partitionOrder };
}

/** Header names (or _c0, _c1…) and, with inferSchema, types inferred from a sample of rows. */
async function csvFileSchema(file: StoredFile, options: CsvOptions): Promise<Field[]> {
  const { names, sample } = await csvSample(file, options);
  return names.map((name, c) => ({
    name, nullable: true,
    type: options.inferSchema ? inferCsvType(sample.map((r) => r[c] ?? ''), options.nullValue) : StringType,
  }));
}

/** Spark's partition type inference: int, bigint, double, date, else string. */
function partitionType(values: readonly string[]): DataType {
  const present = values.filter((v) => v !== HIVE_DEFAULT_PARTITION);
  if (present.length === 0) return StringType;
  if (present.every((v) => /^-?\d+$/.test(v))) {
    return present.every((v) => Math.abs(Number(v)) <= 2147483647) ? IntegerType : LongType;
  }
  if (present.every((v) => v.trim() !== '' && !Number.isNaN(Number(v)))) return DoubleType;
  if (present.every((v) => /^\d{4}-\d{2}-\d{2}$/.test(v))) return DateType;
  return StringType;
}

/**
 * The union of Parquet files' columns (by name, case-insensitively, in order of first appearance).
 * A column two files give different types is refused, as Spark's StructType.merge does.
 */
async function mergedParquetSchema(files: readonly StoredFile[]): Promise<Field[]> {
  const merged = new Map<string, Field>();
  for (const file of files) {
    const schema = await parquetFileSchema(file);
    for (const field of schema) {
      const key = field.name.toLowerCase();
      const known = merged.get(key);
      if (!known) {
        // Absent from the files read so far: NULL there.
        merged.set(key, merged.size > 0 && file !== files[0] ? { ...field, nullable: true } : field);
      } else if (typeToString(known.type) !== typeToString(field.type)) {
        throw new QuarryError('42825',
          `[CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE] Failed to merge incompatible data types "${typeToSql(known.type)}" and "${typeToSql(field.type)}" (column \`${field.name}\`, file ${file.display}). Please check the data types of the columns being merged and ensure that they are compatible. If necessary, consider casting the columns to compatible data types before attempting the merge.`,
          undefined, 'CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE');
      } else if (field.nullable && !known.nullable) merged.set(key, { ...known, nullable: true });
    }
    // Columns this file lacks read as NULL from it.
    for (const [key, known] of merged) if (!schema.some((f) => f.name.toLowerCase() === key) && !known.nullable) merged.set(key, { ...known, nullable: true });
  }
  return [...merged.values()];
}
