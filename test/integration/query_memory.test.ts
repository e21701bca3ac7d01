// Each query's sorts, hash joins and hash aggregates hold rows within a memory budget
// (--query-memory, SET quarry.query_memory): past it they spill to disk; what still cannot fit
// fails with 53200, and the session and the server go on.

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
  let spillDirectory: string;
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
    spillDirectory = path.join(warehouse, 'spill');
    await fs.mkdir(spillDirectory);
    server = await startServer({ host: '127.0.0.1', port: 0, engine: await QuarryEngine.open(warehouse, { queryMemoryBytes: 8 * 1024 ** 2, spillDirectory }) });
    const client = await connect();
    await client.query('CREATE TABLE big USING parquet AS SELECT id, id % 7 AS k, uuid() AS note FROM range(300000)');
    // For joins: every other row of some of big, a tenth of them with a NULL key, and rows big does not have.
    await client.query('CREATE TABLE some USING parquet AS SELECT id, note FROM big WHERE id < 60000');
    await client.query(`CREATE TABLE half USING parquet AS
      SELECT id, CASE WHEN id % 20 = 0 THEN NULL ELSE note END AS note FROM big WHERE id % 2 = 0 AND id < 60000
      UNION ALL SELECT id, uuid() FROM range(300000, 305000)`);
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

  /** The query's rows under the server's 8 MB budget (or `budget`) and then under 1 GB; EXPLAIN ANALYZE's text under the first. */
  async function spilledAndInMemory(sql: string, budget = '0') {
    const client = await connect();
    await client.query(`SET quarry.query_memory = '${budget}'`);
    const spilled = (await client.query({ text: sql, rowMode: 'array' })).rows;
    const explained = (await client.query({ text: `EXPLAIN ANALYZE ${sql}`, rowMode: 'array' })).rows.map((r) => r[0]).join('\n');
    await client.query("SET quarry.query_memory = '1g'");
    const inMemory = (await client.query({ text: sql, rowMode: 'array' })).rows;
    await client.end();
    return { spilled, inMemory, explained };
  }

  it('aggregates past the budget: rows of groups it holds aggregate in place, the others spill partitioned by key', async () => {
    // 60,000 groups of about 112 bytes each: six times the budget. The sort above holds the first
    // groups out while the partitions aggregate, and spills its runs when they need the room.
    const sql = 'SELECT note, count(*), sum(id), min(id), first(id), collect_list(id), count(DISTINCT id % 3) FROM some GROUP BY note ORDER BY note';
    const { spilled, inMemory, explained } = await spilledAndInMemory(sql, '1m');
    expect(spilled).toHaveLength(60000);
    expect(spilled).toEqual(inMemory);
    expect(explained).toMatch(/HashAggregate\(keys=\[note.*spilled=\d+ rows in \d+ files/);
    expect(explained).toMatch(/Sort.*spilled=\d+ rows in \d+ files/);
    // With 512 KB each partition is still too large and spills again, one level down, with another hash.
    const small = await spilledAndInMemory('SELECT note, sum(id) FROM big GROUP BY note', '512k');
    const byNote = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(small.spilled.sort(byNote)).toEqual(small.inMemory.sort(byNote));
    const spilledRows = Number(/HashAggregate.* spilled=(\d+) rows/.exec(small.explained)![1]);
    expect(spilledRows).toBeGreaterThan(300000);
  }, 120_000);

  it('joins past the budget by partitioning both sides to disk by key (grace hash join), in every kind of join', async () => {
    const joins = [
      'SELECT count(*), sum(a.id), sum(b.id) FROM some a JOIN half b ON a.note = b.note',
      'SELECT count(*), count(b.id), sum(a.id), sum(b.id) FROM some a LEFT JOIN half b ON a.note = b.note',
      'SELECT count(*), count(a.id), sum(a.id), sum(b.id) FROM some a RIGHT JOIN half b ON a.note = b.note',
      'SELECT count(*), count(a.id), count(b.id), sum(a.id), sum(b.id) FROM some a FULL JOIN half b ON a.note = b.note',
      'SELECT count(*), sum(a.id), sum(b.id) FROM some a JOIN half b ON a.note = b.note AND a.id < b.id + 4',
      'SELECT count(*), sum(id) FROM some WHERE note IN (SELECT note FROM half)',
      // Built on the left (the smaller side), the right streaming through it.
      'SELECT count(*), sum(id) FROM half WHERE EXISTS (SELECT 1 FROM big WHERE big.note = half.note AND big.id <> half.id + 1)',
      'SELECT count(*), sum(id) FROM half WHERE NOT EXISTS (SELECT 1 FROM some WHERE some.note = half.note)',
    ];
    for (const sql of joins) {
      const { spilled, inMemory, explained } = await spilledAndInMemory(sql, '1m');
      expect(spilled, sql).toEqual(inMemory);
      expect(explained, sql).toMatch(/HashJoin .*spilled=\d+ rows in \d+ files/);
    }
    const [[count]] = (await spilledAndInMemory(joins[0], '1m')).spilled;
    expect(Number(count)).toBe(27000);
  }, 120_000);

  it('fails with 53200 what cannot spill or split, and goes on', async () => {
    const client = await connect();
    const queries = [
      // A join without keys holds its whole build side.
      'SELECT count(*) FROM big a JOIN big b ON a.note < b.note',
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
    // No spill folder is left behind.
    expect(await fs.readdir(spillDirectory)).toEqual([]);
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
