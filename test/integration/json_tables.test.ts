// JSON tables: JSON Lines and multiLine files, Spark's inference and parse modes, and writes.

import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { TestServer, startTestServer } from '../support/server.js';

describe('JSON tables', () => {
  let server: TestServer;
  let client: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    const dir = path.join(server.warehouse, 'dbfs', 'raw', 'events');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'a.json'), [
      '{"id": 1, "user": "ann", "score": 1.5, "ok": true, "tags": ["x", "y"]}',
      '{"id": 2, "user": "bob", "score": 2, "meta": {"k": 1}}',
      '{"id": 3, "user": null}',
      'not json at all',
    ].join('\n'));
    await fs.mkdir(path.join(server.warehouse, 'dbfs', 'raw', 'doc'), { recursive: true });
    await fs.writeFile(path.join(server.warehouse, 'dbfs', 'raw', 'doc', 'doc.json'), '[{"a": 1}, {"a": 2, "b": "two"}]');
  });
  afterAll(async () => { await server.close(); });

  it('infers a schema from JSON Lines, keeps nested values as JSON text, and applies the parse mode', async () => {
    await client.query("CREATE TABLE events USING json LOCATION 'dbfs:/raw/events'");
    const described = (await client.query('DESCRIBE events')).rows.map((r) => [r.col_name, r.data_type]);
    expect(described).toEqual([['id', 'bigint'], ['meta', 'string'], ['ok', 'boolean'], ['score', 'double'], ['tags', 'string'], ['user', 'string']]);
    const { rows } = await client.query('SELECT id, user, score, tags, meta FROM events ORDER BY id NULLS LAST');
    expect(rows).toEqual([
      { id: '1', user: 'ann', score: 1.5, tags: '["x","y"]', meta: null },
      { id: '2', user: 'bob', score: 2, tags: null, meta: '{"k":1}' },
      { id: '3', user: null, score: null, tags: null, meta: null },
      { id: null, user: null, score: null, tags: null, meta: null },
    ]);
    await client.query(`CREATE TABLE strict (id BIGINT, user STRING) USING json OPTIONS (mode 'FAILFAST') LOCATION 'dbfs:/raw/events'`);
    expect((await client.query('SELECT * FROM strict').catch((e) => e)).message).toMatch(/MALFORMED_RECORD_IN_PARSING.*line 4/);
    await client.query(`CREATE TABLE tolerant (id BIGINT, _corrupt_record STRING) USING json LOCATION 'dbfs:/raw/events'`);
    expect((await client.query('SELECT _corrupt_record FROM tolerant WHERE id IS NULL')).rows).toEqual([{ _corrupt_record: 'not json at all' }]);
  });

  it('reads multiLine documents and queries directories directly', async () => {
    // A line holding an array is several records even without multiLine, as in Spark.
    const { rows } = await client.query('SELECT a, b FROM json.`dbfs:/raw/doc` ORDER BY a');
    expect(rows).toEqual([{ a: '1', b: null }, { a: '2', b: 'two' }]);
    await client.query(`CREATE TABLE doc USING json OPTIONS (multiLine 'true') LOCATION 'dbfs:/raw/doc'`);
    expect((await client.query('SELECT a, b FROM doc ORDER BY a')).rows).toEqual([{ a: '1', b: null }, { a: '2', b: 'two' }]);
  });

  it('writes JSON Lines that read back the same', async () => {
    await client.query(`CREATE TABLE out USING json AS SELECT * FROM VALUES (1, 'a', 12.50, DATE'2024-01-02'), (2, NULL, NULL, NULL) AS t(id, s, d, day)`);
    expect((await client.query('SELECT id, s, d, CAST(day AS STRING) AS day FROM out ORDER BY id')).rows).toEqual([
      { id: 1, s: 'a', d: '12.50', day: '2024-01-02' }, { id: 2, s: null, d: null, day: null },
    ]);
  });
});
