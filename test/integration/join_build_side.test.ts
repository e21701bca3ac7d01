// An inner equi-join builds its hash table on the smaller input (estimated from file sizes), and
// still returns the columns in written order.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, startTestServer } from '../support/server.js';

describe('join build side', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });

  it('builds on the smaller table whichever side it is written on', async () => {
    const client = await server.client();
    await client.query('CREATE TABLE big (k INT, v STRING) USING parquet');
    await client.query("INSERT INTO big SELECT id % 10, concat('value ', id) FROM range(5000)");
    await client.query('CREATE TABLE small (k INT, name STRING) USING parquet');
    await client.query("INSERT INTO small VALUES (1, 'one'), (2, 'two')");
    const plan = async (sql: string) => (await client.query(`EXPLAIN ${sql}`)).rows.map((r) => Object.values(r).join('')).join('\n');
    const smallFirst = 'SELECT s.name, b.v, b.k FROM small s JOIN big b ON s.k = b.k AND b.v <> s.name';
    const physical = (await plan(smallFirst)).split('== Physical Plan ==')[1];
    // The probe (first) input of the hash join is big; small is built.
    expect(physical).toMatch(/HashJoin Inner[^\n]*\n[^\n]*Scan parquet default\.big[^\n]*\n[^\n]*Scan parquet default\.small/);
    expect((await plan('SELECT * FROM big b JOIN small s ON s.k = b.k')).split('== Physical Plan ==')[1])
      .toMatch(/HashJoin Inner[^\n]*\n[^\n]*Scan parquet default\.big[^\n]*\n[^\n]*Scan parquet default\.small/);
    const { rows } = await client.query(`${smallFirst} ORDER BY b.v LIMIT 2`);
    expect(rows).toEqual([{ name: 'one', v: 'value 1', k: 1 }, { name: 'one', v: 'value 1001', k: 1 }]);
    const count = await client.query('SELECT count(*) AS n, count(DISTINCT s.name) AS names FROM small s JOIN big b ON s.k = b.k');
    expect(count.rows).toEqual([{ n: '1000', names: '2' }]);
  });

  it('narrows a correlated aggregate to the keys the outer rows hold (a runtime filter), with the same answer', async () => {
    const client = await server.client();
    await client.query('CREATE TABLE items USING parquet AS SELECT id, id % 1000 AS part, CAST(id % 7 AS INT) AS qty FROM range(20000)');
    await client.query("CREATE TABLE parts USING parquet AS SELECT id AS part, CASE WHEN id % 100 = 3 THEN 'wanted' ELSE 'other' END AS kind FROM range(1000)");
    // TPC-H Q17's shape: each wanted part's items below its own average quantity.
    const sql = `SELECT count(*) AS n, sum(i.qty) AS total FROM items i, parts p
      WHERE p.part = i.part AND p.kind = 'wanted' AND i.qty < (SELECT avg(qty) FROM items WHERE part = p.part)`;
    const physical = (await client.query({ text: `EXPLAIN ANALYZE ${sql}`, rowMode: 'array' })).rows.map((r) => r[0]).join('\n');
    expect(physical).toMatch(/probe keys filter the build side/);
    // The aggregate grouped only the 10 wanted parts' 200 items, not all 20,000.
    expect(physical).toMatch(/RuntimeFilter \[part#\d+\] IN the join's probe keys \(rows=200 /);
    // Parts 3, 103, …: each has 20 items with qty = id % 7 over ids part, part + 1000, …
    const expected = await client.query(`SELECT count(*) AS n, sum(qty) AS total
      FROM (SELECT part, qty, avg(qty) OVER (PARTITION BY part) AS a FROM items) WHERE part % 100 = 3 AND qty < a`);
    expect((await client.query(sql)).rows).toEqual(expected.rows);
    expect(Number(expected.rows[0].n)).toBeGreaterThan(50);
  });
});
