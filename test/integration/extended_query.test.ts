// The extended query protocol with a real driver: parameters, named statements reused, errors
// that skip to Sync, and row-limited Execute with PortalSuspended.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { RawClient } from '../protocol/raw_client.js';
import { TestServer, errorOf, startTestServer } from '../support/server.js';

describe('extended query protocol', () => {
  let server: TestServer;
  let client: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    await client.query('CREATE TABLE t (id BIGINT, name STRING, score DOUBLE, day DATE) USING parquet');
  });
  afterAll(async () => { await server.close(); });

  it('binds parameters: untyped ones meet their context through implicit casts', async () => {
    expect((await client.query('SELECT $1::int + 1 AS x', [41])).rows).toEqual([{ x: 42 }]);
    for (const [id, name, score, day] of [[1, 'ann', 1.5, '2024-01-01'], [2, 'bob', null, '2024-01-02'], [3, "o'neil", 3, null]]) {
      await client.query('INSERT INTO t VALUES ($1, $2, $3, $4)', [id, name, score, day]);
    }
    expect((await client.query('SELECT name FROM t WHERE id = $1', ['2'])).rows).toEqual([{ name: 'bob' }]);
    expect((await client.query('SELECT count(*) AS n FROM t WHERE day >= $1 AND name <> $2', ['2024-01-01', 'x'])).rows).toEqual([{ n: '2' }]);
    expect((await client.query("SELECT name FROM t WHERE name = $1", ["o'neil"])).rows).toEqual([{ name: "o'neil" }]);
    expect((await client.query('SELECT id FROM t ORDER BY id LIMIT $1', [2])).rows).toEqual([{ id: '1' }, { id: '2' }]);
  });

  it('reuses named prepared statements and describes their types', async () => {
    const query = { name: 'by_id', text: 'SELECT id, name, score FROM t WHERE id = $1', values: [1] };
    const first = await client.query(query);
    const second = await client.query({ ...query, values: [3] });
    expect(first.rows).toEqual([{ id: '1', name: 'ann', score: 1.5 }]);
    expect(second.rows).toEqual([{ id: '3', name: "o'neil", score: 3 }]);
    expect(second.fields.map((f) => f.dataTypeID)).toEqual([20, 25, 701]);
  });

  it('reports errors with SQLSTATE and keeps the connection usable', async () => {
    const unknown = await client.query('SELECT nope FROM t WHERE id = $1', [1]).catch((x) => x);
    expect([unknown.code, unknown.position]).toEqual(['42703', '8']);
    const e = await client.query('SELECT $1::int', ['abc']).catch((x) => x);
    expect(e.code).toBe('22018');
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('refuses $n outside prepared statements', async () => {
    expect((await errorOf(client, 'SELECT $1')).code).toBe('42P02');
  });
});

