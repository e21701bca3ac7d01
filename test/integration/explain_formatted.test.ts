// EXPLAIN FORMATTED prints the physical plan as Spark does: a tree of operator names with ids, then
// a section per operator, children first, with its fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { TestServer, startTestServer } from '../support/server.js';

describe('EXPLAIN FORMATTED', () => {
  let server: TestServer;
  let client: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    await client.query('CREATE TABLE ef_facts USING parquet AS SELECT id, id % 10 AS k, id * 2 AS v FROM range(1000)');
    await client.query('CREATE TABLE ef_names USING parquet AS SELECT id AS k, concat(\'n\', id) AS name FROM range(10)');
  });
  afterAll(async () => { await server.close(); });

  const explain = async (sql: string) => ((await client.query(`EXPLAIN FORMATTED ${sql}`)).rows[0].plan as string);

  it('shows the tree with ids, then each operator children first with its fields', async () => {
    const text = await explain('SELECT n.name, sum(f.v) AS total FROM ef_facts f JOIN ef_names n ON f.k = n.k WHERE f.id > 500 GROUP BY n.name ORDER BY total DESC');
    const [tree, details] = text.split('\n\n\n');
    const treeLines = tree.split('\n');
    expect(treeLines[0]).toBe('== Physical Plan ==');
    // Every operator once in the tree, numbered children first: the root has the highest id.
    const ids = treeLines.slice(1).map((l) => Number(/\((\d+)\)$/.exec(l)![1]));
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
    expect(ids[0]).toBe(ids.length);
    expect(treeLines[1]).toMatch(/^Sort \(\d+\)$/);
    expect(tree).toMatch(/\+- HashJoin Inner Build(Left|Right) \(\d+\)/);
    expect(tree).toMatch(/Scan parquet default\.ef_facts \(\d+\)/);

    const sections = details.trim().split('\n\n');
    expect(sections.map((s) => Number(/^\((\d+)\)/.exec(s)![1]))).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
    const section = (name: string) => sections.find((s) => s.split('\n')[0].includes(name))!.split('\n').slice(1);
    expect(section('Scan parquet default.ef_facts')).toEqual([
      'Output [3]: [id, k, v]',
      'Location: dbfs:/user/hive/warehouse/ef_facts',
      'PushedFilters: [id > 500]',
      'ReadSchema: struct<id:bigint,k:bigint,v:bigint>',
    ]);
    expect(section('Filter')).toEqual(['Input [3]: [id, k, v]', expect.stringMatching(/^Condition: \(id#\d+ > 500\)$/)]);
    expect(section('HashJoin')).toEqual([
      expect.stringMatching(/^Left keys \[1\]: \[k#\d+\]$/),
      expect.stringMatching(/^Right keys \[1\]: \[k#\d+\]$/),
      'Join type: Inner',
      'Join condition: None',
    ]);
    expect(section('HashAggregate')).toEqual([
      expect.stringMatching(/^Input \[\d\]: \[.*name.*\]$/),
      expect.stringMatching(/^Keys \[1\]: \[name#\d+\]$/),
      expect.stringMatching(/^Functions \[1\]: \[sum\(v#\d+\)\]$/),
      expect.stringMatching(/^Results \[2\]: \[name, .*\]$/),
    ]);
    expect(section('Sort')).toEqual(['Input [2]: [name, total]', expect.stringMatching(/^Keys \[1\]: \[total#\d+ DESC NULLS LAST\]$/)]);
  });

  it('plans NOT IN over a subquery as a null-aware hash anti join, not a nested loop', async () => {
    const text = await explain('SELECT id FROM ef_facts WHERE k NOT IN (SELECT k FROM ef_names WHERE k > 4)');
    expect(text).toMatch(/\+- HashJoin LeftAnti BuildRight \(\d+\)/);
    expect(text).toMatch(/Join type: LeftAnti\nJoin condition: None\nNull aware: true/);
    expect((await client.query('SELECT count(*)::int AS n FROM ef_facts WHERE k NOT IN (SELECT k FROM ef_names WHERE k > 4)')).rows).toEqual([{ n: 500 }]);
  });

  it('gives other operators their arguments, and leaves EXPLAIN and EXPLAIN EXTENDED as they were', async () => {
    const text = await explain('SELECT id FROM ef_facts LIMIT 3');
    expect(text).toMatch(/^\(\d+\) Limit 3\nInput \[1\]: \[id\]$/m);
    expect((await client.query('EXPLAIN SELECT id FROM ef_facts LIMIT 3')).rows[0].plan).toMatch(/^== Optimized Logical Plan ==/);
  });
});
