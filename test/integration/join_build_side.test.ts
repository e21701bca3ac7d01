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
});
