import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog, TableMetadata, listDataFiles, readParquetFile, scanTable, writeParquetFile, writeTableData } from '../../src/catalog/index.js';
import { Batch } from '../../src/common/batch.js';
import {
  BinaryType, BooleanType, ByteType, DateType, DoubleType, Field, FloatType, IntegerType, LongType, ShortType, StringType,
  TimestampNTZType, TimestampType, decimalType,
} from '../../src/common/types.js';
import { Scalar, getScalar, isDictionary } from '../../src/common/vector.js';
import { batchOf } from '../exec/helpers.js';

async function rowsOf(batches: AsyncIterable<Batch>): Promise<Scalar[][]> {
  const rows: Scalar[][] = [];
  for await (const b of batches) for (let i = 0; i < b.numRows; i++) rows.push(b.columns.map((c) => getScalar(c, i)));
  return rows;
}

async function* from(...batches: Batch[]): AsyncGenerator<Batch> { yield* batches; }

const every: Field[] = [
  ['b', BooleanType], ['i8', ByteType], ['i16', ShortType], ['i32', IntegerType], ['i64', LongType], ['f32', FloatType],
  ['f64', DoubleType], ['s', StringType], ['bin', BinaryType], ['d', DateType], ['ts', TimestampType], ['ntz', TimestampNTZType],
  ['dec', decimalType(10, 2)], ['wide', decimalType(30, 5)],
].map(([name, type]) => ({ name: name as string, type: type as Field['type'], nullable: true }));

describe('Parquet files', () => {
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-files-')); });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  it('round-trips every type, NULLs, bigint beyond 2^53 and both decimal forms', async () => {
    const rows: Scalar[][] = [
      [true, -128, 32767, -7, 9007199254740993n, 1.5, 0.1, 'Zürich', Uint8Array.of(0xde, 0xad), 19723, 1704103200000000, 1704103200000001, 1250, 123456789012345678901234567890n],
      [false, 1, 2, 3, 4, -0.5, Infinity, '', new Uint8Array(0), -1, 0, 0, -1, -1n],
      Array(every.length).fill(null),
    ];
    const file = path.join(dir, 'all.parquet');
    await writeParquetFile(file, every, [batchOf(every, rows)]);
    // A bigint column holding a value beyond 2^53 is read in its exact (BigInt64Array) form throughout.
    const expected = rows.map((r) => r.map((v, c) => (c === 4 && typeof v === 'number' ? BigInt(v) : v)));
    expect(await rowsOf(readParquetFile(file, { columns: every }))).toEqual(expected);
  });

  it('reads a subset of columns by name, case-insensitively, and NULLs for missing ones', async () => {
    const file = path.join(dir, 'few.parquet');
    const schema: Field[] = [{ name: 'ID', type: IntegerType, nullable: true }, { name: 'name', type: StringType, nullable: true }];
    await writeParquetFile(file, schema, [batchOf(schema, [[1, 'a'], [2, 'b']])]);
    const wanted: Field[] = [{ name: 'name', type: StringType, nullable: true }, { name: 'id', type: LongType, nullable: true }, { name: 'extra', type: DoubleType, nullable: true }];
    expect(await rowsOf(readParquetFile(file, { columns: wanted }))).toEqual([['a', 1, null], ['b', 2, null]]);
  });

  it('codes repeating strings as a dictionary, and keeps mostly distinct ones plain', async () => {
    const schema: Field[] = [{ name: 'flag', type: StringType, nullable: true }, { name: 'id', type: StringType, nullable: true }];
    const flags = ['A', 'N', 'R', '', 'Zürich', null];
    const rows: Scalar[][] = Array.from({ length: 5000 }, (_, i) => [flags[i % flags.length], `id-${i}`]);
    const file = path.join(dir, 'strings.parquet');
    await writeParquetFile(file, schema, [batchOf(schema, rows)]);
    const batches: Batch[] = [];
    for await (const b of readParquetFile(file, { columns: schema })) batches.push(b);
    expect(batches.flatMap((b) => Array.from({ length: b.numRows }, (_, i) => b.columns.map((c) => getScalar(c, i))))).toEqual(rows);
    expect(isDictionary(batches[0].columns[0].data)).toBe(true);
    expect(isDictionary(batches[0].columns[1].data)).toBe(false);
  });

  it('reads Spark-written Parquet (a saved ML model)', async () => {
    const file = path.resolve(import.meta.dirname, '../../../shared/ml-models/linreg-spark2.1/model');
    const data = (await fs.readdir(path.join(file, 'data'))).find((f) => f.endsWith('.parquet'));
    const fields: Field[] = [{ name: 'intercept', type: DoubleType, nullable: true }];
    const rows = await rowsOf(readParquetFile(path.join(file, 'data', data!), { columns: fields }));
    expect(rows).toHaveLength(1);
    expect(typeof rows[0][0]).toBe('number');
  });
});

