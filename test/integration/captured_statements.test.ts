// Every statement real clients and BI tools send (../shared/clients/captured: psql, pgjdbc,
// psqlODBC, psycopg, SQLAlchemy, node drivers, Npgsql/Power BI, Metabase, Grafana) runs against
// Quarry, in order on one connection per file as the client sent it, and must succeed with the
// column names and types PostgreSQL 15 returned for it.
//
// PostgreSQL's answers are recorded in test/fixtures/captured_postgres15.json. To record them
// again, start the kit's reference server (../shared/clients/setup_reference_postgres.sh) and run
//   QUARRY_CAPTURED_REFERENCE=postgres://smoke:smoke_pw@127.0.0.1:55432/smoke npx vitest run test/integration/captured_statements.test.ts

import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapturedStatement, capturedFiles, readCaptured } from '../support/captured.js';
import { TestServer, startTestServer } from '../support/server.js';

const run = promisify(execFile);
const EXPECTED = path.resolve(import.meta.dirname, '../fixtures/captured_postgres15.json');
const KIT = path.resolve(import.meta.dirname, '../../../shared/clients');

interface Outcome {
  readonly sql: string;
  /** [name, type OID] of each result column; absent when the statement failed. */
  readonly columns?: [string, number][];
  readonly error?: string;
}

type Outcomes = Record<string, Outcome[]>;

/** Runs a file's statements in order on one connection, as the client did. */
async function replay(client: pg.Client, statements: readonly CapturedStatement[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const s of statements) {
    if (s.isPortalFetch) continue;
    try {
      const result = s.parameters ? await client.query({ text: s.sql, values: s.parameters as unknown[] }) : await client.query(s.sql);
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      outcomes.push({ sql: s.sql, columns: (last.fields ?? []).map((f: pg.FieldDef) => [f.name, f.dataTypeID]) });
    } catch (e) {
      outcomes.push({ sql: s.sql, error: (e as { code?: string }).code ?? String(e) });
    }
  }
  return outcomes;
}

async function replayAll(connect: () => Promise<pg.Client>): Promise<Outcomes> {
  const all: Outcomes = {};
  for (const file of capturedFiles()) {
    const client = await connect();
    try {
      all[file] = await replay(client, readCaptured(file));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return all;
}

// Where Quarry's answer differs from PostgreSQL's by design (Spark's dialect, the type mapping):
// - Column names: Spark keeps the case of unquoted aliases (`AS TABLE_CAT`), where PostgreSQL folds
//   them to lower case, and names unaliased expressions after the expression (`count(1)`), where
//   PostgreSQL says `count` or `?column?`. Drivers look names up without regard to case.
// - Strings: untyped literals (PostgreSQL's `unknown`), text, varchar, bpchar and name are all
//   Spark's one string type.
// - TIMESTAMP is an instant in Spark: it goes out as timestamptz where PostgreSQL's column is timestamp.
// - Spark's arithmetic and functions type some results differently: `/` is fractional division
//   (double), floor() of a double is a bigint, row_number() is an int. These columns are listed here.
const SPARK_TYPED: Record<string, string> = {
  'jdbc.sql #16 attnum': 'row_number() is int in Spark, bigint in PostgreSQL',
  'public/grafana.sql #2 version': '`/` divides to a double in Spark; PostgreSQL divides integers',
  'public/grafana.sql #14 time': 'floor() returns bigint in Spark, numeric in PostgreSQL',
};
const STRING_TYPES = new Set([25, 1043, 1042, 705, 19]);
const TIMESTAMP_TYPES = new Set([1114, 1184]);
const sameType = (quarry: number, postgres: number) => quarry === postgres
  || (STRING_TYPES.has(quarry) && STRING_TYPES.has(postgres)) || (TIMESTAMP_TYPES.has(quarry) && TIMESTAMP_TYPES.has(postgres));
const sameName = (quarry: string, postgres: string) =>
  quarry === postgres || quarry.toLowerCase() === postgres || postgres === '?column?' || quarry.includes('(') || quarry.startsWith('CASE ');

describe('statements captured from real clients', () => {
  const reference = process.env.QUARRY_CAPTURED_REFERENCE;
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    // The captured statements name the table PostgreSQL had: public.orders, in database smoke.
    const client = await server.client();
    await client.query('CREATE DATABASE public');
    const env = { ...process.env, PGHOST: '127.0.0.1', PGPORT: String(server.port), PGUSER: 'smoke', PGDATABASE: 'public', PGOPTIONS: '-c TimeZone=UTC' };
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', path.join(KIT, 'fixture.sql')], { env });
  });
  afterAll(async () => { await server?.close(); });

  it.runIf(reference)('records PostgreSQL 15 answers', async () => {
    const outcomes = await replayAll(async () => {
      const client = new pg.Client({ connectionString: reference });
      await client.connect();
      return client;
    });
    fs.mkdirSync(path.dirname(EXPECTED), { recursive: true });
    fs.writeFileSync(EXPECTED, JSON.stringify(outcomes, null, 1) + '\n');
  }, 120_000);

  it('answers every statement PostgreSQL answered, with its column names and types', async () => {
    const expected: Outcomes = JSON.parse(fs.readFileSync(EXPECTED, 'utf8'));
    const actual = await replayAll(async () => {
      const client = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'smoke', database: 'public' });
      await client.connect();
      return client;
    });
    const problems: string[] = [];
    let compared = 0;
    for (const [file, outcomes] of Object.entries(expected)) {
      outcomes.forEach((want, i) => {
        const got = actual[file]?.[i];
        const where = `${file} #${i + 1}: ${want.sql.replace(/\s+/g, ' ').slice(0, 100)}`;
        if (!got || got.sql !== want.sql) { problems.push(`${where}: statements out of step`); return; }
        if (!want.columns) return; // PostgreSQL refused it too (the kit's deliberate syntax errors).
        compared++;
        if (!got.columns) { problems.push(`${where}: failed with ${got.error}`); return; }
        if (got.columns.length !== want.columns.length) {
          problems.push(`${where}: ${got.columns.length} columns, PostgreSQL ${want.columns.length}`);
          return;
        }
        want.columns.forEach(([name, type], c) => {
          const [gotName, gotType] = got.columns![c];
          if (!sameName(gotName, name)) problems.push(`${where}: column ${c + 1} named ${gotName}, PostgreSQL ${name}`);
          if (!sameType(gotType, type) && !SPARK_TYPED[`${file} #${i + 1} ${name}`]) problems.push(`${where}: column ${name} of type ${gotType}, PostgreSQL ${type}`);
        });
      });
    }
    expect(compared).toBeGreaterThan(200);
    expect(problems).toEqual([]);
  }, 120_000);
});
