// Writes that never lose or tear data, over real server processes: `quarry serve` is killed with
// SIGKILL at random moments of INSERT OVERWRITE runs on a partitioned and an unpartitioned table,
// restarted, and each table must hold exactly the last committed version or the one being written
// (never a mix, never fewer rows), with the killed write's leftovers and the replaced files gone.
// A reader looping during overwrites must likewise only ever see whole versions.

import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = path.resolve(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const ROWS = 200_000;
const PARTITIONS = 4;
const TAGGED = /-tid-([0-9a-f-]{36})\./;

interface Server { child: ChildProcess; port: number; exited: Promise<void> }

async function startServer(warehouse: string): Promise<Server> {
  const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--warehouse', warehouse, '--no-sample'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on [^\n]+:(\d+)\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.stderr!.on('data', (d) => { out += d; });
    child.once('exit', () => reject(new Error(`server exited: ${out}`)));
  });
  return { child, port, exited };
}

async function connect(server: Server): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'quarry', database: 'default' });
  client.on('error', () => undefined); // the server is killed under it
  await client.connect();
  return client;
}

const overwrite = (table: string, version: number) => (table === 'p'
  ? `INSERT OVERWRITE p SELECT id, ${version}, CAST(id % ${PARTITIONS} AS INT) FROM range(${ROWS})`
  : `INSERT OVERWRITE u SELECT id, ${version} FROM range(${ROWS})`);

/** The one version a table holds, after checking that every row is there and all from that version. */
async function versionOf(client: pg.Client, table: string): Promise<number> {
  const { rows: [r] } = await client.query(`SELECT count(*) AS n, count(DISTINCT id) AS ids, min(v) AS lo, max(v) AS hi, sum(v) AS total FROM ${table}`);
  expect({ n: Number(r.n), ids: Number(r.ids), mixed: r.lo !== r.hi, total: Number(r.total) }).toEqual({ n: ROWS, ids: ROWS, mixed: false, total: ROWS * r.lo });
  if (table === 'p') {
    const { rows } = await client.query('SELECT part, count(*) AS n FROM p GROUP BY part ORDER BY part');
    expect(rows.map((x) => [x.part, Number(x.n)])).toEqual(Array.from({ length: PARTITIONS }, (_, i) => [i, ROWS / PARTITIONS]));
  }
  return r.lo as number;
}

/** Every data file of a table on disk after recovery: committed ones only, and only the current version's. */
async function dataFiles(warehouse: string, table: string): Promise<string[]> {
  const root = path.join(warehouse, 'dbfs', 'user', 'hive', 'warehouse', table);
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
  const names = entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
  expect(names.filter((n) => n.includes('_temporary') || n.endsWith('.tmp'))).toEqual([]);
  return names.filter((n) => !path.basename(n).startsWith('_'));
}

describe('commits survive SIGKILL', () => {
  let dir = '';
  beforeAll(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-kill-')); });
  afterAll(async () => { if (dir) await fs.rm(dir, { recursive: true, force: true }); });

  it('leaves each table at the old or the new version when the server is killed during INSERT OVERWRITE', async () => {
    const warehouse = path.join(dir, 'kill');
    let server = await startServer(warehouse);
    let client = await connect(server);
    await client.query('CREATE TABLE u (id BIGINT, v INT) USING parquet');
    await client.query('CREATE TABLE p (id BIGINT, v INT, part INT) USING parquet PARTITIONED BY (part)');
    const committed: Record<string, number> = { u: 0, p: 0 };
    for (const t of ['u', 'p']) await client.query(overwrite(t, 0));
    await client.end();
    const deadline = Date.now() + 30_000;
    let iterations = 0, newVersions = 0, oldVersions = 0, ctasTables = 0;
    for (let version = 1; Date.now() < deadline || iterations < 4; version++, iterations++) {
      // Both tables are overwritten at once, on two connections, and the server killed at a random moment.
      // A CTAS runs beside them: killed, its table is gone at restart, or there whole.
      const clients = [await connect(server), await connect(server), await connect(server)];
      const writes = ['u', 'p'].map((t, i) => clients[i].query(overwrite(t, version)).then(() => { committed[t] = version; }, () => undefined));
      const ctas = `c${version}`;
      let ctasDone = false;
      writes.push(clients[2].query(`CREATE TABLE ${ctas} USING parquet AS SELECT id, ${version} AS v FROM range(${ROWS})`).then(() => { ctasDone = true; }, () => undefined));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 1500));
      server.child.kill('SIGKILL');
      await server.exited;
      await Promise.all(writes);

      server = await startServer(warehouse);
      client = await connect(server);
      const { rows: tables } = await client.query(`SHOW TABLES LIKE '${ctas}'`);
      const ctasDirectory = path.join(warehouse, 'dbfs', 'user', 'hive', 'warehouse', ctas);
      if (ctasDone || tables.length > 0) {
        expect(await versionOf(client, ctas)).toBe(version);
        ctasTables++;
      } else {
        // No files of the dropped table (an empty folder, made just before the kill, does not stop a new CREATE TABLE).
        const left = await fs.readdir(ctasDirectory, { recursive: true }).catch(() => []);
        expect(left).toEqual([]);
      }
      for (const t of ['u', 'p']) {
        const found = await versionOf(client, t);
        expect([committed[t], version]).toContain(found);
        if (found === version) newVersions++;
        else oldVersions++;
        committed[t] = found;
        // Recovery removed the killed write's files and what a committed overwrite replaced.
        const files = await dataFiles(warehouse, t);
        expect(files).toHaveLength(t === 'p' ? PARTITIONS : 1);
        expect(new Set(files.map((f) => TAGGED.exec(f)?.[1])).size).toBe(1);
      }
      await client.end();
    }
    server.child.kill('SIGKILL');
    await server.exited;
    // The random kills landed both before and after commits.
    expect(iterations).toBeGreaterThanOrEqual(4);
    expect(newVersions + oldVersions).toBe(2 * iterations);
    expect(ctasTables).toBeLessThanOrEqual(iterations);
  }, 120_000);

  it('gives a reader looping during overwrites only whole versions', async () => {
    const server = await startServer(path.join(dir, 'readers'));
    const writer = await connect(server);
    const reader = await connect(server);
    await writer.query('CREATE TABLE p (id BIGINT, v INT, part INT) USING parquet PARTITIONED BY (part)');
    await writer.query(overwrite('p', 0));
    let done = false;
    const seen = new Set<number>();
    let reads = 0;
    const reading = (async () => {
      while (!done) {
        seen.add(await versionOf(reader, 'p'));
        reads++;
      }
    })();
    for (let version = 1; version <= 6; version++) await writer.query(overwrite('p', version));
    done = true;
    await reading;
    expect(reads).toBeGreaterThan(3);
    expect(seen.size).toBeGreaterThan(1); // the reads did overlap the writes
    await writer.end();
    await reader.end();
    server.child.kill('SIGTERM');
    await server.exited;
  }, 120_000);
});
