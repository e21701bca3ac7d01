// A table's files: Hive-style `key=value` partition directories under its location, listed with
// partitions pruned before descending, scanned with partition columns filled in, and written
// atomically on any storage: files go to their final names tagged with the write's id and are
// published by one commit marker (commit_markers.ts); files an overwrite replaces are deleted once
// no scan that began before the commit still reads the table (read_leases.ts).

import { loadTableCache, scanCachedFiles } from './cached_scan.js';
import type { ColumnBound } from './row_group_pruning.js';
import { readTextFile, textOptions, writeTextFile } from './text_files.js';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { BATCH_SIZE, Batch, makeBatch, takeRows } from '../common/batch.js';
import { QuarryError, SqlState } from '../common/errors.js';
import { DataType, Field, MAX_FAST_DECIMAL_PRECISION } from '../common/types.js';
import { Scalar, Vector, getScalar, vectorFromScalars } from '../common/vector.js';
import { formatDate, formatDecimal, formatTimestamp, parseDate, parseDecimal, parseTimestamp } from '../common/values.js';
import { parseTimeValueText, timeValueFileText } from '../common/time_values.js';
import { Catalog, TableMetadata, dataColumns } from './catalog.js';
import { CommitState, cleanUpAfterCommit, commitWrite, compactMarkers, readCommitState, removeEmptyDirectories, syncFile, taggedFileName, writesInFlight } from './commit_markers.js';
import { beginRead, leaseName, whenNoReaders } from './read_leases.js';
import { csvOptions, readCsvFile } from './csv_reader.js';
import { writeCsvFile } from './csv_writer.js';
import { DbfsLocation } from './dbfs.js';
import { jsonOptions, readJsonFile, writeJsonFile } from './json_files.js';
import { parquetFileInfo, readParquetFile } from './parquet_reader.js';
import { writeParquetFile } from './parquet_writer.js';
import { StoredFile, joinKey } from './storage/file_storage.js';

export const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';
/** Rows buffered per partition before they are written out as one file. */
const FILE_ROWS = 256 * 1024;

export type PartitionFilter = (values: Record<string, Scalar>) => boolean;

export interface DataFile extends StoredFile {
  /** The local path, or the dbfs:/ URI of a file on remote storage. */
  readonly path: string;
  readonly partitionValues: Record<string, Scalar>;
  readonly sizeBytes: number;
}

export interface PartitionDirectory {
  /** The local path, or the dbfs:/ URI on remote storage. */
  readonly path: string;
  /** The storage key. */
  readonly key: string;
  /** Relative to the table's location, `city=Oslo/day=2024-01-01` ('' for the root). */
  readonly relative: string;
  readonly values: Record<string, Scalar>;
}

const isHidden = (name: string) => name.startsWith('_') || name.startsWith('.');

const displayOf = (catalog: Catalog, root: DbfsLocation, key: string): string => root.storage.localPath(key) ?? catalog.dbfs.uriOf(root, key);

/**
 * The leaf directories of a table (its root when unpartitioned) with their partition values;
 * partitions the filter refuses are not descended into.
 */
export async function listPartitionDirectories(catalog: Catalog, table: TableMetadata, partitionFilter?: PartitionFilter): Promise<PartitionDirectory[]> {
  return (await listTableDirectories(catalog, table, partitionFilter)).directories;
}