describe('table files', () => {
  let dir: string;
  let catalog: Catalog;
  let table: TableMetadata;
  const columns: Field[] = [{ name: 'id', type: IntegerType, nullable: true }, { name: 'city', type: StringType, nullable: true }, { name: 'day', type: DateType, nullable: true }];
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-table-'));
    catalog = await Catalog.open(dir);
    table = (await catalog.createTable({ database: 'default', name: 't', format: 'parquet', columns, partitionColumns: ['city', 'day'] }))!;
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  it('writes Hive partition directories, with escaping and the NULL partition', async () => {
    const n = await writeTableData(catalog, table, from(batchOf(columns, [[1, 'Oslo', 0], [2, 'a/b=c', 1], [3, null, null]])), { overwrite: false });
    expect(n).toBe(3);
    const files = await listDataFiles(catalog, table);
    const relative = files.map((f) => path.relative(catalog.dbfs.resolve(table.location), path.dirname(f.path))).sort();
    expect(relative).toEqual(['city=Oslo/day=1970-01-01', 'city=__HIVE_DEFAULT_PARTITION__/day=__HIVE_DEFAULT_PARTITION__', 'city=a%2Fb%3Dc/day=1970-01-02']);
    expect(files.every((f) => /part-\d{5}-tid-[0-9a-f-]+\.c000\.snappy\.parquet$/.test(f.path))).toBe(true);
    const rows = await rowsOf(scanTable(catalog, table, { columns: ['day', 'id', 'city'] }));
    expect(rows.sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([[0, 1, 'Oslo'], [1, 2, 'a/b=c'], [null, 3, null]]);
  });

  it('prunes partitions before reading, and counts rows from footers alone', async () => {
    await writeTableData(catalog, table, from(batchOf(columns, [[1, 'Oslo', 0], [2, 'Bergen', 0], [3, 'Oslo', 1]])), { overwrite: false });
    const oslo = await listDataFiles(catalog, table, (v) => v.city === 'Oslo');
    expect(oslo.map((f) => f.partitionValues)).toEqual([{ city: 'Oslo', day: 0 }, { city: 'Oslo', day: 1 }]);
    expect(await rowsOf(scanTable(catalog, table, { columns: ['city'], partitionFilter: (v) => v.day === 1 }))).toEqual([['Oslo']]);
  });

  it('leaves the table unchanged when a write fails midway, and overwrites only at commit', async () => {
    await writeTableData(catalog, table, from(batchOf(columns, [[1, 'Oslo', 0]])), { overwrite: false });
    async function* failing(): AsyncGenerator<Batch> {
      yield batchOf(columns, [[2, 'Bergen', 0]]);
      throw new Error('boom');
    }
    await expect(writeTableData(catalog, table, failing(), { overwrite: true })).rejects.toThrow('boom');
    expect(await rowsOf(scanTable(catalog, table, { columns: ['id'] }))).toEqual([[1]]);
    const entries = await fs.readdir(catalog.dbfs.resolve(table.location));
    // Only the first write's data and its commit marker: the failed write left nothing.
    expect(entries.map((e) => e.replace(/^_committed_.*/, '_committed_'))).toEqual(['_committed_', 'city=Oslo']);
    await writeTableData(catalog, table, from(batchOf(columns, [[9, 'Bergen', 0]])), { overwrite: true });
    expect(await rowsOf(scanTable(catalog, table, { columns: ['id', 'city'] }))).toEqual([[9, 'Bergen']]);
  });
});
