// Reading Parquet: parquet-wasm decodes one row group at a time (only the wanted columns), and the
// decoded Arrow buffers are turned into our vectors with plain loops over the typed arrays.

import fs from 'node:fs';
import * as arrow from 'apache-arrow';
import { ParquetFile, Table as WasmTable, wasmMemory } from 'parquet-wasm';
import { parseTable } from 'arrow-js-ffi';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { BATCH_SIZE, Batch, makeBatch, sliceRows } from '../common/batch.js';
import { QuarryError, SqlState } from '../common/errors.js';
import {
  BinaryType, BooleanType, ByteType, DataType, DateType, DoubleType, Field, FloatType, IntegerType, LongType,
  MAX_FAST_DECIMAL_PRECISION, ShortType, StringType, TimestampNTZType, TimestampType, arrayType, decimalType, mapType, structType, timeType, typeToString,
} from '../common/types.js';
import { truncateNanos, truncateTime } from '../common/time_values.js';
import { FileInput, StoredFile, displayNameOf, localPathOf } from './storage/file_storage.js';
import { asyncBufferOf, blobOf, rangeBlob } from './storage/range_cache.js';
import { ChunkStatistics, ColumnBound, rowGroupMayMatch } from './row_group_pruning.js';
import { isAscii } from 'node:buffer';
import { ArrayValue, DictionaryStrings, MapValue, Scalar, Vector, VectorData, concat, getScalar, isNullAt, nullVector } from '../common/vector.js';

export interface ParquetFileInfo {
  readonly numRows: number;
  readonly rowGroups: readonly {
    readonly numRows: number;
    /** Min/max/null count of top-level column chunks, by lower-cased column name. */
    readonly statistics: ReadonlyMap<string, ChunkStatistics>;
  }[];
  /** Top-level column names as the file spells them. */
  readonly columnNames: readonly string[];
}

/** hyparquet's first read from the end of a remote file: footers are usually far smaller than its 512 KiB default (it fetches more when one is not). */
const REMOTE_FOOTER_FETCH = 16 * 1024;

export async function parquetFileInfo(file: FileInput): Promise<ParquetFileInfo> {
  const local = localPathOf(file);
  const metadata = local !== undefined
    ? await parquetMetadataAsync(await asyncBufferFromFile(local))
    : await parquetMetadataAsync(asyncBufferOf(file as StoredFile), { initialFetchSize: REMOTE_FOOTER_FETCH });
  const root = metadata.schema[0];
  // Top-level columns: the root's children, skipping the nested elements of each.
  const columnNames: string[] = [];
  let i = 1;
  for (let c = 0; c < (root.num_children ?? 0); c++) {
    columnNames.push(metadata.schema[i].name);
    i = skipSubtree(metadata.schema, i);
  }
  return {
    numRows: Number(metadata.num_rows),
    rowGroups: metadata.row_groups.map((g) => ({ numRows: Number(g.num_rows), statistics: chunkStatistics(g.columns) })),
    columnNames,
  };
}

function chunkStatistics(chunks: readonly { meta_data?: { path_in_schema: string[]; statistics?: { min_value?: unknown; max_value?: unknown; null_count?: bigint | number } } }[]): Map<string, ChunkStatistics> {
  const statistics = new Map<string, ChunkStatistics>();
  for (const chunk of chunks) {
    const meta = chunk.meta_data;
    if (!meta?.statistics || meta.path_in_schema.length !== 1) continue;
    // Only min_value/max_value: the deprecated min/max used signed byte order for strings.
    const { min_value: min, max_value: max, null_count: nullCount } = meta.statistics;
    statistics.set(meta.path_in_schema[0].toLowerCase(), { min, max, nullCount });
  }
  return statistics;
}

function skipSubtree(schema: readonly { num_children?: number }[], index: number): number {
  let next = index + 1;
  for (let c = 0; c < (schema[index].num_children ?? 0); c++) next = skipSubtree(schema, next);
  return next;
}