async function listTableDirectories(catalog: Catalog, table: TableMetadata, partitionFilter?: PartitionFilter): Promise<{ directories: PartitionDirectory[]; commits: CommitState; root: DbfsLocation }> {
  const root = catalog.dbfs.locate(table.location);
  const { storage } = root;
  const partitionFields = table.partitionColumns.map((p) => table.columns.find((c) => c.name === p)!);
  const found: PartitionDirectory[] = [];
  const rootEntries = await storage.list(root.key);
  // The commit markers are in the root.
  const commits = await readCommitState(storage, root.key, rootEntries ?? []);
  const walk = async (relative: string, depth: number, values: Record<string, Scalar>): Promise<void> => {
    const key = joinKey(root.key, relative);
    if (depth === partitionFields.length) {
      if (!partitionFilter || partitionFields.length === 0 || partitionFilter(values)) found.push({ path: displayOf(catalog, root, key), key, relative, values });
      return;
    }
    const entries = relative === '' ? rootEntries : await storage.list(key);
    if (!entries) return;
    const field = partitionFields[depth];
    for (const e of entries) {
      if (!e.isDirectory || isHidden(e.name)) continue;
      const [name, ...rest] = e.name.split('=');
      if (rest.length === 0 || name.toLowerCase() !== field.name.toLowerCase()) continue;
      const value = parsePartitionValue(unescapePathName(rest.join('=')), field.type);
      await walk(joinKey(relative, e.name), depth + 1, { ...values, [field.name]: value });
    }
  };
  await walk('', 0, {});
  return { directories: found, commits, root };
}

export async function listDataFiles(catalog: Catalog, table: TableMetadata, partitionFilter?: PartitionFilter): Promise<DataFile[]> {
  const files: DataFile[] = [];
  const { directories, commits, root } = await listTableDirectories(catalog, table, partitionFilter);
  const { storage } = root;
  for (const directory of directories) {
    const entries = await storage.list(directory.key);
    if (!entries) {
      // A table's location may name a single file, as Spark's `path` option often does.
      const single = directory.relative === '' ? await storage.stat(directory.key) : null;
      if (single && !single.isDirectory) {
        files.push({ storage, key: directory.key, size: single.size, version: single.version, display: directory.path, path: directory.path, partitionValues: directory.values, sizeBytes: single.size });
      }
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory || isHidden(e.name) || !commits.isVisible(joinKey(directory.relative, e.name))) continue;
      const key = joinKey(directory.key, e.name);
      const display = displayOf(catalog, root, key);
      files.push({ storage, key, size: e.size, version: e.version, display, path: display, partitionValues: directory.values, sizeBytes: e.size });
    }
  }
  return files;
}

/** ALTER TABLE … PARTITION (…) RENAME TO PARTITION (…): the directory moved; false when `from` is missing or `to` exists. */
export async function renamePartition(
  catalog: Catalog, table: TableMetadata, from: Readonly<Record<string, Scalar>>, to: Readonly<Record<string, Scalar>>,
): Promise<boolean> {
  const root = catalog.dbfs.locate(table.location);
  const [source, target] = [joinKey(root.key, partitionPath(table, from)), joinKey(root.key, partitionPath(table, to))];
  if (!(await root.storage.stat(source)) || (await root.storage.stat(target))) return false;
  await root.storage.rename(source, target);
  return true;
}

function partitionPath(table: TableMetadata, values: Readonly<Record<string, Scalar>>): string {
  return table.partitionColumns.map((name) => {
    const field = table.columns.find((c) => c.name === name)!;
    return `${escapePathName(name)}=${partitionDirectoryValue(values[name] ?? null, field.type)}`;
  }).join('/');
}

/** ALTER TABLE … ADD PARTITION: an empty partition directory; false when it already exists. */
export async function addPartition(catalog: Catalog, table: TableMetadata, values: Readonly<Record<string, Scalar>>): Promise<boolean> {
  const root = catalog.dbfs.locate(table.location);
  const key = joinKey(root.key, partitionPath(table, values));
  const existed = (await root.storage.stat(key)) !== null;
  await root.storage.mkdirs(key);
  return !existed;
}

/** ALTER TABLE … DROP PARTITION: removes the matching partition directories and their files. */
export async function dropPartitions(catalog: Catalog, table: TableMetadata, spec: Readonly<Record<string, Scalar>>): Promise<number> {
  const matches = (values: Record<string, Scalar>) => Object.entries(spec).every(([k, v]) => values[k] === v);
  const root = catalog.dbfs.locate(table.location);
  const directories = await listPartitionDirectories(catalog, table, matches);
  // Their files are replaced by nothing in one commit, as by an overwrite: hidden now, deleted (with
  // the directories they leave empty) once no scan that began before still reads them.
  const replaced = await replacedFiles(catalog, table, root, matches);
  if (replaced.length > 0) {
    const writeId = randomUUID();
    await commitWrite(root.storage, root.key, writeId, replaced);
    await removeReplaced(root, writeId, replaced);
  }
  for (const d of directories) {
    const entries = await root.storage.list(d.key);
    if (entries !== null && entries.every((e) => isHidden(e.name))) await root.storage.delete(d.key);
  }
  return directories.length;
}

