// The stock psql binary against the server: the scenario, and an error with its caret.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, startTestServer } from '../support/server.js';

const run = promisify(execFile);
const PSQL = ['/usr/bin/psql', '/usr/lib/postgresql/15/bin/psql'].find((p) => fs.existsSync(p));

describe.skipIf(!PSQL)('psql', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });

  const psql = (sql: string, ...flags: string[]) =>
    run(PSQL!, ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'quarry', '-d', 'default', '-X', ...flags, '-c', sql],
      { env: { ...process.env, PGCONNECT_TIMEOUT: '10' } });

  it('runs the scenario and prints typed rows', async () => {
    await psql(`CREATE TABLE trips (id BIGINT, city STRING, fare DECIMAL(10,2), ts TIMESTAMP, ok BOOLEAN) USING parquet PARTITIONED BY (city)`);
    await psql(`INSERT INTO trips VALUES (1, 'Oslo', 12.50, TIMESTAMP'2024-01-01 10:00:00', true), (2, 'Bergen', 3.00, NULL, false)`);
    const { stdout } = await psql('SELECT city, count(*), sum(fare) FROM trips GROUP BY city ORDER BY city', '-A', '-F', ',');
    expect(stdout).toBe('city,count(1),sum(fare)\nBergen,1,3.00\nOslo,1,12.50\n(2 rows)\n');
    const typed = await psql('SELECT * FROM trips WHERE id = 1', '-A', '-F', ',', '-t');
    expect(typed.stdout).toBe('1,Oslo,12.50,2024-01-01 10:00:00+00,t\n');
  });

  it('prints TIME and nanosecond timestamps', async () => {
    const { stdout } = await psql(`SELECT TIME '12:34:56.5' AS t, CAST('2020-01-01 00:00:00.123456789' AS TIMESTAMP_NTZ(9)) AS ns`, '-A', '-F', ',', '-t');
    expect(stdout).toBe('12:34:56.5,2020-01-01 00:00:00.123456789\n');
  });

  it('shows the error with SQLSTATE and a caret under the fault', async () => {
    const failure = await psql('SELECT * FORM trips', '-v', 'VERBOSITY=verbose').then(() => null, (e) => e as { stderr: string; code: number });
    expect(failure).not.toBeNull();
    expect(failure!.stderr).toMatch(/ERROR: {2}42601: .*FORM/);
    expect(failure!.stderr).toMatch(/LINE 1: SELECT \* FORM trips\n\s{17}\^/);
  });

  it('lists tables with \\dt (pg_catalog, regular-expression operators, catalog functions)', async () => {
    const { stdout } = await psql('\\dt', '-A', '-t');
    expect(stdout).toBe('default|trips|table|quarry\n');
  });

  it('runs several statements in one -c string, stopping at the first error', async () => {
    const result = await psql("SELECT 1 AS a; SELECT 'x' AS b", '-A', '-t');
    expect(result.stdout).toBe('1\nx\n');
  });
});
