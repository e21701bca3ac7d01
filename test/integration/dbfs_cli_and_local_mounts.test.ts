// `quarry fs …` as a user runs it (ls, cp, rm, mkdirs, cat, mount, mounts, unmount), local folder
// mounts and `file:/` paths only under an allowed root, paths that escape refused, and the same
// files seen over the wire through LIST, dbfs_ls() and tables.

import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuarryEngine } from '../../src/engine/index.js';
import { startServer } from '../../src/protocol/index.js';
import { errorOf } from '../support/server.js';

const run = promisify(execFile);
const MAIN = path.resolve(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

describe('quarry fs and local mounts', () => {
  let dir = '';
  let warehouse = '';
  let allowed = '';
  const quarry = (...args: string[]) => run(process.execPath, [MAIN, ...args, '--warehouse', warehouse], { env: { ...process.env, QUARRY_LOCAL_ROOTS: '' } });
  const failure = async (...args: string[]) => {
    try {
      await quarry(...args);
    } catch (e) {
      return (e as { stderr: string }).stderr;
    }
    throw new Error(`expected quarry ${args.join(' ')} to fail`);
  };

  beforeAll(async () => {
    dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-fs-')));
    warehouse = path.join(dir, 'warehouse');
    allowed = path.join(dir, 'allowed');
    await fs.mkdir(path.join(allowed, 'lake', 'sales'), { recursive: true });
    await fs.writeFile(path.join(allowed, 'lake', 'sales', 'part-0.csv'), 'region,amount\nnorth,10\nsouth,32\nnorth,5\n');
    await fs.writeFile(path.join(dir, 'local.csv'), 'a,b\n1,2\n');
    await fs.symlink('/etc', path.join(allowed, 'lake', 'out'));
  });
  afterAll(async () => { if (dir) await fs.rm(dir, { recursive: true, force: true }); });

  it('copies, lists, prints and removes DBFS files', async () => {
    await quarry('fs', 'mkdirs', 'dbfs:/FileStore/in');
    expect((await quarry('fs', 'cp', path.join(dir, 'local.csv'), 'dbfs:/FileStore/in/')).stdout).toBe('copied 1 file\n');
    expect((await quarry('fs', 'ls', 'dbfs:/FileStore/in')).stdout).toBe('local.csv\n');
    expect((await quarry('fs', 'ls', '-l', 'dbfs:/FileStore/in')).stdout).toMatch(/^\s+8 {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}dbfs:\/FileStore\/in\/local\.csv\n$/);
    expect((await quarry('fs', 'cat', 'dbfs:/FileStore/in/local.csv')).stdout).toBe('a,b\n1,2\n');
    expect(await failure('fs', 'cp', 'dbfs:/FileStore/in', 'dbfs:/tmp/copy')).toContain('recursively');
    await quarry('fs', 'cp', '-r', 'dbfs:/FileStore/in', 'dbfs:/tmp/copy');
    expect((await quarry('fs', 'ls', 'dbfs:/tmp/copy')).stdout).toBe('local.csv\n');
    await quarry('fs', 'cp', 'dbfs:/tmp/copy/local.csv', path.join(dir, 'back.csv'));
    expect(await fs.readFile(path.join(dir, 'back.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(await failure('fs', 'rm', 'dbfs:/FileStore/in')).toContain('not empty');
    await quarry('fs', 'rm', '-r', 'dbfs:/FileStore/in');
    expect(await failure('fs', 'ls', 'dbfs:/FileStore/in')).toContain('[PATH_NOT_FOUND]');
    expect(await failure('fs', 'cat', 'dbfs:/../etc/passwd')).toContain('leads outside DBFS');
    expect(await failure('fs', 'rm', '-r', 'dbfs:/')).toContain('cannot be removed');
  }, 180_000);

  it('mounts a local folder only under an allowed root, and never lets a path out of it', async () => {
    expect(await failure('fs', 'mount', `file:${path.join(allowed, 'lake')}`, '/mnt/local')).toContain('not under a folder the administrator allowed');
    expect((await quarry('fs', 'mount', `file:${path.join(allowed, 'lake')}`, '/mnt/local', '--local-root', allowed)).stdout).toContain('mounted');
    expect((await quarry('fs', 'mounts')).stdout).toBe(`/mnt/local\tfile:${path.join(allowed, 'lake')}\t\n`);
    expect((await quarry('fs', 'ls', 'dbfs:/mnt/local/sales', '--local-root', allowed)).stdout).toBe('part-0.csv\n');
    expect(await failure('fs', 'cat', 'dbfs:/mnt/local/out/passwd', '--local-root', allowed)).toContain('leads outside DBFS');
    expect(await failure('fs', 'cat', 'dbfs:/mnt/local/../../../etc/passwd', '--local-root', allowed)).toContain('leads outside DBFS');
  }, 120_000);

  it('serves the mount: LIST, dbfs_ls(), a CSV table on it, and file:/ paths under the allowed root', async () => {
    const engine = await QuarryEngine.open(warehouse, { localRoots: [allowed] });
    const server = await startServer({ host: '127.0.0.1', port: 0, engine });
    const client = new pg.Client({ host: '127.0.0.1', port: server.address.port, user: 'quarry', database: 'default' });
    await client.connect();
    try {
      expect((await client.query("LIST 'dbfs:/mnt/local/sales/'")).rows.map((r) => [r.path, r.name, r.size])).toEqual([
        ['dbfs:/mnt/local/sales/part-0.csv', 'part-0.csv', '40'],
      ]);
      expect((await client.query("LIST 'dbfs:/mnt' LIMIT 5")).rows.map((r) => r.name)).toEqual(['local/']);
      const ls = await client.query("SELECT name, size FROM dbfs_ls('dbfs:/mnt/local/') WHERE name LIKE '%/' ORDER BY name");
      expect(ls.rows).toEqual([{ name: 'out/', size: '0' }, { name: 'sales/', size: '0' }]);
      await client.query("CREATE TABLE sales (region STRING, amount INT) USING CSV OPTIONS (header 'true') LOCATION 'dbfs:/mnt/local/sales'");
      expect((await client.query('SELECT region, sum(amount)::int AS total FROM sales GROUP BY region ORDER BY region')).rows)
        .toEqual([{ region: 'north', total: 15 }, { region: 'south', total: 32 }]);
      expect((await client.query(`LIST 'file:${path.join(allowed, 'lake', 'sales')}'`)).rows.map((r) => r.name)).toEqual(['part-0.csv']);
      const outside = await errorOf(client, `LIST 'file:${dir}'`);
      expect(outside.code).toBe('42501');
      expect((await errorOf(client, "LIST 'dbfs:/mnt/local/out'")).message).toContain('leads outside DBFS');
      expect((await errorOf(client, "SELECT * FROM dbfs_ls('dbfs:/nothing/here')")).message).toContain('[PATH_NOT_FOUND]');
    } finally {
      await client.end();
      await server.close();
    }
    expect((await quarry('fs', 'unmount', '/mnt/local')).stdout).toBe('unmounted /mnt/local\n');
    expect((await quarry('fs', 'mounts')).stdout).toBe('');
  }, 120_000);
});