export interface ScanOptions {
  /** Output columns in order: any mix of data and partition columns. */
  readonly columns: readonly string[];
  readonly partitionFilter?: PartitionFilter;
  /** Parquet row groups their statistics rule out are skipped. */
  readonly rowGroupBounds?: readonly ColumnBound[];
  readonly signal?: AbortSignal;
}

/** A scan's columns by name, and those of them read from the files (not partition columns). */
export function scanColumns(table: TableMetadata, names: readonly string[]): { fields: Field[]; dataFields: Field[] } {
  const fields = names.map((name) => {
    const field = table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!field) throw new QuarryError(SqlState.undefinedColumn, `Column \`${name}\` is not in table \`${table.database}\`.\`${table.name}\``);
    return field;
  });
  return { fields, dataFields: fields.filter((f) => !table.partitionColumns.includes(f.name)) };
}

export async function* scanTable(catalog: Catalog, table: TableMetadata, options: ScanOptions): AsyncGenerator<Batch> {
  const { fields, dataFields: wantedData } = scanColumns(table, options.columns);
  if (catalog.tableCache.isRegistered(table.location)) {
    // CACHE TABLE: served from memory, loaded on the first scan after CACHE or a write.
    const data = dataColumns(table);
    const cached = catalog.tableCache.get(table.location)
      ?? await loadTableCache(catalog, table, data, await listDataFiles(catalog, table), (file, columns) => readDataFile(table, file, columns, options.signal), options.signal);
    if (cached) {
      yield* scanCachedFiles(data, cached, fields, options.partitionFilter);
      return;
    }
  }
  // Leased before listing: files replaced by an overwrite committing meanwhile stay until the scan ends.
  const release = beginRead(leaseName(catalog.dbfs.locate(table.location)));
  try {
    yield* scanFiles(table, await listDataFiles(catalog, table, options.partitionFilter), fields, wantedData, options);
  } finally {
    release();
  }
}

async function* scanFiles(table: TableMetadata, files: DataFile[], fields: Field[], wantedData: Field[], options: ScanOptions): AsyncGenerator<Batch> {
  const isPartition = (f: Field) => table.partitionColumns.includes(f.name);
  for (const file of files) {
    if (options.signal?.aborted) return;
    const constants = (n: number) => new Map(fields.filter(isPartition).map((f) => [f.name, vectorFromScalars(f.type, new Array(n).fill(file.partitionValues[f.name] ?? null))]));
    const assemble = (data: Batch | null, n: number): Batch => {
      const partitionColumns = constants(n);
      const columns: Vector[] = fields.map((f) => partitionColumns.get(f.name) ?? data!.columns[wantedData.indexOf(f)]);
      return makeBatch(fields, columns, n);
    };
    if (wantedData.length === 0 && table.format === 'parquet') {
      // Only partition columns: the footer's row count is all that is needed.
      const { numRows } = await parquetFileInfo(file);
      for (let start = 0; start < numRows; start += BATCH_SIZE) yield assemble(null, Math.min(BATCH_SIZE, numRows - start));
      continue;
    }
    try {
      for await (const batch of readDataFile(table, file, wantedData, options.signal, options.rowGroupBounds)) {
        yield assemble(batch, batch.numRows);
      }
    } catch (e) {
      throw (e as NodeJS.ErrnoException).code === 'ENOENT' ? fileNotExistError(file.display) : e;
    }
  }
}

/** A data file gone while a query read it. */
export function fileNotExistError(display: string): QuarryError {
  return new QuarryError('KD001',
    `[FAILED_READ_FILE.FILE_NOT_EXIST] File ${display} does not exist: the table was dropped or its files removed while the query read it.`,
    undefined, 'FAILED_READ_FILE.FILE_NOT_EXIST');
}