/** The Spark schema of a Parquet file, from the Arrow schema parquet-wasm derives. */
export async function parquetFileSchema(path: FileInput): Promise<Field[]> {
  const { file, close } = await openParquet(path);
  try {
    const table = await file.read({ limit: 0 });
    const schema = arrow.tableFromIPC(table.intoIPCStream()).schema;
    return schema.fields.map((f) => ({ name: f.name, type: sparkTypeOf(f.type, f.name), nullable: f.nullable }));
  } finally {
    file.free();
    await close();
  }
}

export interface ReadOptions {
  /** The wanted columns, matched by name case-insensitively; absent from the file → NULLs. */
  readonly columns: readonly Field[];
  /** Row groups whose statistics rule these out are skipped (the rows read still need filtering). */
  readonly rowGroupBounds?: readonly ColumnBound[];
  readonly signal?: AbortSignal;
  /** Only these row groups (by index), when given. */
  readonly rowGroups?: readonly number[];
  /** A row group as one batch, not cut into batches of BATCH_SIZE rows. */
  readonly wholeRowGroups?: boolean;
}

/**
 * parquet-wasm over a local file, or over ranged reads of a remote one (footer and the wanted column
 * chunks). A local file is read through a descriptor opened here: a file deleted while the scan
 * runs (DROP TABLE, an overwrite's cleanup, `quarry fs rm`) still reads to the end, as POSIX keeps
 * it; a path-based Blob would fail mid-read inside the decoder, which brings the process down.
 */
