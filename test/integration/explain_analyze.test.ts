// EXPLAIN ANALYZE runs the query and shows each operator's rows, batches, time and output size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { TestServer, errorOf, startTestServer } from '../support/server.js';

describe('EXPLAIN ANALYZE', () => {
  let server: TestServer;
  let client: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    await client.query('CREATE TABLE ea USING parquet AS SELECT id, id % 10 AS k FROM range(10000)');
  });
  afterAll(async () => { await server.close(); });

  it("shows every operator's figures after running the query", async () => {
    const { rows } = await client.query('EXPLAIN ANALYZE SELECT k, count(*) FROM ea WHERE id < 2500 GROUP BY k');
    const text = rows[0].plan as string;
    const lines = text.split('\n');
    expect(lines[0]).toBe('== Physical Plan ==');
    const figures = (pattern: RegExp) => {
      const line = lines.find((l) => pattern.test(l));
      expect(line, `${pattern} in\n${text}`).toBeDefined();
      return Object.fromEntries([...line!.matchAll(/(\w+)=([\d.]+)/g)].map((m) => [m[1], Number(m[2])]));
    };
    expect(figures(/HashAggregate/).rows).toBe(10);
    // Operators that hold rows show the most they held: ten groups of a key and a count.
    expect(figures(/HashAggregate/).memory).toBeGreaterThan(0);
    expect(figures(/Filter/).rows).toBe(2500);
    const scan = figures(/Scan/);
    expect(scan.rows).toBe(10000);
    expect(scan.batches).toBeGreaterThan(0);
    for (const line of lines.slice(1).filter((l) => l.trim() && !l.includes(' rows in '))) {
      expect(line).toMatch(/\(rows=\d+ batches=\d+ time=[\d.]+ms self=[\d.]+ms output=[\d.]+[KM]?B( memory=[\d.]+[KM]?B)?\)$/);
    }
    expect(lines[lines.length - 1]).toMatch(/^10 rows in [\d.]+ ms; sorts, joins and aggregates held up to [\d.]+ (bytes|KB|MB)$/);
  });

  it('refuses statements other than queries, and leaves the table alone', async () => {
    expect((await errorOf(client, 'EXPLAIN ANALYZE INSERT INTO ea VALUES (1, 1)')).code).toBe('0A000');
    expect((await client.query('SELECT count(*)::int AS n FROM ea')).rows).toEqual([{ n: 10000 }]);
  });
});
