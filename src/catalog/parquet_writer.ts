// Writing Parquet: our vectors become Arrow data built straight from typed arrays (no per-value
// builders), which parquet-wasm encodes with Snappy, dictionaries and statistics.

import fs from 'node:fs/promises';
import * as arrow from 'apache-arrow';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';
import { Batch } from '../common/batch.js';
import { QuarryError, SqlState } from '../common/errors.js';
import { DataType, Field, typeToString } from '../common/types.js';
import { formatTimestampNanos } from '../common/time_values.js';
import { ArrayValue, MapValue, Scalar, Vector, concat, isDictionary, stringValues, vectorFromScalars } from '../common/vector.js';

/** Rows per Parquet row group. */
export const ROW_GROUP_SIZE = 128 * 1024;

export async function writeParquetFile(path: string, schema: readonly Field[], batches: readonly Batch[]): Promise<void> {
  const numRows = batches.reduce((s, b) => s + b.numRows, 0);
  const arrowSchema = new arrow.Schema(schema.map((f) => new arrow.Field(f.name, arrowTypeOf(f.type), true)));
  const children = schema.map((f, c) => toArrowData(concat(f.type, batches.map((b) => b.columns[c])), arrowSchema.fields[c].type));
  const struct = arrow.makeData({ type: new arrow.Struct(arrowSchema.fields), length: numRows, nullCount: 0, children });
  const table = new arrow.Table(arrowSchema, [new arrow.RecordBatch(arrowSchema, struct)]);
  const wasmTable = WasmTable.fromIPCStream(arrow.tableToIPC(table, 'stream'));
  const properties = new WriterPropertiesBuilder()
    .setCompression(Compression.SNAPPY)
    .setMaxRowGroupSize(ROW_GROUP_SIZE)
    .setCreatedBy('Quarry')
    .build();
  const bytes = writeParquet(wasmTable, properties);
  await fs.writeFile(path, bytes);
}

function arrowTypeOf(t: DataType): arrow.DataType {
  switch (t.kind) {
    case 'boolean': return new arrow.Bool();
    case 'tinyint': return new arrow.Int8();
    case 'smallint': return new arrow.Int16();
    case 'int': return new arrow.Int32();
    case 'bigint': return new arrow.Int64();
    case 'float': return new arrow.Float32();
    case 'double': return new arrow.Float64();
    case 'string': return new arrow.Utf8();
    case 'binary': return new arrow.Binary();
    case 'date': return new arrow.DateDay();
    case 'timestamp': return new arrow.TimestampMicrosecond('UTC');
    case 'timestamp_ntz': return new arrow.TimestampMicrosecond();
    // Parquet's TIME(NANOS) and TIMESTAMP(NANOS): int64 nanoseconds (timestamps 1677..2262).
    case 'time': return new arrow.TimeNanosecond();
    case 'timestamp_ntz_nanos': return new arrow.TimestampNanosecond();
    case 'timestamp_ltz_nanos': return new arrow.TimestampNanosecond('UTC');
    case 'decimal': return new arrow.Decimal(t.scale, t.precision, 128);
    // Spark's layouts: a list of `element`, a group of the struct's fields.
    case 'array': return new arrow.List(new arrow.Field('element', arrowTypeOf(t.element), true));
    case 'struct': return new arrow.Struct(t.fields.map((f) => new arrow.Field(f.name, arrowTypeOf(f.type), true)));
    // Parquet's MAP: a repeated `key_value` group of a required key and an optional value.
    case 'map': return new arrow.Map_(new arrow.Field<arrow.Struct>('key_value', new arrow.Struct<any>([
      new arrow.Field('key', arrowTypeOf(t.key), false), new arrow.Field('value', arrowTypeOf(t.value), true),
    ]), false));
    case 'null': case 'interval_ym': case 'interval_dt':
      throw new QuarryError(SqlState.featureNotSupported, `[UNSUPPORTED_DATATYPE] Columns of type ${typeToString(t)} cannot be stored in Parquet tables.`);
  }
}