async function openParquet(input: FileInput): Promise<{ file: ParquetFile; close(): Promise<void> }> {
  const local = localPathOf(input);
  if (local === undefined) return { file: await ParquetFile.fromFile(blobOf(input as StoredFile)), close: async () => undefined };
  const handle = await fs.promises.open(local, 'r');
  try {
    const { size } = await handle.stat();
    return { file: await ParquetFile.fromFile(rangeBlob((start, end) => readHandle(handle, start, end), 0, size)), close: () => handle.close() };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** An open file's bytes [start, end), read through its descriptor. */
async function readHandle(handle: fs.promises.FileHandle, start: number, end: number): Promise<ArrayBuffer> {
  const bytes = new Uint8Array(end - start);
  for (let offset = 0; offset < bytes.length;) {
    const { bytesRead } = await handle.read(bytes, offset, bytes.length - offset, start + offset);
    if (bytesRead === 0) break;
    offset += bytesRead;
  }
  return bytes.buffer;
}

export async function* readParquetFile(input: FileInput, options: ReadOptions): AsyncGenerator<Batch> {
  const reader = await ParquetReader.open(input);
  try {
    yield* reader.read(options);
  } finally {
    await reader.close();
  }
}

/** An open Parquet file: its footer parsed once, for reading row groups many times. */
export class ParquetReader {
  private constructor(
    readonly info: ParquetFileInfo,
    private readonly file: ParquetFile,
    private readonly closeFile: () => Promise<void>,
    private readonly path: string,
  ) {}

  static async open(input: FileInput): Promise<ParquetReader> {
    const info = await parquetFileInfo(input);
    const { file, close } = await openParquet(input);
    return new ParquetReader(info, file, close, displayNameOf(input));
  }

  async *read(options: ReadOptions): AsyncGenerator<Batch> {
    const { info, path } = this;
    const byLowerName = new Map(info.columnNames.map((n) => [n.toLowerCase(), n]));
    const fileColumns = options.columns.map((f) => byLowerName.get(f.name.toLowerCase()));
    const wanted = [...new Set(fileColumns.filter((c): c is string => c !== undefined))];
    const schema = options.columns;
    for (const g of options.rowGroups ?? info.rowGroups.keys()) {
      if (options.signal?.aborted) return;
      const numRows = info.rowGroups[g].numRows;
      if (numRows === 0) continue;
      if (options.rowGroupBounds && !rowGroupMayMatch(numRows, info.rowGroups[g].statistics, options.rowGroupBounds)) continue;
      const convert = (decoded: arrow.Table | null) => schema.map((field, c): Vector => {
        const name = fileColumns[c];
        const child = name === undefined || decoded === null ? null : decoded.getChild(name);
        if (child === null) return nullVector(field.type, numRows);
        return convertColumn(child, field, path);
      });
      // batchSize about a row group: parquet-wasm's default of 1024 is many times slower.
      const columns = wanted.length === 0 ? convert(null)
        : convertInWasm(await this.file.read({ rowGroups: [g], columns: wanted, batchSize: numRows }), convert);
      const batch = makeBatch(schema, columns, numRows);
      if (options.wholeRowGroups) yield batch;
      else for (let start = 0; start < numRows; start += BATCH_SIZE) {
        yield numRows <= BATCH_SIZE ? batch : sliceRows(batch, start, Math.min(numRows, start + BATCH_SIZE));
      }
    }
  }

  async close(): Promise<void> {
    this.file.free();
    await this.closeFile();
  }
}

/**
 * A table decoded in wasm memory, read in place as an Arrow JS table through the C data interface
 * (arrow-js-ffi; half the cost of an IPC stream) by `convert`, which must copy what it keeps: the
 * table's buffers are views of wasm memory, freed when it returns. Not copying them first spares
 * a copy of every buffer (16 bytes a value for decimals). Consumes the wasm table.
 */
function convertInWasm<T>(table: WasmTable, convert: (decoded: arrow.Table) => T): T {
  const ffi = table.intoFFI();
  try {
    // The memory may have grown while decoding: its buffer is read after.
    return convert(parseTable(wasmMemory().buffer, ffi.arrayAddrs(), ffi.schemaAddr(), false));
  } finally {
    ffi.free();
  }
}

/** One Arrow column (possibly in several chunks) → one vector of the wanted Spark type. */
function convertColumn(column: arrow.Vector, field: Field, path: string): Vector {
  const parts = column.data.map((d) => convertData(d, field, path));
  return concat(field.type, parts);
}

/**
 * Bytes [from, to) as one string when they are all ASCII, so that each value is a cheap substring
 * of it (byte offsets are character offsets) instead of a UTF-8 decode per value.
 */
function asciiText(bytes: Buffer, from: number, to: number): { value: string; base: number } | null {
  const range = bytes.subarray(from, to);
  return isAscii(range) ? { value: range.toString('latin1'), base: from } : null;
}

/** 64-bit integers (little-endian) as float64s, or null when one is past ±2^53 (less a margin). */
function int64AsFloat64(raw: BigInt64Array | BigUint64Array, n: number): Float64Array | null {
  const halves = new Int32Array(raw.buffer, raw.byteOffset, n * 2);
  const unsigned = raw instanceof BigUint64Array;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = halves[2 * i] >>> 0, hi = unsigned ? halves[2 * i + 1] >>> 0 : halves[2 * i + 1];
    if (hi >= 0x200000 || hi <= -0x200000) return null;
    out[i] = hi * 4294967296 + lo;
  }
  return out;
}

/** Distinct values past which a column is decoded as plain strings. */
const MAX_DICTIONARY = 1 << 16;

/**
 * Strings as codes into their distinct values, while few distinct values repeat: Parquet's
 * dictionary pages reach us decoded, and coding them again spares a string per row and lets
 * filters, joins and group-bys work on the codes. Undefined when the values are mostly distinct.
 */
function dictionaryCoded(offsets: Int32Array, offset: number, n: number, bytes: Buffer): DictionaryStrings | undefined {
  const codes = new Int32Array(n);
  const dictionary: string[] = [];
  const firstStart: number[] = [], firstLength: number[] = [];
  // Open addressing on typed arrays: slot → code + 1 (0 is empty), probed linearly by hash.
  let mask = 1023;
  let slots = new Int32Array(mask + 1), hashes = new Int32Array(mask + 1);
  const place = (hash: number, code: number) => {
    let slot = hash & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = code + 1;
    hashes[slot] = hash;
  };
  for (let i = 0; i < n; i++) {
    const start = offsets[offset + i], end = offsets[offset + i + 1], length = end - start;
    // The hash reads at most the first and last 4 bytes (equal hashes are compared in full).
    let hash = 0x811c9dc5 ^ length;
    if (length <= 8) for (let k = start; k < end; k++) hash = Math.imul(hash ^ bytes[k], 0x01000193);
    else {
      for (let k = start; k < start + 4; k++) hash = Math.imul(hash ^ bytes[k], 0x01000193);
      for (let k = end - 4; k < end; k++) hash = Math.imul(hash ^ bytes[k], 0x01000193);
    }
    let slot = hash & mask, code = -1;
    for (let entry = slots[slot]; entry !== 0; slot = (slot + 1) & mask, entry = slots[slot]) {
      if (hashes[slot] !== hash || firstLength[entry - 1] !== length) continue;
      const shift = firstStart[entry - 1] - start;
      let k = start;
      while (k < end && bytes[k] === bytes[k + shift]) k++;
      if (k === end) { code = entry - 1; break; }
    }
    if (code < 0) {
      if (dictionary.length >= MAX_DICTIONARY || (i >= 1024 && dictionary.length > i / 2)) return undefined;
      code = dictionary.length;
      // Only the distinct values become strings (all of the column's text as one would cost more).
      dictionary.push(bytes.toString('utf8', start, end));
      firstStart.push(start);
      firstLength.push(length);
      if (dictionary.length * 2 > mask) {
        mask = mask * 2 + 1;
        const [oldSlots, oldHashes] = [slots, hashes];
        slots = new Int32Array(mask + 1);
        hashes = new Int32Array(mask + 1);
        for (let s = 0; s < oldSlots.length; s++) if (oldSlots[s] !== 0) place(oldHashes[s], oldSlots[s] - 1);
      }
      place(hash, code);
    }
    codes[i] = code;
  }
  return { dictionary, codes };
}

function validityOf(data: arrow.Data): Uint8Array | null {
  if (data.nullCount === 0 || !data.nullBitmap || data.nullBitmap.length === 0) return null;
  const out = new Uint8Array(data.length);
  const bits = data.nullBitmap;
  for (let i = 0; i < data.length; i++) {
    const bit = data.offset + i;
    out[i] = (bits[bit >> 3] >> (bit & 7)) & 1;
  }
  return out;
}

function mismatch(field: Field, arrowType: arrow.DataType, path: string): QuarryError {
  return new QuarryError(SqlState.datatypeMismatch,
    `[PARQUET_COLUMN_DATA_TYPE_MISMATCH] Column \`${field.name}\` has type ${arrowType} in ${path}, which cannot be read as ${typeToString(field.type)}.`);
}

function convertData(data: arrow.Data, field: Field, path: string): Vector {
  const type = field.type;
  const n = data.length;
  const validity = validityOf(data);
  const t = data.type;
  const done = (values: VectorData): Vector => ({ type, length: n, data: values, validity });

  if (arrow.DataType.isList(t)) {
    if (type.kind !== 'array') throw mismatch(field, t, path);
    const elements = convertData(data.children[0], { name: `${field.name}.element`, type: type.element, nullable: true }, path);
    const offsets = data.valueOffsets as Int32Array;
    const out = new Array<ArrayValue>(n);
    for (let i = 0; i < n; i++) {
      const start = offsets[data.offset + i], end = offsets[data.offset + i + 1];
      const value: Scalar[] = new Array(end - start);
      for (let k = start; k < end; k++) value[k - start] = isNullAt(elements, k) ? null : getScalar(elements, k);
      out[i] = value as ArrayValue;
    }
    return done(out);
  }
  if (arrow.DataType.isMap(t)) {
    if (type.kind !== 'map') throw mismatch(field, t, path);
    // The entries: a struct of a key and a value column, cut into rows by the offsets.
    const entries = data.children[0];
    const keys = convertSlice(entries.children[0], entries.offset, entries.length, { name: `${field.name}.key`, type: type.key, nullable: false }, path);
    const values = convertSlice(entries.children[1], entries.offset, entries.length, { name: `${field.name}.value`, type: type.value, nullable: true }, path);
    const offsets = data.valueOffsets as Int32Array;
    const out = new Array<MapValue>(n);
    for (let i = 0; i < n; i++) {
      const start = offsets[data.offset + i], end = offsets[data.offset + i + 1];
      const k: Scalar[] = [], v: Scalar[] = [];
      for (let e = start; e < end; e++) {
        k.push(getScalar(keys, e));
        v.push(isNullAt(values, e) ? null : getScalar(values, e));
      }
      out[i] = new MapValue(k, v);
    }
    return done(out);
  }
  if (arrow.DataType.isStruct(t)) {
    if (type.kind !== 'struct') throw mismatch(field, t, path);
    const children = type.fields.map((f) => {
      const k = t.children.findIndex((c) => c.name.toLowerCase() === f.name.toLowerCase());
      if (k < 0) throw mismatch(field, t, path);
      return convertSlice(data.children[k], data.offset, n, { name: `${field.name}.${f.name}`, type: f.type, nullable: true }, path);
    });
    const out = new Array<ArrayValue>(n);
    for (let i = 0; i < n; i++) out[i] = children.map((c) => (isNullAt(c, i) ? null : getScalar(c, i))) as ArrayValue;
    return done(out);
  }
  if (arrow.DataType.isDictionary(t)) {
    if (type.kind !== 'string') throw mismatch(field, t, path);
    const dictionary = (data.dictionary as arrow.Vector).toArray() as string[];
    const codes = Int32Array.from((data.values as ArrayLike<number>) as Int32Array).subarray(data.offset, data.offset + n);
    return done({ dictionary, codes: codes.length === n ? codes : Int32Array.from(codes) });
  }
  if (arrow.DataType.isUtf8(t) || arrow.DataType.isLargeUtf8(t) || arrow.DataType.isBinary(t) || arrow.DataType.isLargeBinary(t)) {
    const isText = arrow.DataType.isUtf8(t) || arrow.DataType.isLargeUtf8(t);
    if (isText ? type.kind !== 'string' : type.kind !== 'binary' && type.kind !== 'string') throw mismatch(field, t, path);
    const offsets = data.valueOffsets as Int32Array | BigInt64Array;
    const bytes = data.values as Uint8Array;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (type.kind === 'string' && offsets instanceof Int32Array) {
      const coded = dictionaryCoded(offsets, data.offset, n, buffer);
      if (coded) return done(coded);
    }
    const out = new Array(n);
    const text = type.kind === 'string' ? asciiText(buffer, Number(offsets[data.offset]), Number(offsets[data.offset + n])) : null;
    for (let i = 0; i < n; i++) {
      const start = Number(offsets[data.offset + i]), end = Number(offsets[data.offset + i + 1]);
      out[i] = text !== null ? text.value.substring(start - text.base, end - text.base)
        : type.kind === 'string' ? buffer.toString('utf8', start, end) : bytes.slice(start, end);
    }
    return done(out);
  }
  if (arrow.DataType.isBool(t)) {
    if (type.kind !== 'boolean') throw mismatch(field, t, path);
    const bits = data.values as Uint8Array;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const bit = data.offset + i;
      out[i] = (bits[bit >> 3] >> (bit & 7)) & 1;
    }
    return done(out);
  }
  if (arrow.DataType.isDecimal(t)) {
    if (type.kind !== 'decimal') throw mismatch(field, t, path);
    const stride = t.bitWidth / 32;
    // arrow-js-ffi's in-place view of decimals counts values where it should count 32-bit words.
    const view = data.values as Uint32Array;
    const words = new Uint32Array(view.buffer, view.byteOffset, (data.offset + n) * stride);
    const shift = BigInt(type.scale - t.scale);
    const fast = type.precision <= MAX_FAST_DECIMAL_PRECISION;
    const floats = new Float64Array(n);
    let from = 0;
    if (shift === 0n && stride === 4 && fast) {
      // Decimal128 of at most 15 digits at the wanted scale (DuckDB's DECIMAL(15,2)): the common
      // case in one tight loop, until a value whose high words are more than its sign.
      for (; from < n; from++) {
        const base = (data.offset + from) * 4;
        const hi = words[base + 1] | 0, sign = hi >> 31;
        if ((words[base + 2] | 0) !== sign || (words[base + 3] | 0) !== sign) break;
        floats[from] = hi * 4294967296 + words[base];
      }
    }
    if (shift >= 0n && stride >= 2) {
      // The low 64 bits as a float64 are exact when the higher words only extend the sign and the
      // value is a safe integer (always so up to 15 digits); the first value that is not so moves
      // the rest of the column to the bigint loop below.
      const factor = 10 ** Number(shift);
      for (; from < n; from++) {
        const base = (data.offset + from) * stride;
        const hi = words[base + 1] | 0;
        const extension = hi < 0 ? 0xffffffff : 0;
        let w = 2;
        while (w < stride && words[base + w] === extension) w++;
        if (w < stride) break;
        const x = (hi * 4294967296 + words[base]) * factor;
        if (!fast && !Number.isSafeInteger(x)) break;
        floats[from] = x;
      }
    }
    if (from === n) return done(floats);
    const out: Float64Array | bigint[] = fast ? floats : Array.from({ length: n }, (_, i) => (i < from ? BigInt(floats[i]) : 0n));
    for (let i = from; i < n; i++) {
      let value = 0n;
      const base = (data.offset + i) * stride;
      for (let w = stride - 1; w >= 0; w--) value = (value << 32n) | BigInt(words[base + w]);
      value = BigInt.asIntN(t.bitWidth, value);
      if (shift > 0n) value *= 10n ** shift;
      else if (shift < 0n) value /= 10n ** -shift;
      out[i] = (fast ? Number(value) : value) as never;
    }
    return done(out);
  }
  if (arrow.DataType.isTimestamp(t) || arrow.DataType.isDate(t)) {
    const raw = data.values as Int32Array | BigInt64Array;
    if (arrow.DataType.isDate(t)) {
      if (type.kind !== 'date') throw mismatch(field, t, path);
      const perDay = t.unit === arrow.DateUnit.DAY ? 1 : 86_400_000;
      if (perDay === 1 && raw instanceof Int32Array) return done(raw.slice(data.offset, data.offset + n));
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.floor(Number(raw[data.offset + i]) / perDay);
      return done(out);
    }
    if (type.kind === 'timestamp_ntz_nanos' || type.kind === 'timestamp_ltz_nanos') {
      const toNanos = [1_000_000_000n, 1_000_000n, 1_000n, 1n][t.unit];
      const out = new Array<bigint>(n);
      for (let i = 0; i < n; i++) out[i] = truncateNanos(BigInt(raw[data.offset + i]) * toNanos, type.precision);
      return done(out);
    }
    if (type.kind !== 'timestamp' && type.kind !== 'timestamp_ntz') throw mismatch(field, t, path);
    const toMicros = [1_000_000, 1_000, 1, 0.001][t.unit];
    const out = new Float64Array(n);
    const wide = raw instanceof BigInt64Array;
    for (let i = 0; i < n; i++) {
      const v = wide ? Number((raw as BigInt64Array)[data.offset + i]) : (raw as Int32Array)[data.offset + i];
      out[i] = toMicros < 1 ? Math.floor(v * toMicros) : v * toMicros;
    }
    return done(out);
  }
  if (arrow.DataType.isTime(t)) {
    if (type.kind !== 'time') throw mismatch(field, t, path);
    const raw = data.values as Int32Array | BigInt64Array;
    const toNanos = [1e9, 1e6, 1e3, 1][t.unit];
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = truncateTime(Number(raw[data.offset + i]) * toNanos, type.precision);
    return done(out);
  }
  if (arrow.DataType.isInt(t) || arrow.DataType.isFloat(t)) {
    const raw = (data.values as ArrayLike<number | bigint> & { subarray(a: number, b: number): ArrayLike<number | bigint> })
      .subarray(data.offset, data.offset + n);
    switch (type.kind) {
      case 'bigint': case 'timestamp': case 'timestamp_ntz': {
        if (arrow.DataType.isFloat(t)) throw mismatch(field, t, path);
        if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
          // The float64 form while every value is a safe integer; bigint otherwise. The values are
          // read as 32-bit halves: reading a BigInt64Array element makes a BigInt per row.
          const out = int64AsFloat64(raw, n);
          return done(out ?? BigInt64Array.from(raw as BigInt64Array, (x) => BigInt.asIntN(64, BigInt(x))));
        }
        return done(numbersAs(Float64Array, raw));
      }
      case 'double': return done(numbersAs(Float64Array, raw));
      case 'float': return done(numbersAs(Float32Array, raw));
      case 'int': case 'date': return done(numbersAs(Int32Array, raw));
      case 'smallint': return done(numbersAs(Int16Array, raw));
      case 'tinyint': return done(numbersAs(Int8Array, raw));
      case 'decimal': {
        if (arrow.DataType.isFloat(t)) throw mismatch(field, t, path);
        const scale = 10 ** type.scale;
        if (type.precision <= MAX_FAST_DECIMAL_PRECISION) {
          const out = new Float64Array(n);
          for (let i = 0; i < n; i++) out[i] = Number(raw[i]) * scale;
          return done(out);
        }
        return done(Array.from(raw as ArrayLike<number>, (x) => BigInt(x) * 10n ** BigInt(type.scale)));
      }
      default: throw mismatch(field, t, path);
    }
  }
  if (arrow.DataType.isNull(t)) return nullVector(type, n);
  throw new QuarryError(SqlState.featureNotSupported,
    `[UNSUPPORTED_DATATYPE] Column \`${field.name}\` of ${path} has type ${t}, which Quarry cannot read yet.`);
}