function readDataFile(table: TableMetadata, file: StoredFile, columns: readonly Field[], signal?: AbortSignal, rowGroupBounds?: readonly ColumnBound[]): AsyncGenerator<Batch> {
  if (table.format === 'csv') {
    return readCsvFile(file, { fileColumns: dataColumns(table), columns, csv: csvOptions(table.options), signal });
  }
  if (table.format === 'json') return readJsonFile(file, columns, jsonOptions(table.options));
  if (table.format === 'text') return readTextFile(file, columns, textOptions(table.options));
  return readParquetFile(file, { columns, signal, rowGroupBounds });
}

export interface WriteOptions {
  readonly overwrite: boolean;
  /**
   * With overwrite: replace only the partitions matching these values (INSERT OVERWRITE … PARTITION
   * (city = 'Oslo')), as Spark's static overwrite does; without it the whole table is replaced.
   */
  readonly overwritePartition?: Readonly<Record<string, Scalar>>;
  /**
   * With overwrite of a partitioned table: replace only the partitions the write puts rows in
   * (Spark's spark.sql.sources.partitionOverwriteMode=dynamic), keeping the others.
   */
  readonly dynamicPartitionOverwrite?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Writes rows (in the table's column order) into the table. Nothing is visible until every file is
 * written; on error or abort the staged files are removed and the table is as it was.
 */
export async function writeTableData(catalog: Catalog, table: TableMetadata, batches: AsyncIterable<Batch>, options: WriteOptions): Promise<number> {
  const root = catalog.dbfs.locate(table.location);
  const { storage } = root;
  const local = storage.localPath(root.key);
  const writeId = randomUUID();
  writesInFlight.add(writeId);
  // Local storage: files are written under their final, tagged names (invisible until the marker)
  // and fsynced. Remote storage: each file is written to a local scratch folder and uploaded under
  // its final, tagged name. Either way the commit marker publishes them all at once.
  const staging = local !== undefined ? undefined : await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-upload-'));
  const uploaded: string[] = [];
  const data = dataColumns(table);
  const dataIndexes = data.map((f) => table.columns.indexOf(f));
  const partitionIndexes = table.partitionColumns.map((p) => table.columns.findIndex((c) => c.name === p));
  const buffers = new Map<string, { batches: Batch[]; rows: number }>();
  /** The partition directories this write put files in. */
  const written = new Set<string>();
  let fileCount = 0;
  let rows = 0;
  let committed = false;

  const flush = async (directory: string): Promise<void> => {
    const buffer = buffers.get(directory);
    if (!buffer || buffer.rows === 0) return;
    buffers.delete(directory);
    written.add(directory);
    const extension = table.format === 'parquet' ? 'snappy.parquet' : table.format === 'text' ? 'txt' : table.format;
    const name = taggedFileName(fileCount++, writeId, extension);
    const key = joinKey(root.key, directory, name);
    const dir = local !== undefined ? path.join(local, ...directory.split('/')) : path.join(staging!, directory);
    const file = path.join(dir, name);
    // Recorded first: a file the writer leaves half-written is removed on failure as well.
    uploaded.push(key);
    await intoDirectory(dir, async () => {
      if (table.format === 'csv') await writeCsvFile(file, data, buffer.batches, csvOptions(table.options));
      else if (table.format === 'json') await writeJsonFile(file, data, buffer.batches);
      else if (table.format === 'text') await writeTextFile(file, buffer.batches, textOptions(table.options));
      else await writeParquetFile(file, data, buffer.batches);
    });
    if (local !== undefined) {
      await syncFile(file); // on disk before the marker that publishes it
    } else {
      // Uploaded now, so the scratch space holds one file at a time.
      await storage.write(key, createReadStream(file));
      await fs.rm(file, { force: true });
    }
  };

  try {
    for await (const batch of batches) {
      if (options.signal?.aborted) throw new QuarryError(SqlState.queryCanceled, 'canceling statement due to user request');
      const dataBatch = makeBatch(data, dataIndexes.map((i) => batch.columns[i]), batch.numRows);
      const groups = groupRowsByPartition(batch, partitionIndexes, table);
      for (const [directory, indexes] of groups) {
        const part = indexes.length === batch.numRows ? dataBatch : takeRows(dataBatch, indexes);
        const buffer = buffers.get(directory) ?? { batches: [], rows: 0 };
        buffer.batches.push(part);
        buffer.rows += part.numRows;
        buffers.set(directory, buffer);
        if (buffer.rows >= FILE_ROWS) await flush(directory);
      }
      rows += batch.numRows;
    }
    for (const directory of [...buffers.keys()]) await flush(directory);
    if (options.signal?.aborted) throw new QuarryError(SqlState.queryCanceled, 'canceling statement due to user request');
    let replaced = options.overwrite ? await replacedFiles(catalog, table, root, staticPartitionMatcher(options.overwritePartition)) : [];
    if (options.overwrite && options.dynamicPartitionOverwrite && partitionIndexes.length > 0) {
      replaced = replaced.filter((key) => written.has(key.slice(0, key.lastIndexOf('/'))));
    }
    await commitWrite(storage, root.key, writeId, replaced);
    committed = true;
    await removeReplaced(root, writeId, replaced);
    // Committed already: a failed compaction only leaves more markers for the next one.
    await compactMarkers(storage, root.key).catch(() => undefined);
    return rows;
  } finally {
    writesInFlight.delete(writeId);
    if (staging !== undefined) await fs.rm(staging, { recursive: true, force: true });
    // An uncommitted write is invisible already; its files are removed so they do not linger.
    if (!committed) {
      for (const key of uploaded) await storage.delete(key).catch(() => undefined);
      await removeEmptyDirectories(storage, root.key, uploaded.map((key) => relativeTo(root, key))).catch(() => undefined);
    }
  }
}

/**
 * Creates `dir` and writes into it. The clean-up after an overwrite or DROP PARTITION removes the
 * directories it empties, and may remove this one while it is being created or before the file
 * is (ENOENT from either): then again.
 */
async function intoDirectory(dir: string, write: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await fs.mkdir(dir, { recursive: true });
      return await write();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw e;
    }
  }
}