describe('extended query protocol, message by message', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const client = await server.client();
    await client.query('CREATE TABLE n (i INT) USING parquet');
    await client.query(`INSERT INTO n VALUES ${Array.from({ length: 10 }, (_, i) => `(${i})`).join(', ')}`);
  });
  afterAll(async () => { await server.close(); });

  it('describes parameters and rows, and resumes a portal after PortalSuspended', async () => {
    const raw = await RawClient.ready(server.port);
    const from = raw.messages.length;
    raw.send(Buffer.concat([
      serialize.parse({ name: 's1', text: 'SELECT i FROM n WHERE i >= $1 ORDER BY i', types: [23] }),
      serialize.describe({ type: 'S', name: 's1' }),
      serialize.bind({ portal: 'p1', statement: 's1', values: ['4'] }),
      serialize.execute({ portal: 'p1', rows: 3 }),
      serialize.execute({ portal: 'p1', rows: 10 }),
      serialize.sync(),
    ]));
    await raw.waitFor((m) => m.name === 'readyForQuery', from);
    const replies = raw.messages.slice(from);
    expect(replies.map((m) => m.name)).toEqual([
      'parseComplete', 'parameterDescription', 'rowDescription', 'bindComplete',
      'dataRow', 'dataRow', 'dataRow', 'portalSuspended',
      'dataRow', 'dataRow', 'dataRow', 'commandComplete', 'readyForQuery',
    ]);
    expect((replies[1] as unknown as { dataTypeIDs: number[] }).dataTypeIDs).toEqual([23]);
    const values = replies.filter((m) => m.name === 'dataRow').map((m) => (m as unknown as { fields: string[] }).fields[0]);
    expect(values).toEqual(['4', '5', '6', '7', '8', '9']);
    expect((replies[11] as unknown as { text: string }).text).toBe('SELECT 6');
    raw.socket.destroy();
  });

  it('shares one namespace between protocol statements and SQL PREPARE/DEALLOCATE (psqlODBC relies on it)', async () => {
    const raw = await RawClient.ready(server.port);
    const step = async (bytes: Buffer) => {
      const from = raw.messages.length;
      raw.send(bytes);
      await raw.waitFor((m) => m.name === 'readyForQuery', from);
      return raw.messages.slice(from).map((m) => (m.name === 'error' ? `error ${(m as unknown as { code: string }).code}` : m.name));
    };
    expect(await step(Buffer.concat([serialize.parse({ name: '_PLAN1', text: 'SELECT $1::int' }), serialize.sync()])))
      .toEqual(['parseComplete', 'readyForQuery']);
    expect(await step(serialize.query('EXECUTE "_PLAN1"(5)'))).toEqual(['rowDescription', 'dataRow', 'commandComplete', 'readyForQuery']);
    expect(await step(serialize.query('DEALLOCATE "_PLAN1"'))).toEqual(['commandComplete', 'readyForQuery']);
    expect(await step(Buffer.concat([serialize.parse({ name: '_PLAN1', text: 'SELECT 2' }), serialize.sync()])))
      .toEqual(['parseComplete', 'readyForQuery']);
    expect(await step(Buffer.concat([serialize.parse({ name: '_PLAN1', text: 'SELECT 3' }), serialize.sync()])))
      .toEqual(['error 42P05', 'readyForQuery']);
    raw.socket.destroy();
  });

  it('serves a SQL cursor as a portal, and FETCH through the extended protocol describes its rows (psycopg 3)', async () => {
    const raw = await RawClient.ready(server.port);
    const step = async (bytes: Buffer) => {
      const from = raw.messages.length;
      raw.send(bytes);
      await raw.waitFor((m) => m.name === 'readyForQuery', from);
      return raw.messages.slice(from).map((m) => m.name);
    };
    await step(serialize.query('BEGIN; DECLARE cur CURSOR FOR SELECT i FROM n ORDER BY i'));
    expect(await step(Buffer.concat([serialize.describe({ type: 'P', name: 'cur' }), serialize.execute({ portal: 'cur', rows: 2 }), serialize.sync()])))
      .toEqual(['rowDescription', 'dataRow', 'dataRow', 'portalSuspended', 'readyForQuery']);
    expect(await step(Buffer.concat([serialize.parse({ text: 'FETCH FORWARD 3 FROM cur' }), serialize.describe({ type: 'S', name: '' }),
      serialize.bind({}), serialize.execute({}), serialize.sync()])))
      .toEqual(['parseComplete', 'parameterDescription', 'rowDescription', 'bindComplete', 'dataRow', 'dataRow', 'dataRow', 'commandComplete', 'readyForQuery']);
    raw.socket.destroy();
  });

  it('skips to Sync after an error, then serves the next request', async () => {
    const raw = await RawClient.ready(server.port);
    const from = raw.messages.length;
    raw.send(Buffer.concat([
      serialize.parse({ text: 'SELECT nope' }),
      serialize.bind({}),
      serialize.execute({}),
      serialize.sync(),
      serialize.parse({ text: 'SELECT 1' }),
      serialize.bind({}),
      serialize.execute({}),
      serialize.sync(),
    ]));
    await raw.waitFor((m) => m.name === 'commandComplete', from);
    await raw.waitFor((m) => m.name === 'readyForQuery', raw.messages.findIndex((m, i) => i >= from && m.name === 'commandComplete'));
    expect(raw.messages.slice(from).map((m) => m.name)).toEqual([
      'error', 'readyForQuery', 'parseComplete', 'bindComplete', 'dataRow', 'commandComplete', 'readyForQuery',
    ]);
    raw.socket.destroy();
  });
});
