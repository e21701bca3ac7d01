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
});
