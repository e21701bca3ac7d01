// The stock psql binary against the protocol server (over the fake engine): libpq's startup
// (SSLRequest first, refused), text output of typed values, and errors with a caret.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuarryServer, startServer } from '../../src/protocol/index.js';
import { FakeEngine } from './fake_engine.js';

const run = promisify(execFile);
const PSQL = ['/usr/bin/psql', '/usr/lib/postgresql/15/bin/psql'].find((p) => fs.existsSync(p));
if (!PSQL) console.warn('psql not found (install postgresql-client): skipping the psql protocol tests');

describe.skipIf(!PSQL)('psql against the protocol server', () => {
  let server: QuarryServer;
  beforeAll(async () => { server = await startServer({ host: '127.0.0.1', port: 0, engine: new FakeEngine() }); });
  afterAll(async () => { await server.close(); });

  const psql = (args: string[]) =>
    run(PSQL!, ['-h', '127.0.0.1', '-p', String(server.address.port), '-U', 'quarry', '-d', 'default', '-X', ...args], {
      env: { ...process.env, PGCONNECT_TIMEOUT: '10', PGSSLMODE: 'prefer', PGAPPNAME: 'psql-test' },
    });

  it('connects and prints typed rows', async () => {
    const { stdout } = await psql(['-A', '-t', '-F', ',', '-c', 'select everything']);
    expect(stdout).toBe([
      '1,42,9223372036854775807,1.5,0.1,12.50,1234567890123456789012345.00000,Zürich,t,2024-01-01,' +
        '2024-01-01 10:00:00+00,2024-01-01 10:00:00.000123,\\xdead',
      '-2,-7,-9223372036854775808,1e+20,Infinity,-0.05,0.00001,Oslo,f,1970-01-01,1970-01-01 00:00:00.5+00,' +
        '1970-01-01 00:00:00,\\x',
      ',,,,,,,,,,,,',
      '',
    ].join('\n'));
  });

  it('prints headers and the row count footer in aligned-free mode', async () => {
    const { stdout } = await psql(['-A', '-c', 'count 2']);
    expect(stdout).toBe('n\n0\n1\n(2 rows)\n');
  });

  it('shows an error with its SQLSTATE and a caret under the position', async () => {
    const failure = await psql(['-v', 'ON_ERROR_STOP=1', '-v', 'VERBOSITY=verbose', '-c', 'select x from bad'])
      .then(() => null, (e: { stderr: string; code: number }) => e);
    expect(failure).not.toBeNull();
    expect(failure!.code).not.toBe(0);
    expect(failure!.stderr).toMatch(/ERROR: {2}42601: syntax error at or near "bad"/);
    expect(failure!.stderr).toMatch(/LINE 1: select x from bad\n\s{22}\^/);
  });

  it('reports an unknown database as a connection failure', async () => {
    const failure = await run(PSQL!, ['-h', '127.0.0.1', '-p', String(server.address.port), '-U', 'quarry', '-d', 'missing', '-X', '-c', 'select 1'])
      .then(() => null, (e: { stderr: string }) => e);
    expect(failure!.stderr).toMatch(/FATAL: {2}database "missing" does not exist/);
  });
});
