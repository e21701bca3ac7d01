#!/usr/bin/env node
// TPC-H (the 22 queries of ../shared/tpch) on Quarry, through the wire, and on DuckDB (2 threads,
// reading the same Parquet files) in the same run, alternating: per query the median of each, the
// Quarry/DuckDB ratio, the geomean of the ratios, whether both return the same rows, and the
// server's peak RSS. Only ratios within one run mean anything: absolute times move with the load.
//   node bench/tpch.mjs [--sf 1] [--quick] [--runs 3] [--queries q01,q06] [--timeout 600]
//                       [--json bench/results/tpch-sfN.json] [--cache ~/.cache/quarry-tpch]
//                       [--query-memory 8GB]   (the server's --query-memory, and DuckDB's memory_limit)

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnQuarry } from './quarry_server.mjs';
import { TABLES, cellText, compareAnswers, duckdbViews, generate, loadQueries, placeInDbfs, root } from './tpch_lib.mjs';

const { values } = parseArgs({
  options: {
    sf: { type: 'string' },
    quick: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    queries: { type: 'string' },
    timeout: { type: 'string', default: '600' },
    json: { type: 'string' },
    cache: { type: 'string', default: path.join(os.homedir(), '.cache', 'quarry-tpch') },
    'query-memory': { type: 'string' },
  },
});
const sf = values.sf ?? (values.quick ? '0.01' : '1');
const runs = Math.max(1, Number(values.runs));
const timeoutMs = Number(values.timeout) * 1000;
const jsonPath = path.resolve(values.json ?? path.join(root, 'bench', 'results', `tpch-sf${sf}.json`));
const queryMemory = values['query-memory'];
const wanted = values.queries?.split(',').map((q) => q.trim().toLowerCase());
const queries = loadQueries().filter((q) => !wanted || wanted.includes(q.name));

// Text for every type: values are compared as text and numbers.
const rawTypes = { getTypeParser: () => (value) => value };


const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function peakRssKiB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- data

const cacheDir = path.join(values.cache, `sf${sf}`);
console.log(`TPC-H SF${sf}: data in ${cacheDir}`);
const genStart = performance.now();
const parquetDir = generate(cacheDir, sf);
const genSeconds = (performance.now() - genStart) / 1000;
if (genSeconds > 1) console.log(`generated in ${genSeconds.toFixed(1)} s`);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-tpch-'));
const warehouse = path.join(work, 'warehouse');
const createStatements = placeInDbfs(parquetDir, path.join(warehouse, 'dbfs'));

// ---------------------------------------------------------------- Quarry

let peakRss = 0;
let restarts = 0;

async function startQuarry() {
  const { port, child } = await spawnQuarry(warehouse, queryMemory ? ['--query-memory', queryMemory] : []);
  child.stdout.resume();
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'quarry', database: 'default', types: rawTypes });
  client.on('error', () => { /* a crashed server shows up as the query's error */ });
  await client.connect();
  await client.query(`SET statement_timeout = ${timeoutMs}`);
  // Peak RSS is sampled while queries run too: the server may die before it is read at the end.
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, peakRssKiB(child.pid) ?? 0); }, 200);
  return {
    child,
    client,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      clearInterval(sampler);
      peakRss = Math.max(peakRss, peakRssKiB(child.pid) ?? 0);
      await client.end().catch(() => undefined);
      child.kill('SIGTERM');
    },
  };
}

let quarry = await startQuarry();
for (const statement of createStatements) await quarry.client.query(statement);

async function runQuarry(sql) {
  if (!quarry.alive()) {
    await quarry.stop();
    quarry = await startQuarry(); // the tables persist in the warehouse's metastore
    restarts++;
  }
  const start = performance.now();
  // statement_timeout needs the server's event loop: a server stuck in a long synchronous stretch
  // is killed (and restarted by the next query) a little after it.
  const server = quarry;
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => {
      server.child.once('exit', () => reject(new Error(`no answer after ${timeoutMs / 1000 + 30} s: server killed`)));
      server.child.kill('SIGKILL');
    }, timeoutMs + 30_000);
  });
  let result;
  try {
    result = await Promise.race([server.client.query({ text: sql, rowMode: 'array', types: rawTypes }), deadline]);
  } finally {
    clearTimeout(timer);
  }
  const ms = performance.now() - start;
  return { ms, answer: { columns: result.fields.map((f) => f.name), rows: result.rows.map((r) => r.map(cellText)) } };
}

