// The commit protocol on local storage: what start-up recovery removes and compacts, and how an
// overwrite's replaced files wait for scans that began before its commit.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog, TableMetadata, listDataFiles, scanTable, writeTableData } from '../../src/catalog/index.js';
import { COMMIT_MANIFEST, MARKERS_BEFORE_COMPACTION, commitWrite, taggedFileName } from '../../src/catalog/commit_markers.js';
import { recoverTableFiles } from '../../src/catalog/commit_recovery.js';
import { Batch } from '../../src/common/batch.js';
import { Field, IntegerType, StringType } from '../../src/common/types.js';
import { Scalar, getScalar } from '../../src/common/vector.js';
import { batchOf } from '../exec/helpers.js';

async function rowsOf(batches: AsyncIterable<Batch>): Promise<Scalar[][]> {
  const rows: Scalar[][] = [];
  for await (const b of batches) for (let i = 0; i < b.numRows; i++) rows.push(b.columns.map((c) => getScalar(c, i)));
  return rows;
}
async function* from(...batches: Batch[]): AsyncGenerator<Batch> { yield* batches; }

const columns: Field[] = [{ name: 'id', type: IntegerType, nullable: true }, { name: 'city', type: StringType, nullable: true }];
const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];

describe('commit protocol on local storage', () => {
  let dir: string;
  let catalog: Catalog;
  let table: TableMetadata;
  let root: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-commit-'));
    catalog = await Catalog.open(dir);
    table = (await catalog.createTable({ database: 'default', name: 't', format: 'csv', columns, partitionColumns: ['city'] }))!;
    root = catalog.dbfs.resolve(table.location);
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  const put = async (relative: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await fs.writeFile(path.join(root, relative), text);
  };
  const filesUnder = async (): Promise<string[]> =>
    (await fs.readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name))).sort();

  it('recovers what killed writes left: uncommitted and replaced files go, markers fold into one manifest', async () => {
    const [committedOld, overwrite, killed] = ids;
    const oldFile = `city=Oslo/${taggedFileName(0, committedOld, 'csv')}`;
    const newFile = `city=Oslo/${taggedFileName(0, overwrite, 'csv')}`;
    await put(oldFile, '1\n');
    await commitWrite(catalog.dbfs.storage, catalog.dbfs.storage.keyOf(root), committedOld, []);
    await put(newFile, '2\n');
    // The overwrite committed and was killed before deleting what it replaced.
    await commitWrite(catalog.dbfs.storage, catalog.dbfs.storage.keyOf(root), overwrite, [oldFile]);
    // A later write was killed before its commit, in a partition of its own, and mid-way through a file.
    await put(`city=Bergen/${taggedFileName(0, killed, 'csv')}`, '3\n');
    await put(`city=Oslo/.part.${killed}.tmp`, '');
    await put('_temporary/0/part-00000.csv', '4\n');
    expect(await rowsOf(scanTable(catalog, table, { columns: ['id', 'city'] }))).toEqual([[2, 'Oslo']]);

    const report = await recoverTableFiles(catalog.dbfs.storage, catalog.dbfs.storage.keyOf(root));
    expect(report).toEqual({ removedFiles: 2, compactedMarkers: 2 });
    expect(await filesUnder()).toEqual([COMMIT_MANIFEST, newFile]);
    expect(JSON.parse(await fs.readFile(path.join(root, COMMIT_MANIFEST), 'utf8'))).toEqual({ committed: [overwrite] });
    expect(await rowsOf(scanTable(catalog, table, { columns: ['id', 'city'] }))).toEqual([[2, 'Oslo']]);

    // Recovery is idempotent, and later writes add markers beside the manifest.
    await recoverTableFiles(catalog.dbfs.storage, catalog.dbfs.storage.keyOf(root));
    await writeTableData(catalog, table, from(batchOf(columns, [[5, 'Bergen']])), { overwrite: false });
    expect((await rowsOf(scanTable(catalog, table, { columns: ['id'] }))).sort()).toEqual([[2], [5]]);
  });

  it('cleans a table when the catalog opens', async () => {
    await writeTableData(catalog, table, from(batchOf(columns, [[1, 'Oslo']])), { overwrite: false });
    const leftover = `city=Oslo/${taggedFileName(7, ids[2], 'csv')}`;
    await put(leftover, '9\n');
    const reopened = await Catalog.open(dir);
    const files = await filesUnder();
    expect(files).not.toContain(leftover);
    expect(files.filter((f) => f.startsWith('_committed_'))).toEqual([]);
    expect(await rowsOf(scanTable(reopened, reopened.getTable('default', 't')!, { columns: ['id'] }))).toEqual([[1]]);
  });

  it('with a retention (VACUUM, blob storage) keeps young files and writes under way, and never publishes them', async () => {
    await writeTableData(catalog, table, from(batchOf(columns, [[1, 'Oslo']])), { overwrite: false });
    const key = catalog.dbfs.storage.keyOf(root);
    const [, young, running] = ids;
    await put(`city=Oslo/${taggedFileName(1, young, 'csv')}`, '8\n');
    await put(`city=Oslo/${taggedFileName(2, running, 'csv')}`, '9\n');
    expect((await recoverTableFiles(catalog.dbfs.storage, key, { retainMs: 3_600_000 })).removedFiles).toBe(0);
    expect(await rowsOf(scanTable(catalog, table, { columns: ['id'] }))).toEqual([[1]]);
    const report = await recoverTableFiles(catalog.dbfs.storage, key, { retainMs: 0, inFlight: new Set([running]) });
    expect(report.removedFiles).toBe(1);
    expect((await filesUnder()).some((f) => f.includes(running))).toBe(true);
    expect(JSON.parse(await fs.readFile(path.join(root, COMMIT_MANIFEST), 'utf8')).committed).not.toContain(running);
    expect(await rowsOf(scanTable(catalog, table, { columns: ['id'] }))).toEqual([[1]]);
  });

  it('keeps the files an overwrite replaced until scans that began before its commit end', async () => {
    await writeTableData(catalog, table, from(batchOf(columns, [[1, 'Oslo']])), { overwrite: false });
    await writeTableData(catalog, table, from(batchOf(columns, [[2, 'Bergen']])), { overwrite: false });
    const oldFiles = (await listDataFiles(catalog, table)).map((f) => f.path);
    const scan = scanTable(catalog, table, { columns: ['id'] });
    const first = await scan.next();
    await writeTableData(catalog, table, from(batchOf(columns, [[3, 'Oslo']])), { overwrite: true });
    // Committed: new scans see only the new version, while the old files stay for the open scan.
    expect(await rowsOf(scanTable(catalog, table, { columns: ['id'] }))).toEqual([[3]]);
    for (const f of oldFiles) await expect(fs.stat(f)).resolves.toBeTruthy();
    const rest = await rowsOf({ [Symbol.asyncIterator]: () => scan });
    const seen = [...((first.value as Batch) ? [getScalar((first.value as Batch).columns[0], 0)] : []), ...rest.map((r) => r[0])];
    expect(seen.sort()).toEqual([1, 2]);
    // The scan ended: the replaced files and the partition left empty are deleted.
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const f of oldFiles) await expect(fs.stat(f)).rejects.toThrow();
    expect(await fs.readdir(root)).not.toContain('city=Bergen');
  });

  it('folds markers into the manifest while writes go on, losing none of them', async () => {
    const writes = Array.from({ length: 3 * MARKERS_BEFORE_COMPACTION }, (_, i) =>
      writeTableData(catalog, table, from(batchOf(columns, [[i, i % 2 === 0 ? 'Oslo' : 'Bergen']])), { overwrite: false }));
    await Promise.all(writes); // concurrently: compactions race with commits and with each other
    const markers = (await fs.readdir(root)).filter((n) => n.startsWith('_committed_'));
    expect(markers.length).toBeLessThanOrEqual(MARKERS_BEFORE_COMPACTION + 1);
    expect((await fs.readdir(root))).toContain(COMMIT_MANIFEST);
    const rows = (await rowsOf(scanTable(catalog, table, { columns: ['id'] }))).map((r) => r[0] as number);
    expect(rows.sort((a, b) => a - b)).toEqual(Array.from({ length: writes.length }, (_, i) => i));
  });

  it('overwrites only the partitions written in dynamic mode, all of them (or the static ones) otherwise', async () => {
    const scanAll = async () => (await rowsOf(scanTable(catalog, table, { columns: ['id', 'city'] }))).sort((a, b) => (a[0] as number) - (b[0] as number));
    await writeTableData(catalog, table, from(batchOf(columns, [[1, 'Oslo'], [2, 'Bergen'], [3, 'Rome']])), { overwrite: false });
    await writeTableData(catalog, table, from(batchOf(columns, [[4, 'Oslo'], [5, 'Paris']])), { overwrite: true, dynamicPartitionOverwrite: true });
    expect(await scanAll()).toEqual([[2, 'Bergen'], [3, 'Rome'], [4, 'Oslo'], [5, 'Paris']]);
    await writeTableData(catalog, table, from(batchOf(columns, [[6, 'Rome']])), { overwrite: true, overwritePartition: { city: 'Bergen' } });
    expect(await scanAll()).toEqual([[3, 'Rome'], [4, 'Oslo'], [5, 'Paris'], [6, 'Rome']]);
    await writeTableData(catalog, table, from(batchOf(columns, [[7, 'Oslo']])), { overwrite: true });
    expect(await scanAll()).toEqual([[7, 'Oslo']]);
  });

  it('truncates in one commit', async () => {
    await writeTableData(catalog, table, from(batchOf(columns, [[1, 'Oslo'], [2, 'Bergen']])), { overwrite: false });
    await catalog.dbfs.storage.write(catalog.dbfs.storage.keyOf(path.join(root, 'city=Oslo', 'x.csv')), Buffer.from('7\n'));
    const { truncateTableData } = await import('../../src/catalog/index.js');
    await truncateTableData(catalog, table);
    expect(await rowsOf(scanTable(catalog, table, { columns: ['id'] }))).toEqual([]);
    expect((await filesUnder()).filter((f) => !f.startsWith('_committed_'))).toEqual([]);
  });
});
