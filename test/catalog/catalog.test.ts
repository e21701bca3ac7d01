import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog, TableDefinition } from '../../src/catalog/index.js';
import { QuarryError } from '../../src/common/errors.js';
import { IntegerType, StringType } from '../../src/common/types.js';

const trips: TableDefinition = {
  database: 'default', name: 'Trips', format: 'parquet', partitionColumns: ['city'],
  columns: [{ name: 'id', type: IntegerType, nullable: true }, { name: 'city', type: StringType, nullable: true, comment: 'where' }],
};

describe('catalog', () => {
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-catalog-')); });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  it('persists databases and tables across reopen, names case-insensitive', async () => {
    const catalog = await Catalog.open(dir);
    await catalog.createDatabase('Sales', { comment: 'sales data' });
    await catalog.createTable(trips);
    await catalog.createTable({ ...trips, database: 'sales', name: 'orders' });
    const reopened = await Catalog.open(dir);
    expect(reopened.listDatabases()).toEqual(['default', 'sales']);
    const table = reopened.getTable('DEFAULT', 'TRIPS')!;
    expect(table).toMatchObject({ name: 'trips', location: 'dbfs:/user/hive/warehouse/trips', managed: true, partitionColumns: ['city'] });
    expect(table.columns[1]).toEqual({ name: 'city', type: StringType, nullable: true, comment: 'where' });
    expect(reopened.getTable('sales', 'orders')!.location).toBe('dbfs:/user/hive/warehouse/sales.db/orders');
    await expect(fs.stat(path.join(dir, 'dbfs', 'user', 'hive', 'warehouse', 'sales.db', 'orders'))).resolves.toBeTruthy();
  });

  it('refuses duplicates and unknown databases with Spark error classes', async () => {
    const catalog = await Catalog.open(dir);
    await catalog.createTable(trips);
    await expect(catalog.createTable(trips)).rejects.toMatchObject({ sqlState: '42P07' });
    expect(await catalog.createTable(trips, { ifNotExists: true })).toBeUndefined();
    await expect(catalog.createTable({ ...trips, database: 'nope' })).rejects.toMatchObject({ sqlState: '3F000' });
    await expect(catalog.createTable({ ...trips, name: 'dup', columns: [trips.columns[0], trips.columns[0]], partitionColumns: [] })).rejects.toMatchObject({ sqlState: '42701' });
    expect(catalog.getTable('default', 'dup')).toBeUndefined();
  });

  it('drops managed data but keeps external data', async () => {
    const catalog = await Catalog.open(dir);
    const external = await catalog.createTable({ ...trips, name: 'ext', location: 'dbfs:/data/ext' });
    const managed = await catalog.createTable(trips);
    await fs.writeFile(path.join(catalog.dbfs.resolve(external!.location), 'keep.parquet'), 'x');
    await catalog.dropTable('default', 'ext');
    await catalog.dropTable('default', 'trips');
    await expect(fs.stat(catalog.dbfs.resolve('dbfs:/data/ext/keep.parquet'))).resolves.toBeTruthy();
    await expect(fs.stat(catalog.dbfs.resolve(managed!.location))).rejects.toThrow();
  });

  it('keeps DROP DATABASE from losing tables unless CASCADE', async () => {
    const catalog = await Catalog.open(dir);
    await catalog.createDatabase('d');
    await catalog.createTable({ ...trips, database: 'd' });
    await expect(catalog.dropDatabase('d')).rejects.toMatchObject({ sqlState: '2BP01' });
    await catalog.dropDatabase('d', { cascade: true });
    expect(catalog.databaseExists('d')).toBe(false);
    expect(catalog.getTable('d', 'trips')).toBeUndefined();
  });

  it('persists views beside tables, in one namespace', async () => {
    const catalog = await Catalog.open(dir);
    await catalog.createTable(trips);
    await catalog.createView({ database: 'default', name: 'Oslo', sql: "SELECT * FROM trips WHERE city = 'Oslo'", columns: trips.columns });
    await expect(catalog.createView({ database: 'default', name: 'trips', sql: 'SELECT 1', columns: [] })).rejects.toMatchObject({ sqlState: '42P07' });
    await expect(catalog.createTable({ ...trips, name: 'oslo' })).rejects.toMatchObject({ sqlState: '42P07' });
    const reopened = await Catalog.open(dir);
    expect(reopened.getView('default', 'OSLO')).toMatchObject({ name: 'oslo', sql: "SELECT * FROM trips WHERE city = 'Oslo'", columns: trips.columns });
    await reopened.dropView('default', 'oslo');
    expect((await Catalog.open(dir)).listViews('default')).toEqual([]);
  });

  it('serialises concurrent changes: none is lost', async () => {
    const catalog = await Catalog.open(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => catalog.createTable({ ...trips, name: `t${i}` })));
    expect((await Catalog.open(dir)).listTables('default')).toHaveLength(20);
  });

  it('replaces the catalog file atomically: a stray temporary file changes nothing', async () => {
    const catalog = await Catalog.open(dir);
    await catalog.createTable(trips);
    await fs.writeFile(path.join(dir, '.metastore.json.crashed.tmp'), '{"half": ');
    const reopened = await Catalog.open(dir);
    expect(reopened.getTable('default', 'trips')).toBeDefined();
    const files = await fs.readdir(dir);
    expect(files.filter((f) => f.startsWith('.metastore.json') && !f.includes('crashed'))).toEqual([]);
  });

  it('reports a corrupt catalog file instead of starting empty', async () => {
    await fs.writeFile(path.join(dir, 'metastore.json'), '{ not json');
    await expect(Catalog.open(dir)).rejects.toBeInstanceOf(QuarryError);
  });
});
