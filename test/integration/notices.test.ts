// NoticeResponse: what Postgres says about statements that succeed but did not do quite what they
// said (IF EXISTS on nothing, COMMIT outside a transaction), in the simple and extended protocols.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, startTestServer } from '../support/server.js';

describe('notices', () => {
  let server: TestServer;
  let client: pg.Client;
  const notices: { severity?: string; code?: string; message: string }[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    client.on('notice', (n) => notices.push({ severity: n.severity, code: n.code, message: n.message }));
  });
  afterAll(async () => { await server.close(); });

  it('IF EXISTS on a missing object is a NOTICE that it was skipped', async () => {
    notices.length = 0;
    await client.query('DROP TABLE IF EXISTS nowhere');
    await client.query({ text: 'DROP VIEW IF EXISTS nothing', values: [] });
    expect(notices).toEqual([
      { severity: 'NOTICE', code: '00000', message: 'table "nowhere" does not exist, skipping' },
      { severity: 'NOTICE', code: '00000', message: 'view "nothing" does not exist, skipping' },
    ]);
  });

  it('transaction statements out of place are WARNINGs, and the session goes on', async () => {
    notices.length = 0;
    await client.query('COMMIT');
    await client.query('BEGIN');
    await client.query('BEGIN');
    await client.query('ROLLBACK');
    await client.query('ROLLBACK');
    expect(notices.map((n) => [n.severity, n.code, n.message])).toEqual([
      ['WARNING', '25P01', 'there is no transaction in progress'],
      ['WARNING', '25001', 'there is already a transaction in progress'],
      ['WARNING', '25P01', 'there is no transaction in progress'],
    ]);
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('sends progress lines while a long statement runs, when asked to', async () => {
    await client.query('CREATE TABLE progress_src USING parquet AS SELECT id FROM range(600000)');
    const query = 'SELECT count(*) FROM progress_src a JOIN progress_src b ON a.id = b.id';
    notices.length = 0;
    await client.query(query);
    expect(notices).toEqual([]); // off by default
    await client.query('SET quarry.progress = on');
    await client.query('SET quarry.progress_interval = 100');
    try {
      for (const run of [(sql: string) => client.query(sql), (sql: string) => client.query({ text: sql, values: [] })]) {
        notices.length = 0;
        const { rows } = await run(query);
        expect(rows[0]['count(1)']).toBe('600000');
        expect(notices.length).toBeGreaterThan(0);
        for (const n of notices) expect(n.message).toMatch(/^progress: [\d,]+ rows read in [\d.]+ s$/);
        const counts = notices.map((n) => Number(/^progress: ([\d,]+)/.exec(n.message)![1].replace(/,/g, '')));
        expect(counts).toEqual([...counts].sort((a, b) => a - b));
        // None once the statement is over.
        const after = notices.length;
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(notices.length).toBe(after);
      }
    } finally {
      await client.query('SET quarry.progress = off');
    }
  });
});
