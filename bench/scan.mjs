#!/usr/bin/env node
// Scanning Parquet: TPC-H lineitem's columns by kind (64-bit integers, decimals, dates, strings)
// aggregated so that every value is decoded but one row comes back, on Quarry through the wire and
// on DuckDB over the same file with 1 and with 2 threads, alternating after a warm-up. Reports per
// query rows/s and decoded GB/s per core for each, and the time ratios Quarry/DuckDB.
//   node bench/scan.mjs [--sf 1] [--runs 3] [--cache ~/.cache/quarry-tpch]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnQuarry } from './quarry_server.mjs';
import { generate, placeInDbfs } from './tpch_lib.mjs';

const { values } = parseArgs({ options: {
  sf: { type: 'string', default: '1' }, runs: { type: 'string', default: '3' },
  cache: { type: 'string', default: path.join(os.homedir(), '.cache', 'quarry-tpch') },
} });
const parquetDir = generate(path.join(values.cache, `sf${values.sf}`), Number(values.sf));
const lineitem = path.join(parquetDir, 'lineitem.parquet');

// Each query and the bytes its columns take decoded: 8 per 64-bit value, 4 per date, string bytes.
const QUERIES = [
  { name: 'count', sql: 'SELECT count(*) FROM lineitem', bytes: 'SELECT 0' },
  { name: 'int64 ×3', sql: 'SELECT sum(l_orderkey), sum(l_partkey), sum(l_suppkey) FROM lineitem', bytes: 'SELECT 24 * count(*) FROM lineitem' },
  { name: 'decimal ×4', sql: 'SELECT sum(l_quantity), sum(l_extendedprice), sum(l_discount), sum(l_tax) FROM lineitem', bytes: 'SELECT 32 * count(*) FROM lineitem' },
  { name: 'date ×3', sql: 'SELECT max(l_shipdate), max(l_commitdate), max(l_receiptdate) FROM lineitem', bytes: 'SELECT 12 * count(*) FROM lineitem' },
  { name: 'string ×3', sql: 'SELECT max(l_shipmode), max(l_shipinstruct), max(l_comment) FROM lineitem',
    bytes: 'SELECT sum(strlen(l_shipmode) + strlen(l_shipinstruct) + strlen(l_comment)) FROM lineitem' },
];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-bench-scan-'));
const warehouse = path.join(work, 'warehouse');
const creates = placeInDbfs(parquetDir, path.join(warehouse, 'dbfs'));
const quarry = await spawnQuarry(warehouse);
const client = new pg.Client({ host: '127.0.0.1', port: quarry.port, user: 'quarry', database: 'default' });
await client.connect();
for (const sql of creates) await client.query(sql);
const duck = await (await DuckDBInstance.create(':memory:')).connect();
await duck.run(`CREATE VIEW lineitem AS SELECT * FROM read_parquet('${lineitem}')`);
const rowCount = Number((await duck.runAndReadAll('SELECT count(*) FROM lineitem')).getRows()[0][0]);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = async (run) => { const start = performance.now(); await run(); return performance.now() - start; };
const engines = [
  { name: 'Quarry', run: (sql) => client.query(sql) },
  { name: 'DuckDB 1 thread', threads: 1, run: (sql) => duck.runAndReadAll(sql) },
  { name: 'DuckDB 2 threads', threads: 2, run: (sql) => duck.runAndReadAll(sql) },
];
const results = [];
try {
  for (const q of QUERIES) {
    const bytes = Number((await duck.runAndReadAll(q.bytes)).getRows()[0][0]);
    const ms = new Map(engines.map((e) => [e.name, []]));
    for (let run = 0; run <= Number(values.runs); run++) {
      for (const e of engines) {
        if (e.threads) await duck.run(`SET threads = ${e.threads}`);
        const t = await time(() => e.run(q.sql));
        if (run > 0) ms.get(e.name).push(t); // run 0 warms up
      }
    }
    results.push({ query: q.name, bytes, ms: Object.fromEntries([...ms].map(([k, v]) => [k, median(v)])) });
  }
} finally {
  await client.end();
  quarry.child.kill('SIGTERM');
  duck.closeSync();
  fs.rmSync(work, { recursive: true, force: true });
}

console.log(`lineitem SF${values.sf}: ${rowCount.toLocaleString('en-US')} rows; median of ${values.runs} runs; per core = divided by the threads used`);
console.log('query       | Quarry ms | M rows/s | GB/s/core | DuckDB 1t ms | GB/s/core | DuckDB 2t ms | Quarry/DuckDB 1t | Quarry/DuckDB 2t');
for (const r of results) {
  const q = r.ms.Quarry, d1 = r.ms['DuckDB 1 thread'], d2 = r.ms['DuckDB 2 threads'];
  const gbps = (ms, cores) => (r.bytes / 1e9 / (ms / 1000) / cores).toFixed(2);
  console.log(`${r.query.padEnd(11)} | ${q.toFixed(0).padStart(9)} | ${(rowCount / 1e6 / (q / 1000)).toFixed(1).padStart(8)} | ${gbps(q, 1).padStart(9)} | ${d1.toFixed(0).padStart(12)} | ${gbps(d1, 1).padStart(9)} | ${d2.toFixed(0).padStart(12)} | ${(q / d1).toFixed(2).padStart(16)} | ${(q / d2).toFixed(2).padStart(16)}`);
}
