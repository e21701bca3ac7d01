// The command line as a user runs it: `quarry serve` on a new warehouse with sample data, the
// ready line, queries, and a clean stop on SIGTERM.

import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = path.resolve(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

describe('quarry serve', () => {
  let warehouse = '';
  afterAll(async () => { if (warehouse) await fs.rm(warehouse, { recursive: true, force: true }); });

  it('creates the warehouse with sample data, serves, and stops on SIGTERM', async () => {
    warehouse = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-cli-')), 'warehouse');
    const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--warehouse', warehouse], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /listening on [^\n]+\n/.exec(out);
        if (m) resolve(m[0].trim());
      });
      child.once('exit', () => reject(new Error(`server exited: ${out}`)));
    });
    const [, host, port] = /^listening on (.+):(\d+)$/.exec(line)!;
    expect(host).toBe('127.0.0.1');

    const client = new pg.Client({ host, port: Number(port), user: 'quarry', database: 'default' });
    await client.connect();
    const { rows } = await client.query('SELECT count(*) AS n, count(DISTINCT city) AS cities FROM samples.trips');
    expect(rows).toEqual([{ n: '1000', cities: '5' }]);
    await client.end();
    await expect(fs.stat(path.join(warehouse, 'dbfs', 'user', 'hive', 'warehouse', 'samples.db', 'trips'))).resolves.toBeTruthy();

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
