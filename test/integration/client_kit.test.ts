// The real-client kit (../shared/clients): psql, pgbench, pgjdbc, psqlODBC (isql and pyodbc),
// psycopg2, psycopg 3, SQLAlchemy, node-postgres and postgres.js, each checking values, metadata and
// errors against Quarry over a socket. .ci/run installs the clients (the kit's install.sh).

import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, startTestServer } from '../support/server.js';

const run = promisify(execFile);
const KIT = path.resolve(import.meta.dirname, '../../../shared/clients');

describe('real-client kit', () => {
  let server: TestServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    server = await startTestServer();
    env = {
      ...process.env, PGHOST: '127.0.0.1', PGPORT: String(server.port), PGUSER: 'smoke', PGPASSWORD: 'smoke_pw',
      PGDATABASE: 'default', PGOPTIONS: '-c TimeZone=UTC', SMOKE_TIMEOUT: '120',
    };
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', path.join(KIT, 'fixture.sql')], { env });
  });
  afterAll(async () => { await server?.close(); });

  it('passes with every client', async () => {
    const result = await run('bash', [path.join(KIT, 'run_all.sh')], { env, maxBuffer: 16 * 1024 * 1024 })
      .then((r) => r.stdout, (e: { stdout: string; stderr: string }) => `${e.stdout}\n${e.stderr}`);
    expect(result, result).toMatch(/^10 passed, 0 failed$/m);
  }, 600_000);
});