const relativeTo = (root: DbfsLocation, key: string) => (root.key === '' ? key : key.slice(root.key.length + 1));

/** Deletes what a committed overwrite replaced, once no scan that may have listed those files reads the table. */
async function removeReplaced(root: DbfsLocation, writeId: string, replaced: readonly string[]): Promise<void> {
  if (replaced.length === 0) return;
  await whenNoReaders(leaseName(root), () => cleanUpAfterCommit(root.storage, root.key, writeId, replaced));
}

/** TRUNCATE: every data file replaced by nothing, in one commit like an overwrite's. */
export async function truncateTableData(catalog: Catalog, table: TableMetadata): Promise<void> {
  const root = catalog.dbfs.locate(table.location);
  const replaced = await replacedFiles(catalog, table, root);
  if (replaced.length === 0) return removeDataEntries(root); // only empty partition directories
  const writeId = randomUUID();
  await commitWrite(root.storage, root.key, writeId, replaced);
  await removeReplaced(root, writeId, replaced);
}

/** Everything under a table directory but hidden entries (`_temporary`, `.crc`…). */
async function removeDataEntries(root: DbfsLocation): Promise<void> {
  for (const entry of await root.storage.list(root.key) ?? []) {
    if (!isHidden(entry.name)) await root.storage.delete(joinKey(root.key, entry.name));
  }
}

/** Partition directories, as `city=Oslo/day=2024-01-01`, sorted. */
export async function listPartitions(catalog: Catalog, table: TableMetadata): Promise<string[]> {
  const { directories, commits, root } = await listTableDirectories(catalog, table);
  const shown: string[] = [];
  for (const d of directories) {
    const files = (await root.storage.list(d.key) ?? []).filter((e) => !e.isDirectory && !isHidden(e.name));
    // A partition whose files are all replaced (dropped, waiting for a scan) or not yet committed is not there.
    if (files.length === 0 || files.some((e) => commits.isVisible(joinKey(d.relative, e.name)))) shown.push(d.relative);
  }
  return shown.sort();
}