// ---------------------------------------------------------------- DuckDB

const duck = await (await DuckDBInstance.create(':memory:')).connect();
await duck.run('SET threads = 2');
if (queryMemory) await duck.run(`SET memory_limit = '${queryMemory}'`);
for (const statement of duckdbViews(parquetDir)) await duck.run(statement);

async function runDuckdb(sql) {
  const start = performance.now();
  const reader = await duck.runAndReadAll(sql);
  const ms = performance.now() - start;
  return { ms, answer: { columns: reader.columnNames(), rows: reader.getRowsJson().map((r) => r.map(cellText)) } };
}

// ---------------------------------------------------------------- runs

const short = (message) => String(message).replace(/\s+/g, ' ').slice(0, 300);
const results = [];
console.log(`${queries.length} queries, warm-up + ${runs} runs each, alternating Quarry and DuckDB (threads=2), ${os.cpus().length} cores\n`);
console.log('query  status    Quarry ms   DuckDB ms   Quarry/DuckDB  rows');
for (const q of queries) {
  const entry = { query: q.name, status: 'ok', quarryMs: null, duckdbMs: null, ratio: null, rows: null, error: null };
  try {
    const expected = await runDuckdb(q.sql); // warm-up, and the reference answer
    entry.rows = expected.answer.rows.length;
    let actual;
    try {
      actual = await runQuarry(q.sql); // warm-up
    } catch (e) {
      entry.status = 'error';
      entry.error = short(e.message);
    }
    if (actual) {
      const difference = compareAnswers(q.sql, actual.answer, expected.answer);
      if (difference) {
        entry.status = 'mismatch';
        entry.error = short(difference);
      }
      const quarryTimes = [];
      const duckdbTimes = [];
      for (let i = 0; i < runs; i++) {
        quarryTimes.push((await runQuarry(q.sql)).ms);
        duckdbTimes.push((await runDuckdb(q.sql)).ms);
      }
      entry.quarryMs = median(quarryTimes);
      entry.duckdbMs = median(duckdbTimes);
      entry.ratio = entry.quarryMs / entry.duckdbMs;
    }
  } catch (e) {
    entry.status = 'error';
    entry.error = short(e.message);
  }
  results.push(entry);
  const fmt = (x, digits = 1) => (x === null ? '-' : x.toFixed(digits));
  console.log(`${q.name.padEnd(6)} ${entry.status.padEnd(8)} ${fmt(entry.quarryMs).padStart(10)}  ${fmt(entry.duckdbMs).padStart(10)}  ${fmt(entry.ratio, 2).padStart(13)}  ${entry.rows ?? '-'}`
    + (entry.error ? `\n       ${entry.error}` : ''));
}
await quarry.stop();
duck.closeSync();

const ok = results.filter((r) => r.status === 'ok');
const timed = results.filter((r) => r.ratio !== null);
const geomean = (rs) => (rs.length ? Math.exp(rs.reduce((s, r) => s + Math.log(r.ratio), 0) / rs.length) : null);
const summary = {
  benchmark: 'tpch',
  sf: Number(sf),
  runs,
  queryMemory: queryMemory ?? null,
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  geomeanRatio: geomean(timed),
  geomeanRatioOk: geomean(ok),
  okQueries: ok.length,
  quarryPeakRssMiB: Math.round(peakRss / 1024),
  quarryRestarts: restarts,
  totals: { quarryMs: timed.reduce((s, r) => s + r.quarryMs, 0), duckdbMs: timed.reduce((s, r) => s + r.duckdbMs, 0) },
  tables: TABLES,
  results,
};
console.log(`\n${ok.length}/${results.length} ok; geomean Quarry/DuckDB ${summary.geomeanRatio?.toFixed(2) ?? '-'} over ${timed.length} timed queries`
  + ` (${summary.geomeanRatioOk?.toFixed(2) ?? '-'} over the ok ones); Quarry peak RSS ${summary.quarryPeakRssMiB} MiB`
  + (restarts ? `; the server was restarted ${restarts} times` : ''));
fs.mkdirSync(path.dirname(jsonPath), { recursive: true });
fs.writeFileSync(jsonPath, JSON.stringify(summary, null, 2) + '\n');
console.log(`results in ${path.relative(process.cwd(), jsonPath)}`);
fs.rmSync(work, { recursive: true, force: true });