/** Validity bytes → an Arrow validity bitmap and its null count. */
function bitmapOf(v: Vector): { nullBitmap?: Uint8Array; nullCount: number } {
  if (v.validity === null) return { nullCount: 0 };
  const bitmap = new Uint8Array((v.length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < v.length; i++) {
    if (v.validity[i]) bitmap[i >> 3] |= 1 << (i & 7);
    else nullCount++;
  }
  return nullCount === 0 ? { nullCount: 0 } : { nullBitmap: bitmap, nullCount };
}

function toArrowData(v: Vector, type: arrow.DataType): arrow.Data {
  const n = v.length;
  const nulls = bitmapOf(v);
  const d = v.data;
  switch (v.type.kind) {
    case 'boolean': {
      const bits = new Uint8Array((n + 7) >> 3);
      const bytes = d as Uint8Array;
      for (let i = 0; i < n; i++) if (bytes[i]) bits[i >> 3] |= 1 << (i & 7);
      return arrow.makeData({ type: type as arrow.Bool, length: n, data: bits, ...nulls });
    }
    case 'tinyint': case 'smallint': case 'int': case 'date': case 'float': case 'double':
      return arrow.makeData({ type: type as arrow.Int32, length: n, data: d as Int32Array, ...nulls });
    case 'time': return arrow.makeData({ type: type as arrow.TimeNanosecond, length: n, data: BigInt64Array.from(d as Float64Array, (x) => BigInt(x)), ...nulls });
    case 'timestamp_ntz_nanos': case 'timestamp_ltz_nanos': {
      const values = BigInt64Array.from(d as bigint[], (x) => {
        if (BigInt.asIntN(64, x) !== x) {
          throw new QuarryError(SqlState.numericValueOutOfRange, `The timestamp ${formatTimestampNanos(x)} is outside the range Parquet's nanosecond timestamps hold (1677 to 2262).`);
        }
        return x;
      });
      return arrow.makeData({ type: type as arrow.TimestampNanosecond, length: n, data: values, ...nulls });
    }
    case 'bigint': case 'timestamp': case 'timestamp_ntz': {
      const values = d instanceof BigInt64Array ? d : BigInt64Array.from(d as Float64Array, (x) => BigInt(x));
      return arrow.makeData({ type: type as arrow.Int64, length: n, data: values, ...nulls });
    }
    case 'decimal': {
      // 128-bit two's complement, little-endian 32-bit words.
      const words = new Uint32Array(n * 4);
      const values = d as ArrayLike<number | bigint>;
      for (let i = 0; i < n; i++) {
        let x = BigInt.asUintN(128, BigInt(values[i] ?? 0));
        for (let w = 0; w < 4; w++) {
          words[i * 4 + w] = Number(x & 0xffffffffn);
          x >>= 32n;
        }
      }
      return arrow.makeData({ type: type as arrow.Decimal, length: n, data: words, ...nulls });
    }
    case 'string': case 'binary': {
      const parts: Uint8Array[] = v.type.kind === 'string'
        ? (isDictionary(d) ? stringValues(v) : (d as string[])).map((s) => Buffer.from(s ?? '', 'utf8'))
        : (d as Uint8Array[]);
      const offsets = new Int32Array(n + 1);
      for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + (parts[i]?.length ?? 0);
      const bytes = new Uint8Array(offsets[n]);
      for (let i = 0; i < n; i++) if (parts[i]) bytes.set(parts[i], offsets[i]);
      return arrow.makeData({ type: type as arrow.Utf8, length: n, data: bytes, valueOffsets: offsets, ...nulls });
    }
    case 'array': {
      const element = v.type.element;
      const values = d as (ArrayValue | null)[];
      const offsets = new Int32Array(n + 1);
      for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + (values[i]?.length ?? 0);
      const child = toArrowData(vectorFromScalars(element, values.flatMap((x) => (x ?? []) as Scalar[])), (type as arrow.List).children[0].type);
      return arrow.makeData({ type: type as arrow.List, length: n, valueOffsets: offsets, child, ...nulls });
    }
    case 'struct': {
      const values = d as (ArrayValue | null)[];
      const children = v.type.fields.map((f, k) =>
        toArrowData(vectorFromScalars(f.type, values.map((x) => (x?.[k] ?? null) as Scalar)), (type as arrow.Struct).children[k].type));
      return arrow.makeData({ type: type as arrow.Struct, length: n, children, ...nulls });
    }
    case 'map': {
      const values = d as (MapValue | null)[];
      const offsets = new Int32Array(n + 1);
      for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + (values[i]?.size ?? 0);
      const entryType = (type as arrow.Map_).children[0].type as arrow.Struct;
      const keys = toArrowData(vectorFromScalars(v.type.key, values.flatMap((m) => (m?.keys ?? []) as Scalar[])), entryType.children[0].type);
      const items = toArrowData(vectorFromScalars(v.type.value, values.flatMap((m) => (m?.values ?? []) as Scalar[])), entryType.children[1].type);
      const child = arrow.makeData({ type: entryType, length: offsets[n], nullCount: 0, children: [keys, items] });
      return arrow.makeData({ type: type as arrow.Map_, length: n, valueOffsets: offsets, child, ...nulls });
    }
    case 'null': case 'interval_ym': case 'interval_dt': throw new Error('unreachable: refused by arrowTypeOf');
  }
}