/** The visible data files an overwrite replaces, as keys relative to the table's root. */
async function replacedFiles(catalog: Catalog, table: TableMetadata, root: DbfsLocation, partitions?: PartitionFilter): Promise<string[]> {
  const prefix = root.key === '' ? '' : `${root.key}/`;
  return (await listDataFiles(catalog, table, partitions)).map((f) => f.key.slice(prefix.length));
}

/** The partitions a static overwrite replaces: those matching its values; undefined for all. */
function staticPartitionMatcher(partition?: Readonly<Record<string, Scalar>>): PartitionFilter | undefined {
  if (!partition || Object.keys(partition).length === 0) return undefined;
  return (values) => Object.entries(partition).every(([k, v]) => values[k] === v);
}

/** Row indexes of a batch by partition directory (`city=Oslo/day=2024-01-01`; '' if unpartitioned). */
function groupRowsByPartition(batch: Batch, partitionIndexes: number[], table: TableMetadata): Map<string, number[]> {
  if (partitionIndexes.length === 0) return new Map([['', Array.from({ length: batch.numRows }, (_, i) => i)]]);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < batch.numRows; i++) {
    const directory = partitionIndexes.map((c) => {
      const column = batch.columns[c];
      return `${escapePathName(table.columns[c].name)}=${partitionDirectoryValue(getScalar(column, i), column.type)}`;
    }).join('/');
    const rows = groups.get(directory);
    if (rows) rows.push(i);
    else groups.set(directory, [i]);
  }
  return groups;
}

function partitionDirectoryValue(value: Scalar, type: DataType): string {
  if (value === null) return HIVE_DEFAULT_PARTITION;
  let text: string;
  switch (type.kind) {
    case 'date': text = formatDate(value as number); break;
    case 'timestamp': case 'timestamp_ntz': text = formatTimestamp(value as number); break;
    case 'decimal': text = formatDecimal(value as number | bigint, type.scale); break;
    default: text = timeValueFileText(value, type)?.replace('T', ' ').replace(/Z$/, '') ?? String(value);
  }
  return text === '' ? HIVE_DEFAULT_PARTITION : escapePathName(text);
}

function parsePartitionValue(text: string, type: DataType): Scalar {
  if (text === HIVE_DEFAULT_PARTITION) return null;
  const invalid = () => new QuarryError(SqlState.invalidTextRepresentation, `Partition value '${text}' is not a valid ${type.kind}`);
  switch (type.kind) {
    case 'string': return text;
    case 'boolean': return text === 'true';
    case 'tinyint': case 'smallint': case 'int': case 'bigint': case 'float': case 'double': {
      const n = Number(text);
      if (Number.isNaN(n) && text !== 'NaN') throw invalid();
      return type.kind === 'bigint' && !Number.isSafeInteger(n) ? BigInt(text) : n;
    }
    case 'date': return parseDate(text) ?? (() => { throw invalid(); })();
    case 'timestamp': case 'timestamp_ntz': return parseTimestamp(text) ?? (() => { throw invalid(); })();
    case 'decimal': {
      const unscaled = parseDecimal(text, type.scale);
      if (unscaled === null) throw invalid();
      return type.precision <= MAX_FAST_DECIMAL_PRECISION ? Number(unscaled) : unscaled;
    }
    default: return parseTimeValueText(text, type) ?? (() => { throw invalid(); })();
  }
}

// Hive escapes these characters in partition directory names as %XX.
const ESCAPED = new Set(['"', '#', '%', "'", '*', '/', ':', '=', '?', '\\', '\u007f', '{', '[', ']', '^']);

export function escapePathName(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out += ESCAPED.has(c) || code < 0x20 ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : c;
  }
  return out;
}

export function unescapePathName(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
