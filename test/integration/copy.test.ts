// COPY over the protocol: psql's \copy both ways, exact message sequences for COPY FROM STDIN
// (a bad row aborts everything with its line, CopyFail), and COPY TO STDOUT in text, CSV and
// binary, checked against the values a query returns.

import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, startTestServer } from '../support/server.js';
import { RawClient } from '../protocol/raw_client.js';

const run = promisify(execFile);

describe('COPY', () => {
  let server: TestServer;
  let client: pg.Client;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-copy-'));
  });
  afterAll(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const psql = (args: string[], input?: string) => {
    const child = run('psql', ['-X', '-h', '127.0.0.1', '-p', String(server.port), '-U', 'quarry', '-d', 'default', '-v', 'ON_ERROR_STOP=1', ...args],
      { maxBuffer: 64 * 1024 * 1024 });
    if (input !== undefined) { child.child.stdin!.end(input); }
    return child;
  };

  it('loads CSV with a header, quotes and NULLs through psql \\copy, and writes it back the same', async () => {
    await client.query('CREATE TABLE people (id INT, name STRING, score DECIMAL(5,1), born DATE) USING parquet');
    const csv = 'id,name,score,born\n1,Ann,9.5,1990-01-02\n2,"Smith, ""Bob""",,\n3,"",7,2000-12-31\n';
    await fs.writeFile(path.join(dir, 'people.csv'), csv);
    const { stdout } = await psql(['-c', `\\copy people FROM '${path.join(dir, 'people.csv')}' WITH (FORMAT csv, HEADER)`]);
    expect(stdout.trim()).toBe('COPY 3');
    const { rows } = await client.query('SELECT id, name, score::string AS score, born::string AS born FROM people ORDER BY id');
    expect(rows).toEqual([
      { id: 1, name: 'Ann', score: '9.5', born: '1990-01-02' },
      { id: 2, name: 'Smith, "Bob"', score: null, born: null },
      { id: 3, name: '', score: '7.0', born: '2000-12-31' },
    ]);
    const out = await psql(['-c', `COPY people TO STDOUT WITH (FORMAT csv, HEADER)`]);
    expect(out.stdout).toBe('id,name,score,born\n1,Ann,9.5,1990-01-02\n2,"Smith, ""Bob""",,\n3,"",7.0,2000-12-31\n');
  });

  it('reads and writes the text format: tabs, \\N for NULL, backslash escapes', async () => {
    await client.query('CREATE TABLE notes (id INT, body STRING) USING parquet');
    const text = '1\tline one\\nline two\n2\t\\N\n3\ttab\\there \\\\ backslash\n\\.\n';
    const { stdout } = await psql(['-c', 'COPY notes FROM STDIN'], text);
    expect(stdout.trim()).toBe('COPY 3');
    const { rows } = await client.query('SELECT id, body FROM notes ORDER BY id');
    expect(rows).toEqual([{ id: 1, body: 'line one\nline two' }, { id: 2, body: null }, { id: 3, body: 'tab\there \\ backslash' }]);
    const out = await psql(['-c', 'COPY (SELECT id, body FROM notes ORDER BY id) TO STDOUT']);
    expect(out.stdout).toBe('1\tline one\\nline two\n2\t\\N\n3\ttab\\there \\\\ backslash\n');
  });

  it('aborts the whole COPY on a bad row, naming its line and column, and adds nothing', async () => {
    await client.query('CREATE TABLE strict_load (id INT, amount DECIMAL(10,2)) USING parquet');
    await client.query('INSERT INTO strict_load VALUES (0, 0)');
    const raw = await RawClient.ready(server.port);
    raw.send(serialize.query('COPY strict_load FROM STDIN WITH (FORMAT csv)'));
    await raw.waitFor((m) => m.name === 'copyInResponse');
    const from = raw.messages.length;
    raw.send(serialize.copyData(Buffer.from('1,1.50\n2,2.')));
    raw.send(serialize.copyData(Buffer.from('25\n3,abc\n4,4\n')));
    raw.send(serialize.copyDone());
    const error = await raw.waitFor((m) => m.name === 'error', from) as unknown as { code: string; message: string; where: string };
    expect(error.code).toBe('22P02');
    expect(error.message).toBe('invalid input syntax for type numeric: "abc"');
    expect(error.where).toBe('COPY strict_load, line 3, column amount: "abc"');
    await raw.waitFor((m) => m.name === 'readyForQuery', from);
    // The connection goes on, and the table is as it was.
    raw.send(serialize.query('SELECT count(*) FROM strict_load'));
    await raw.waitFor((m) => m.name === 'commandComplete', from);
    raw.socket.destroy();
    expect((await client.query('SELECT count(*) AS n FROM strict_load')).rows).toEqual([{ n: '1' }]);
  });

  it('CopyFail from the client cancels the COPY (57014) and adds nothing', async () => {
    await client.query('CREATE TABLE failed_load (id INT) USING parquet');
    const raw = await RawClient.ready(server.port);
    raw.send(serialize.query('COPY failed_load FROM STDIN'));
    await raw.waitFor((m) => m.name === 'copyInResponse');
    raw.send(serialize.copyData(Buffer.from('1\n2\n')));
    raw.send(serialize.copyFail('client changed its mind'));
    const error = await raw.waitFor((m) => m.name === 'error') as unknown as { code: string; message: string };
    expect(error).toMatchObject({ code: '57014', message: 'COPY from stdin failed: client changed its mind' });
    await raw.waitFor((m) => m.name === 'readyForQuery', raw.messages.indexOf(error as never));
    raw.socket.destroy();
    expect((await client.query('SELECT count(*) AS n FROM failed_load')).rows).toEqual([{ n: '0' }]);
  });

  it('refuses missing columns and extra data with 22P04 and the line', async () => {
    await client.query('CREATE TABLE pairs (a INT, b INT) USING parquet');
    const failure = await psql(['-c', 'COPY pairs FROM STDIN'], '1\t2\n3\n').then(() => null, (e: { stderr: string }) => e.stderr);
    expect(failure).toMatch(/missing data for column "b"/);
    expect(failure).toMatch(/COPY pairs, line 2/);
    const extra = await psql(['-c', 'COPY pairs (a) FROM STDIN'], '1\t2\n').then(() => null, (e: { stderr: string }) => e.stderr);
    expect(extra).toMatch(/extra data after last expected column/);
  });

  it('loads a column list, leaving the other columns NULL', async () => {
    await client.query('CREATE TABLE partial (a INT, b STRING, c INT) USING parquet');
    await psql(['-c', 'COPY partial (c, a) FROM STDIN WITH (FORMAT csv)'], '30,1\n40,2\n');
    expect((await client.query('SELECT a, b, c FROM partial ORDER BY a')).rows).toEqual([{ a: 1, b: null, c: 30 }, { a: 2, b: null, c: 40 }]);
  });

  it('refuses NULL for a NOT NULL column, given or left out of the column list, and adds nothing', async () => {
    await client.query('CREATE TABLE required (a INT NOT NULL, b STRING) USING parquet');
    const given = await psql(['-c', 'COPY required FROM STDIN'], '1\tx\n\\N\ty\n').then(() => null, (e: { stderr: string }) => e.stderr);
    expect(given).toMatch(/null value in column "a" of relation "required" violates not-null constraint/);
    const unlisted = await psql(['-c', 'COPY required (b) FROM STDIN'], 'x\n').then(() => null, (e: { stderr: string }) => e.stderr);
    expect(unlisted).toMatch(/null value in column "a"/);
    expect((await client.query('SELECT count(*)::int AS n FROM required')).rows).toEqual([{ n: 0 }]);
  });

  it('sends binary COPY in PGCOPY format, matching the query results', async () => {
    const raw = await RawClient.ready(server.port);
    const chunks: Buffer[] = [];
    const from = raw.messages.length;
    raw.send(serialize.query("COPY (SELECT id, CAST(id * 1.5 AS DECIMAL(6,2)) AS d, CASE WHEN id % 2 = 0 THEN 'even' END AS s FROM range(3)) TO STDOUT WITH (FORMAT binary)"));
    await raw.waitFor((m) => m.name === 'readyForQuery', from);
    for (const m of raw.messages.slice(from)) if (m.name === 'copyData') chunks.push((m as unknown as { chunk: Buffer }).chunk);
    const data = Buffer.concat(chunks);
    expect(data.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    let at = 19;
    const rows: (string | null)[][] = [];
    for (;;) {
      const fields = data.readInt16BE(at);
      at += 2;
      if (fields === -1) break;
      const row: (string | null)[] = [];
      for (let f = 0; f < fields; f++) {
        const length = data.readInt32BE(at);
        at += 4;
        if (length < 0) { row.push(null); continue; }
        const bytes = data.subarray(at, at + length);
        at += length;
        row.push(f === 0 ? String(bytes.readBigInt64BE()) : f === 1 ? `numeric:${bytes.length}` : bytes.toString('utf8'));
      }
      rows.push(row);
    }
    expect(at).toBe(data.length);
    expect(rows.map((r) => [r[0], r[2]])).toEqual([['0', 'even'], ['1', null], ['2', 'even']]);
    const complete = raw.messages.slice(from).find((m) => m.name === 'commandComplete') as unknown as { text: string };
    expect(complete.text).toBe('COPY 3');
    raw.socket.destroy();
  });

  it('streams a large COPY out of a query', async () => {
    const { stdout } = await psql(['-c', 'COPY (SELECT id, id * 2 AS twice FROM range(100000)) TO STDOUT WITH (FORMAT csv)']);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(100000);
    expect(lines[99999]).toBe('99999,199998');
  });
});
