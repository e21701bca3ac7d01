// Row-group pruning: Parquet row groups whose min/max statistics rule a comparison out are not
// read, and queries over them still answer exactly.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { ColumnBound, parquetFileInfo, readParquetFile } from '../../src/catalog/index.js';
import { DateType, Field, IntegerType, StringType } from '../../src/common/types.js';
import { rowGroupMayMatch } from '../../src/catalog/row_group_pruning.js';
import { TestServer, startTestServer } from '../support/server.js';

const COLUMNS: Field[] = [
  { name: 'id', type: IntegerType, nullable: true }, { name: 's', type: StringType, nullable: true }, { name: 'd', type: DateType, nullable: true },
];

/** 10 000 rows in row groups of 1 000: id 0…9999, s 'k00000'…, d from 2020-01-01, n NULL throughout. */
async function writeGroups(file: string): Promise<void> {
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  await duck.run(`COPY (SELECT range::INT AS id, 'k' || lpad(range::VARCHAR, 5, '0') AS s, DATE '2020-01-01' + range::INT AS d, NULL::INT AS n
    FROM range(10000)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
  duck.closeSync();
}

async function rowsRead(file: string, bounds: ColumnBound[]): Promise<number> {
  let n = 0;
  for await (const batch of readParquetFile(file, { columns: COLUMNS, rowGroupBounds: bounds })) n += batch.numRows;
  return n;
}

describe('row-group pruning', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-rowgroups-'));
    file = path.join(dir, 'groups.parquet');
    await writeGroups(file);
  });
  afterAll(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  it('skips the row groups min/max rule out, for integers, strings and dates', async () => {
    const groups = (await parquetFileInfo(file)).rowGroups.map((g) => g.numRows);
    expect(groups.length).toBeGreaterThan(3);
    const largest = Math.max(...groups);
    // Whole groups are read: at least the matching rows, at most those plus a group at each end.
    const expectPruned = async (bounds: ColumnBound[], matching: number) => {
      const read = await rowsRead(file, bounds);
      expect(read).toBeGreaterThanOrEqual(matching);
      expect(read).toBeLessThanOrEqual(Math.min(10000, matching + 2 * largest));
      if (matching === 0) expect(read).toBe(0);
    };
    expect(await rowsRead(file, [])).toBe(10000);
    await expectPruned([{ column: 'id', op: 'ge', value: 9500, kind: 'integer' }], 500);
    await expectPruned([{ column: 'ID', op: 'eq', value: 4242n, kind: 'integer' }], 1);
    await expectPruned([{ column: 'id', op: 'lt', value: 1000, kind: 'integer' }], 1000);
    await expectPruned([{ column: 'id', op: 'gt', value: 8999, kind: 'integer' }], 1000);
    await expectPruned([{ column: 'id', op: 'gt', value: 99999, kind: 'integer' }], 0);
    await expectPruned([{ column: 's', op: 'eq', value: 'k05001', kind: 'string' }], 1);
    await expectPruned([{ column: 'd', op: 'lt', value: 18262 + 1500, kind: 'date' }], 1500);
    // Bounds on two columns: both must hold.
    await expectPruned([{ column: 'id', op: 'ge', value: 2000, kind: 'integer' }, { column: 's', op: 'lt', value: 'k04000', kind: 'string' }], 2000);
    // An all-NULL column chunk matches no comparison.
    await expectPruned([{ column: 'n', op: 'eq', value: 1, kind: 'integer' }], 0);
  });

  it('keeps a group when statistics are missing or not comparable', () => {
    const stats = new Map([['a', { min: 1.5, max: 2.5 }], ['b', {}]]);
    expect(rowGroupMayMatch(10, stats, [{ column: 'a', op: 'gt', value: 100, kind: 'integer' }])).toBe(true);
    expect(rowGroupMayMatch(10, stats, [{ column: 'b', op: 'eq', value: 'x', kind: 'string' }])).toBe(true);
    expect(rowGroupMayMatch(10, stats, [{ column: 'c', op: 'eq', value: 1, kind: 'integer' }])).toBe(true);
    // UTF-8 byte order: U+FF61 sorts below U+1F600 as bytes (not as UTF-16 code units).
    const strings = new Map([['s', { min: '\uff61', max: '\u{1f600}' }]]);
    expect(rowGroupMayMatch(10, strings, [{ column: 's', op: 'eq', value: '\u{1f5ff}', kind: 'string' }])).toBe(true);
  });

  describe('through SQL', () => {
    let server: TestServer;
    let client: pg.Client;
    beforeAll(async () => {
      server = await startTestServer();
      client = await server.client();
      const raw = path.join(server.warehouse, 'dbfs', 'raw', 'groups');
      await fs.mkdir(raw, { recursive: true });
      await writeGroups(path.join(raw, 'part-0.parquet'));
      await client.query(`CREATE TABLE groups USING parquet LOCATION 'dbfs:/raw/groups'`);
    });
    afterAll(async () => { await server.close(); });

    it('answers exactly with pruned scans', async () => {
      const count = async (where: string) => Number((await client.query({ text: `SELECT count(*) FROM groups WHERE ${where}`, rowMode: 'array' })).rows[0][0]);
      expect(await count('id >= 9500')).toBe(500);
      expect(await count('9500 <= id')).toBe(500);
      expect(await count('id = 4242')).toBe(1);
      expect(await count('CAST(id AS BIGINT) > 9990')).toBe(9);
      expect(await count(`s = 'k05001' AND id = 5001`)).toBe(1);
      expect(await count(`d < DATE '2020-01-11'`)).toBe(10);
      expect(await count('id > 99999')).toBe(0);
      expect(await count('n = 1 OR id = 3')).toBe(1);
      expect(await count('n IS NULL AND id < 10')).toBe(10);
    });
  });
});
