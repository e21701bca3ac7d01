// The anomaly-detection demo (examples/anomaly/anomaly.sql) run by the stock psql, as its README
// says, over the real KDD Cup 99 sample and a real saved Spark pipeline; the answers are checked
// against DuckDB reading the same CSV and against the labels the model was trained to predict.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, startTestServer } from '../support/server.js';

const run = promisify(execFile);
const PSQL = ['/usr/bin/psql', '/usr/lib/postgresql/15/bin/psql'].find((p) => fs.existsSync(p));
const SHARED = path.resolve(import.meta.dirname, '../../../shared');
const CSV = path.join(SHARED, 'kdd/kddcup_10pct_sample.csv');
const SCRIPT = path.resolve(import.meta.dirname, '../../examples/anomaly/anomaly.sql');

describe.skipIf(!PSQL)('the anomaly-detection demo', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    // What the README has the user do: the CSV into dbfs:/FileStore/kdd/, the model into dbfs:/models/nids.
    const dbfs = path.join(server.warehouse, 'dbfs');
    fs.mkdirSync(path.join(dbfs, 'FileStore/kdd'), { recursive: true });
    fs.copyFileSync(CSV, path.join(dbfs, 'FileStore/kdd/kddcup_10pct_sample.csv'));
    fs.cpSync(path.join(SHARED, 'ml-models/nids-dt-pipeline-spark3.3/pipeline'), path.join(dbfs, 'models/nids'), { recursive: true });
  });
  afterAll(async () => { await server?.close(); });

  it('runs through psql and scores every row as the labels say', async () => {
    const { stdout } = await run(PSQL!, ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'quarry', '-d', 'default', '-X',
      '-v', 'ON_ERROR_STOP=1', '-A', '-F', ',', '-f', SCRIPT], { env: { ...process.env, PGCONNECT_TIMEOUT: '10' }, maxBuffer: 1 << 24 });
    expect(stdout).toContain('SELECT 20000');

    const client = await server.client();
    // The ETL kept every row, partitioned by protocol: counts as DuckDB reads the CSV.
    const duck = await (await DuckDBInstance.create()).connect();
    const expected = (await duck.runAndReadAll(`SELECT column01 AS protocol, count(*)::INT AS n FROM read_csv('${CSV}', header = false) GROUP BY 1 ORDER BY 1`))
      .getRowObjects().map((r) => ({ protocol_type: r.protocol, n: r.n }));
    const perProtocol = await client.query('SELECT protocol_type, count(*)::int AS n FROM kdd_scored GROUP BY 1 ORDER BY 1');
    expect(perProtocol.rows).toEqual(expected);
    expect(fs.readdirSync(path.join(server.warehouse, 'dbfs/user/hive/warehouse/kdd')).filter((d) => d.startsWith('protocol_type=')).sort())
      .toEqual(expected.map((r) => `protocol_type=${r.protocol_type}`));

    // The decision tree agrees with the KDD labels on almost every row, and the dashboard's totals add up.
    const summary = await client.query(`SELECT count(*)::int AS n, sum(is_anomaly)::int AS anomalies,
      avg(CASE WHEN (is_anomaly = 1) = (class = 'anomaly') THEN 1.0 ELSE 0.0 END)::double AS agreement FROM kdd_scored`);
    expect(summary.rows[0].n).toBe(20000);
    expect(summary.rows[0].agreement).toBeGreaterThan(0.99);
    const labelled = await duck.runAndReadAll(`SELECT count(*)::INT AS n FROM read_csv('${CSV}', header = false) WHERE column41 <> 'normal.'`);
    const attacks = labelled.getRowObjects()[0].n as number;
    expect(Math.abs(summary.rows[0].anomalies - attacks)).toBeLessThan(20000 * 0.01);
    expect(stdout).toContain('ecr_i,icmp,');
  }, 120_000);
});
