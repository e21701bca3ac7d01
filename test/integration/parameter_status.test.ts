// Settings a client gives at startup (TimeZone, application_name, PGOPTIONS' -c) reach the
// session, and ParameterStatus tells the client when a statement changes a reported one.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, startTestServer } from '../support/server.js';

describe('session settings over the protocol', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });

  async function connect(config: Partial<pg.ClientConfig>) {
    const client = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'quarry', database: 'default', ...config });
    const statuses: [string, string][] = [];
    (client as unknown as { connection: { on(e: string, f: (m: { parameterName: string; parameterValue: string }) => void): void } })
      .connection.on('parameterStatus', (m) => statuses.push([m.parameterName, m.parameterValue]));
    await client.connect();
    return { client, statuses };
  }

  it('applies startup parameters and options, and reports them', async () => {
    const { client, statuses } = await connect({ application_name: 'dash', options: '-c statement_timeout=5s -c TimeZone=+02:00' });
    expect(statuses).toContainEqual(['application_name', 'dash']);
    expect(statuses).toContainEqual(['TimeZone', '+02:00']);
    expect((await client.query('SHOW statement_timeout')).rows[0]).toEqual({ statement_timeout: '5000' });
    const { rows } = await client.query("SELECT CAST(TIMESTAMP '2024-01-01 00:00:00Z' AS STRING) AS local, current_setting('application_name') AS app");
    expect(rows[0]).toEqual({ local: '2024-01-01 02:00:00', app: 'dash' });
    await client.end();
  });

  it('sends ParameterStatus when SET changes a reported setting, and only then', async () => {
    const { client, statuses } = await connect({});
    statuses.length = 0;
    await client.query("SET TIME ZONE '-05:00'");
    expect(statuses).toEqual([['TimeZone', '-05:00']]);
    await client.query('SET spark.sql.ansi.enabled = false');
    await client.query("SET application_name = 'etl'");
    expect(statuses).toEqual([['TimeZone', '-05:00'], ['application_name', 'etl']]);
    await client.query('RESET ALL');
    expect(statuses.slice(2)).toEqual([['TimeZone', 'UTC'], ['application_name', '']]);
    await client.end();
  });

  it('keeps the connection when a startup setting is refused, with a warning', async () => {
    const notices: string[] = [];
    const client = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'quarry', database: 'default', options: '-c TimeZone=Mars/Base' });
    client.on('notice', (n) => notices.push(n.message));
    await client.connect();
    expect(notices.join('\n')).toMatch(/TimeZone ignored/);
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await client.end();
  });
});
