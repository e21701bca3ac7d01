// DBFS mounts of Azure Blob Storage, against Azurite over the wire: CALL mount with literal and
// secret credentials, SHOW MOUNTS without the key, external CSV and CTAS Parquet tables on the
// mount, LIST, partition and column pruning measured in bytes fetched, atomic writes, and the
// mount surviving a restart.

import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearRangeCache } from '../../src/catalog/index.js';
import { BlobStorage } from '../../src/catalog/storage/blob_storage.js';
import { QuarryEngine } from '../../src/engine/index.js';
import { startServer } from '../../src/protocol/index.js';
import { AZURITE_KEY, Azurite, startAzurite } from '../support/azurite.js';
import { TestServer, errorOf, startTestServer } from '../support/server.js';

const run = promisify(execFile);
const MAIN = path.resolve(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const CITIES = ['Bergen', 'Oslo', 'Stavanger', 'Tromso'];
const TRIPS = Array.from({ length: 20_000 }, (_, i) => ({ id: i, city: CITIES[i % 4], distance: (i * 37) % 101, fare: ((i * 7919) % 1000) / 10 }));

describe('blob mounts through Azurite', () => {
  let azurite: Azurite;
  let server: TestServer;
  let client: pg.Client;
  const mountSql = (extra = '') => `CALL mount('wasbs://lake@devstoreaccount1.blob.core.windows.net/data', '/mnt/lake',
    map('account_key', '${AZURITE_KEY}', 'endpoint', '${azurite.endpoint}'${extra}))`;

  beforeAll(async () => {
    azurite = await startAzurite();
    await azurite.service.getContainerClient('lake').create();
    const csv = `id,city,distance,fare\n${TRIPS.map((t) => `${t.id},${t.city},${t.distance},${t.fare}`).join('\n')}\n`;
    await azurite.service.getContainerClient('lake').getBlockBlobClient('data/raw/trips/trips.csv').uploadData(Buffer.from(csv));
    server = await startTestServer();
    client = await server.client();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await azurite?.close();
  });

  const blobStorage = () => server.engine.catalog.dbfs.locate('/mnt/lake').storage as BlobStorage;

  it('refuses a wrong key without saving the mount or showing the key', async () => {
    const wrong = Buffer.from('not the key at all').toString('base64');
    const error = await errorOf(client, mountSql().replace(AZURITE_KEY, wrong));
    expect(error.code).toBe('42501');
    expect(error.message).toContain('[STORAGE_ACCESS_DENIED]');
    expect(error.message).not.toContain(wrong);
    expect((await client.query('SHOW MOUNTS')).rows).toEqual([]);
  });

  it('mounts, and SHOW MOUNTS never shows the key', async () => {
    await client.query(mountSql());
    const { rows } = await client.query('SHOW MOUNTS');
    expect(rows).toEqual([{
      mount_point: '/mnt/lake', source: 'wasbs://lake@devstoreaccount1.blob.core.windows.net/data',
      options: `account_key=<redacted>, endpoint=${azurite.endpoint}`,
    }]);
    expect(JSON.stringify(rows)).not.toContain(AZURITE_KEY.slice(0, 20));
    expect((await errorOf(client, mountSql())).message).toContain('[DIRECTORY_ALREADY_MOUNTED]');
    expect((await errorOf(client, "CALL mount('wasbs://lake@devstoreaccount1.blob.core.windows.net/x', '/data/x')")).message).toContain('[INVALID_MOUNT_POINT]');
    expect((await errorOf(client, "CALL mount(source => 's3://bucket/x', mount_point => '/mnt/s3')")).message).toContain('[INVALID_MOUNT_SOURCE]');
    expect((await errorOf(client, "CALL mount('wasbs://lake@devstoreaccount1.blob.core.windows.net/x')")).message).toContain('[REQUIRED_PARAMETER_NOT_FOUND]');
    expect((await errorOf(client, "CALL mount('wasbs://lake@devstoreaccount1.blob.core.windows.net/x', '/mnt/x', map('colour', 'red'))")).message).toContain('[INVALID_MOUNT_OPTION]');
    expect((await errorOf(client, "CALL remount('/mnt/x')")).code).toBe('42883');
    expect((await errorOf(client, "CALL mount(concat('wasbs://', 'lake@devstoreaccount1.blob.core.windows.net'), '/mnt/x')")).message).toContain('[NON_FOLDABLE_ARGUMENT]');
  });

  it('reads an external CSV table on the mount and lists the mount', async () => {
    await client.query(`CREATE TABLE trips_csv (id INT, city STRING, distance INT, fare DOUBLE) USING CSV
      OPTIONS (header = 'true') LOCATION 'dbfs:/mnt/lake/raw/trips/'`);
    const { rows } = await client.query('SELECT count(*)::int AS n, sum(distance)::int AS distance FROM trips_csv');
    expect(rows).toEqual([{ n: TRIPS.length, distance: TRIPS.reduce((s, t) => s + t.distance, 0) }]);
    const listing = await client.query("LIST '/mnt/lake/raw/trips'");
    expect(listing.rows).toEqual([{ path: 'dbfs:/mnt/lake/raw/trips/trips.csv', name: 'trips.csv', size: expect.any(String), modification_time: expect.any(String) }]);
    expect((await client.query("LIST 'dbfs:/mnt/'")).rows.map((r) => r.path)).toEqual(['dbfs:/mnt/lake/']);
    expect((await client.query("LIST 'dbfs:/mnt/lake'")).rows.map((r) => r.name)).toEqual(['raw/']);
    expect((await errorOf(client, "LIST '/mnt/lake/nothing'")).message).toContain('[PATH_NOT_FOUND]');
  });

  it('copies to and from the mount with quarry fs, on the mounts the metastore lists', async () => {
    const local = path.join(server.warehouse, 'notes.txt');
    await fs.writeFile(local, 'blob notes\n');
    await run(process.execPath, [MAIN, 'fs', 'cp', local, 'dbfs:/mnt/lake/notes/', '--warehouse', server.warehouse]);
    const { stdout } = await run(process.execPath, [MAIN, 'fs', 'cat', 'dbfs:/mnt/lake/notes/notes.txt', '--warehouse', server.warehouse]);
    expect(stdout).toBe('blob notes\n');
    expect(await blobNames('data/notes/')).toEqual(['data/notes/notes.txt']);
    await client.query("CALL mount('wasbs://lake@devstoreaccount1.blob.core.windows.net/data/notes', '/mnt/notes', map('sas_token', 'sv=bad', 'endpoint', 'http://127.0.0.1:1/devstoreaccount1'))")
      .then(() => { throw new Error('mounted an unreachable endpoint'); }, (e: { message: string }) => expect(e.message).toContain('[STORAGE_REQUEST_FAILED]'));
  }, 120_000);

  it('writes a partitioned Parquet table on the mount with CTAS and reads it back', async () => {
    const ctas = await client.query(`CREATE TABLE trips_pq USING parquet PARTITIONED BY (city) LOCATION '/mnt/lake/tables/trips'
      AS SELECT id, distance, fare, concat(sha2(CAST(id AS STRING), 256), md5(CAST(id AS STRING))) AS note, city FROM trips_csv`);
    expect(ctas.command).toBe('SELECT');
    const { rows } = await client.query('SELECT city, count(*)::int AS n, sum(fare)::double AS fare FROM trips_pq GROUP BY city ORDER BY city');
    expect(rows).toEqual(CITIES.map((city) => {
      const of = TRIPS.filter((t) => t.city === city);
      return { city, n: of.length, fare: expect.closeTo(of.reduce((s, t) => s + t.fare, 0), 6) };
    }));
    const names = (await client.query("LIST '/mnt/lake/tables/trips'")).rows.map((r) => r.name as string);
    expect(names.filter((n) => n.startsWith('city='))).toEqual(CITIES.map((c) => `city=${c}/`));
    expect(names.filter((n) => n.startsWith('_committed_'))).toHaveLength(1);
    // The blobs are where LIST says, under the mount's folder of the container.
    const blobs: string[] = [];
    for await (const b of azurite.service.getContainerClient('lake').listBlobsFlat({ prefix: 'data/tables/trips/city=Oslo/' })) blobs.push(b.name);
    expect(blobs).toHaveLength(1);
    expect(blobs[0]).toMatch(/-tid-[0-9a-f-]{36}\.c000\.snappy\.parquet$/);
  });

  it('prunes partitions and columns: a query fetches only the ranges it needs', async () => {
    const files = (await client.query("LIST '/mnt/lake/tables/trips/city=Oslo/'")).rows;
    const osloBytes = Number(files[0].size);
    const stats = blobStorage().stats;
    clearRangeCache();
    stats.bytes = 0;
    stats.requests = 0;
    const { rows } = await client.query("SELECT sum(distance)::int AS d FROM trips_pq WHERE city = 'Oslo'");
    expect(rows[0].d).toBe(TRIPS.filter((t) => t.city === 'Oslo').reduce((s, t) => s + t.distance, 0));
    // Only Oslo's file is read, and of it the footer and the distance column: not the notes.
    expect(stats.bytes).toBeGreaterThan(0);
    expect(stats.bytes).toBeLessThan(osloBytes);
    console.log(`column-pruned read of one partition on blob: ${stats.bytes} of ${osloBytes} bytes in ${stats.requests} ranged GETs`);
    // Read again: the ranges come from the cache.
    stats.bytes = 0;
    await client.query("SELECT sum(distance)::int AS d FROM trips_pq WHERE city = 'Oslo'");
    expect(stats.bytes).toBe(0);
  });

  it('writes atomically: a failed insert leaves the table and the container as they were', async () => {
    const before = await client.query('SELECT count(*)::int AS n FROM trips_pq');
    const blobsBefore = await blobNames('data/tables/trips/');
    const error = await errorOf(client, `INSERT INTO trips_pq SELECT id, distance, fare, 'n',
      CASE WHEN id < 19999 THEN city ELSE CAST(CAST('not a number' AS INT) AS STRING) END FROM trips_csv`);
    expect(error.message).toContain('CAST_INVALID_INPUT');
    expect((await client.query('SELECT count(*)::int AS n FROM trips_pq')).rows).toEqual(before.rows);
    expect(await blobNames('data/tables/trips/')).toEqual(blobsBefore);
    // A writer that died after uploading, before its commit marker: its file is not read.
    const [committed] = blobsBefore.filter((b) => b.startsWith('data/tables/trips/city=Oslo/'));
    const orphan = committed.replace(/-tid-[0-9a-f-]{36}/, '-tid-00000000-0000-4000-8000-000000000000');
    const lake = azurite.service.getContainerClient('lake');
    await lake.getBlockBlobClient(orphan).uploadData(await lake.getBlobClient(committed).downloadToBuffer());
    expect((await client.query('SELECT count(*)::int AS n FROM trips_pq')).rows).toEqual(before.rows);
    // Blob storage may be shared by servers writing now: VACUUM removes such files only once they
    // are older than the retention (a week by default), not at start-up.
    await client.query('VACUUM trips_pq');
    expect(await blobNames('data/tables/trips/')).toContain(orphan);
    await client.query('VACUUM trips_pq RETAIN 0 HOURS');
    // The orphan is gone; the commit markers were folded into one manifest.
    const dataFiles = (names: string[]) => names.filter((n) => !n.includes('/_commit'));
    expect(dataFiles(await blobNames('data/tables/trips/'))).toEqual(dataFiles(blobsBefore));
    expect((await client.query('SELECT count(*)::int AS n FROM trips_pq')).rows).toEqual(before.rows);
  });

  it('INSERT OVERWRITE on blob replaces the partition it names', async () => {
    await client.query("INSERT OVERWRITE trips_pq PARTITION (city = 'Oslo') SELECT id, distance, fare, 'new' FROM trips_csv WHERE id < 10");
    const { rows } = await client.query('SELECT city, count(*)::int AS n FROM trips_pq GROUP BY city ORDER BY city');
    expect(rows).toEqual(CITIES.map((city) => ({ city, n: city === 'Oslo' ? 10 : 5000 })));
    expect((await blobNames('data/tables/trips/city=Oslo/'))).toHaveLength(1);
    await client.query('INSERT INTO trips_pq SELECT id, distance, fare, note, city FROM trips_pq WHERE city = \'Bergen\'');
    expect((await client.query("SELECT count(*)::int AS n FROM trips_pq WHERE city = 'Bergen'")).rows).toEqual([{ n: 10_000 }]);
  });

  it('keeps the mount across a restart; unmount removes it and leaves the files', async () => {
    const restarted = await QuarryEngine.open(server.warehouse);
    const second = await startServer({ host: '127.0.0.1', port: 0, engine: restarted });
    const other = new pg.Client({ host: '127.0.0.1', port: second.address.port, user: 'quarry', database: 'default' });
    await other.connect();
    try {
      expect((await other.query('SELECT count(*)::int AS n FROM trips_pq')).rows).toEqual([{ n: 20_010 }]);
      expect((await other.query('SHOW MOUNTS')).rows.map((r) => r.mount_point)).toEqual(['/mnt/lake']);
    } finally {
      await other.end();
      await second.close();
    }
  });

  it('unmounts: the files stay, and mounting again brings the table back', async () => {
    await client.query("CALL unmount('/mnt/lake')");
    expect((await client.query('SHOW MOUNTS')).rows).toEqual([]);
    expect((await errorOf(client, "CALL unmount('/mnt/lake')")).message).toContain('[DIRECTORY_NOT_MOUNTED]');
    // The table's location is a plain (empty) DBFS folder again.
    expect((await client.query('SELECT count(*)::int AS n FROM trips_pq')).rows).toEqual([{ n: 0 }]);
    expect(await blobNames('data/tables/trips/city=Oslo/')).toHaveLength(1);
    const metastore = await fs.readFile(path.join(server.warehouse, 'metastore.json'), 'utf8');
    expect(JSON.parse(metastore).mounts).toEqual({});
    expect(metastore).not.toContain(AZURITE_KEY);
    await client.query(mountSql());
    expect((await client.query('SELECT count(*)::int AS n FROM trips_pq')).rows).toEqual([{ n: 20_010 }]);
  });

  it('takes the key from a server-side secret, shown only as its reference', async () => {
    await fs.writeFile(path.join(server.warehouse, 'secrets.json'), JSON.stringify({ lake: { key: AZURITE_KEY } }), { mode: 0o600 });
    await client.query(`CALL mount(mount_point => '/mnt/secret', source => 'abfss://lake@devstoreaccount1.dfs.core.windows.net/data/raw',
      extra_configs => map('account_key', secret('lake', 'key'), 'endpoint', '${azurite.endpoint}'))`);
    const { rows } = await client.query('SHOW MOUNTS');
    expect(rows.find((r) => r.mount_point === '/mnt/secret')!.options).toBe(`account_key=secret('lake', 'key'), endpoint=${azurite.endpoint}`);
    expect((await client.query("LIST '/mnt/secret/trips'")).rows.map((r) => r.name)).toEqual(['trips.csv']);
    const missing = await errorOf(client, `CALL mount('wasbs://lake@devstoreaccount1.blob.core.windows.net/', '/mnt/nokey',
      map('account_key', secret('lake', 'absent'), 'endpoint', '${azurite.endpoint}'))`);
    expect(missing.message).toContain('[SECRET_NOT_FOUND]');
    const metastore = JSON.parse(await fs.readFile(path.join(server.warehouse, 'metastore.json'), 'utf8'));
    expect(JSON.stringify(metastore.mounts['/mnt/secret'])).not.toContain(AZURITE_KEY);
  });

  async function blobNames(prefix: string): Promise<string[]> {
    const names: string[] = [];
    for await (const b of azurite.service.getContainerClient('lake').listBlobsFlat({ prefix })) names.push(b.name);
    return names.sort();
  }
});
