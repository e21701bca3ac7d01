// The 22 TPC-H queries at SF0.01 through the wire, each answer compared with DuckDB's over the same
// Parquet files (bench/tpch_lib.mjs: numbers to a relative 1e-6, ORDER BY keys checked, rows compared
// as multisets). A query Quarry cannot answer yet is listed in KNOWN_FAILING with the reason: the
// test fails when any other query breaks, and when a listed one starts passing (then unlist it).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { TestServer, startTestServer } from '../support/server.js';
// @ts-expect-error: plain JavaScript shared with bench/tpch.mjs
import { cellText, compareAnswers, duckdbViews, generate, loadQueries, placeInDbfs } from '../../bench/tpch_lib.mjs';

type Answer = { columns: string[]; rows: (string | null)[][] };

/** Query name → why Quarry does not answer it correctly yet. */
const KNOWN_FAILING = new Map<string, string>([]);

const queries: { name: string; sql: string }[] = loadQueries();
const rawTypes = { getTypeParser: () => (value: string) => value };

describe('TPC-H SF0.01 against DuckDB', () => {
  let dir: string;
  let server: TestServer;
  let client: pg.Client;
  let duck: DuckDBConnection;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-tpch-test-'));
    const parquet = generate(dir, 0.01, { quiet: true });
    server = await startTestServer();
    client = await server.client();
    for (const statement of placeInDbfs(parquet, path.join(server.warehouse, 'dbfs'))) await client.query(statement);
    duck = await (await DuckDBInstance.create(':memory:')).connect();
    await duck.run('SET threads = 1');
    for (const statement of duckdbViews(parquet)) await duck.run(statement);
  });

  afterAll(async () => {
    duck?.closeSync();
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists only queries that exist', () => {
    for (const name of KNOWN_FAILING.keys()) expect(queries.map((q) => q.name)).toContain(name);
    expect(queries).toHaveLength(22);
  });

  it.each(queries)('$name', async ({ name, sql }) => {
    const reader = await duck.runAndReadAll(sql);
    const expected: Answer = { columns: reader.columnNames(), rows: reader.getRowsJson().map((r) => r.map(cellText)) };
    let problem: string | null;
    try {
      const result = await client.query({ text: sql, rowMode: 'array', types: rawTypes });
      const actual: Answer = { columns: result.fields.map((f) => f.name), rows: result.rows.map((r: unknown[]) => r.map(cellText)) };
      problem = compareAnswers(sql, actual, expected);
    } catch (e) {
      problem = `error: ${(e as Error).message}`;
    }
    if (KNOWN_FAILING.has(name)) {
      expect(problem, `${name} now passes: remove it from KNOWN_FAILING`).not.toBeNull();
    } else {
      expect(problem).toBeNull();
    }
  });
});
