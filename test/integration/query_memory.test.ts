// Each query's sorts, hash joins and hash aggregates hold rows within a memory budget
// (--query-memory, SET quarry.query_memory): past it the query fails with 53200, and the session
// and the server go on.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuarryEngine } from '../../src/engine/index.js';
import { QuarryServer, startServer } from '../../src/protocol/index.js';

describe('query memory', () => {
  let server: QuarryServer;
  let warehouse: string;
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: server.address.port, user: 'quarry', database: 'default' });
    await client.connect();
    clients.push(client);
    return client;
  };
  const errorOf = (client: pg.Client, sql: string) => client.query(sql).then(() => { throw new Error(`${sql} succeeded`); }, (e: { code: string; message: string }) => e);

  beforeAll(async () => {
    warehouse = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-memory-'));
    // The server's budget: 8 MB a query.
    server = await startServer({ host: '127.0.0.1', port: 0, engine: await QuarryEngine.open(warehouse, { queryMemoryBytes: 8 * 1024 ** 2 }) });
    const client = await connect();
    await client.query('CREATE TABLE big USING parquet AS SELECT id, id % 7 AS k, uuid() AS note FROM range(300000)');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await server.close();
    await fs.rm(warehouse, { recursive: true, force: true });
  });

  it('sorts past the budget by spilling sorted runs to disk and merging them', async () => {
    const client = await connect();
    const spilled = (await client.query({ text: 'SELECT note, id FROM big ORDER BY note DESC, id', rowMode: 'array' })).rows;
    await client.query("SET quarry.query_memory = '1g'");
    const inMemory = (await client.query({ text: 'SELECT note, id FROM big ORDER BY note DESC, id', rowMode: 'array' })).rows;
    expect(spilled).toHaveLength(300000);
    expect(spilled).toEqual(inMemory);
    // Ties keep their input order across runs, as an in-memory sort keeps it.
    await client.query("SET quarry.query_memory = '1m'");
    const ties = (await client.query({ text: 'SELECT k, id FROM big ORDER BY k', rowMode: 'array' })).rows;
    expect(ties.filter((r) => r[0] === '3').map((r) => Number(r[1]))).toEqual(Array.from({ length: 42857 }, (_, i) => 3 + 7 * i));
    await client.query("SET quarry.query_memory = '0'");
  });

  it('fails a join build side or an aggregate that needs more with 53200, and goes on', async () => {
    const client = await connect();
    const queries = [
      'SELECT note, count(*) FROM big GROUP BY note ORDER BY 2 LIMIT 1',
    ];
    for (const sql of queries) {
      const e = await errorOf(client, sql);
      expect(e.code, sql).toBe('53200');
      expect(e.message).toContain('[QUERY_MEMORY_EXCEEDED]');
      expect((await client.query('SELECT count(*)::int AS n FROM big')).rows).toEqual([{ n: 300000 }]);
    }
    // A query within the budget runs; so does a sort of few rows (TakeOrdered keeps only its limit).
    expect((await client.query('SELECT k, count(*)::int AS n FROM big GROUP BY k ORDER BY k')).rows).toHaveLength(7);
    expect((await client.query('SELECT note FROM big ORDER BY note LIMIT 3')).rows).toHaveLength(3);
  });

  it('takes a session budget from SET quarry.query_memory', async () => {
    const client = await connect();
    await client.query("SET quarry.query_memory = '1g'");
    expect((await client.query('SELECT count(*)::int AS n FROM big a JOIN big b ON a.note = b.note')).rows).toEqual([{ n: 300000 }]);
    await client.query("SET quarry.query_memory = '64k'");
    expect((await errorOf(client, 'SELECT k, count(*) FROM big GROUP BY k, id')).code).toBe('53200');
    expect((await errorOf(client, "SET quarry.query_memory = 'lots'")).code).toBe('22023');
    // Other sessions keep the server's budget.
    const other = await connect();
    expect((await other.query('SELECT count(DISTINCT k)::int AS n FROM big')).rows).toEqual([{ n: 7 }]);
  });
});