type NumberArrayConstructor = Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor | Int16ArrayConstructor | Int8ArrayConstructor;

/**
 * Decoded numbers in the wanted typed array: a copy of the decoder's buffer (which is wasm memory)
 * when it already is one, else converted in a plain loop (TypedArray.from with a mapping function
 * is many times slower in V8).
 */
function numbersAs<C extends NumberArrayConstructor>(ctor: C, raw: ArrayLike<number | bigint>): InstanceType<C> {
  if (raw instanceof ctor) return raw.slice() as InstanceType<C>;
  const out = new ctor(raw.length) as InstanceType<C>;
  for (let i = 0; i < raw.length; i++) out[i] = Number(raw[i]);
  return out;
}

/** A struct child's rows [offset, offset + n): struct children share the parent's offset. */
function convertSlice(child: arrow.Data, offset: number, n: number, field: Field, path: string): Vector {
  return convertData(offset === 0 && child.length === n ? child : child.slice(offset, n), field, path);
}

/** The Spark type Arrow's type maps to. */
export function sparkTypeOf(t: arrow.DataType, column: string): DataType {
  if (arrow.DataType.isDictionary(t)) return sparkTypeOf(t.dictionary, column);
  if (arrow.DataType.isList(t) || arrow.DataType.isLargeList(t)) return arrayType(sparkTypeOf(t.children[0].type, column));
  if (arrow.DataType.isMap(t)) return mapType(sparkTypeOf(t.keyType, `${column}.key`), sparkTypeOf(t.valueType, `${column}.value`));
  if (arrow.DataType.isStruct(t)) return structType(t.children.map((c) => ({ name: c.name, type: sparkTypeOf(c.type, `${column}.${c.name}`) })));
  if (arrow.DataType.isBool(t)) return BooleanType;
  if (arrow.DataType.isInt(t)) {
    if (t.bitWidth === 64) return LongType;
    if (t.bitWidth === 32) return t.isSigned ? IntegerType : LongType;
    if (t.bitWidth === 16) return t.isSigned ? ShortType : IntegerType;
    return t.isSigned ? ByteType : ShortType;
  }
  if (arrow.DataType.isFloat(t)) return t.precision === arrow.Precision.DOUBLE ? DoubleType : FloatType;
  if (arrow.DataType.isDecimal(t)) return decimalType(t.precision, t.scale);
  if (arrow.DataType.isUtf8(t) || arrow.DataType.isLargeUtf8(t)) return StringType;
  if (arrow.DataType.isBinary(t) || arrow.DataType.isLargeBinary(t)) return BinaryType;
  if (arrow.DataType.isDate(t)) return DateType;
  if (arrow.DataType.isTimestamp(t)) return t.timezone ? TimestampType : TimestampNTZType;
  if (arrow.DataType.isTime(t)) return timeType([0, 3, 6, 9][t.unit]);
  throw new QuarryError(SqlState.featureNotSupported, `[UNSUPPORTED_DATATYPE] Column \`${column}\` has type ${t}, which Quarry cannot read yet.`);
}
