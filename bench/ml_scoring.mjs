#!/usr/bin/env node
// Scoring throughput of saved Spark ML models through SQL, end to end over the wire: a Parquet
// table of feature columns is scored with predict(m, array(f0, …)) and the result summed, so every
// row is scored and only one row comes back. Each model's time is reported with the time of a scan
// reading the same columns without scoring (summing them), so the scoring's own rate shows. Models
// are real ones from ../shared/ml-models:
//   - logistic regression, 31 features (sparkify LogisticRegressionModel)
//   - random forest, 20 trees × 22 features (churn RandomForestClassificationModel)
//   - random forest, 100 trees of depth 20 × 44 features: the first 100 trees of the next one, cut
//     out of its saved data with DuckDB (the issue's benchmark asks for a 100-tree forest)
//   - random forest, 500 trees of depth 20 × 44 features (nslkdd RandomForestClassificationModel)
//   node bench/ml_scoring.mjs [--rows 1000000] [--forest-rows 200000] [--runs 3] [--json FILE]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { spawnQuarry } from './quarry_server.mjs';

const { values } = parseArgs({ options: {
  rows: { type: 'string', default: '1000000' }, 'forest-rows': { type: 'string', default: '200000' },
  runs: { type: 'string', default: '3' }, json: { type: 'string' },
} });
const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.resolve(root, '../shared/ml-models');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-bench-ml-'));
const warehouse = path.join(work, 'warehouse');

const NSLKDD_FOREST = 'nslkdd-rf-spark2.2/model/stages/1_RandomForestClassifier_418ba9b68217b2fbbf40';
const MODELS = [
  { name: 'lr31', dir: 'sparkify-cv-spark3.2/log_reg_model/bestModel', features: 31, rows: Number(values.rows), what: 'logistic regression, 31 features' },
  { name: 'rf20', dir: 'churn-rf-pipeline-spark2.4/model/stages/0_RandomForestClassifier_59755220f858', features: 22, rows: Number(values.rows), what: 'random forest, 20 trees, 22 features' },
  { name: 'rf100', dir: NSLKDD_FOREST, firstTrees: 100, features: 44, rows: Number(values['forest-rows']), what: 'random forest, 100 trees (depth 20), 44 features' },
  { name: 'rf500', dir: NSLKDD_FOREST, features: 44, rows: Number(values['forest-rows']), what: 'random forest, 500 trees (depth 20), 44 features' },
];

/** Cuts a saved Spark forest down to its first n trees: its node and tree-weight rows, and numTrees. */
async function keepFirstTrees(dir, n) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  for (const part of ['data', 'treesMetadata']) {
    const from = path.join(dir, part), to = path.join(dir, `${part}.cut`);
    fs.mkdirSync(to);
    await duck.run(`COPY (SELECT * FROM read_parquet('${from}/*.parquet') WHERE treeID < ${n}) TO '${to}/part-00000.snappy.parquet' (FORMAT parquet)`);
    fs.rmSync(from, { recursive: true });
    fs.renameSync(to, from);
  }
  duck.closeSync();
  const metadata = path.join(dir, 'metadata', 'part-00000');
  fs.writeFileSync(metadata, fs.readFileSync(metadata, 'utf8').replace(/"numTrees":\d+/, `"numTrees":${n}`));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(client, sql, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await client.query(sql);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

const { port, child } = await spawnQuarry(warehouse);
const client = new pg.Client({ host: '127.0.0.1', port, user: 'quarry', database: 'default' });
await client.connect();
const results = [];
try {
  for (const m of MODELS) {
    const modelDir = path.join(warehouse, 'dbfs', 'models', m.name);
    fs.cpSync(path.join(fixtures, m.dir), modelDir, { recursive: true });
    if (m.firstTrees) await keepFirstTrees(modelDir, m.firstTrees);
    await client.query(`CREATE MODEL ${m.name} FROM 'dbfs:/models/${m.name}'`);
    const table = `features_${m.features}_${m.rows}`;
    const names = Array.from({ length: m.features }, (_, i) => `f${i}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} USING parquet AS SELECT ${names.map((n, i) => `rand(${i + 1}) AS ${n}`).join(', ')} FROM range(${m.rows})`);
    const features = `array(${names.join(', ')})`;
    const runs = Number(values.runs);
    await client.query(`SELECT sum(predict(${m.name}, ${features})) FROM ${table}`); // warm-up: load, JIT
    const scanMs = await timed(client, `SELECT sum(${names.join(' + ')}) FROM ${table}`, runs);
    const scoreMs = await timed(client, `SELECT sum(predict(${m.name}, ${features})) FROM ${table}`, runs);
    const scoringMs = Math.max(scoreMs - scanMs, 1e-3);
    results.push({
      model: m.name, what: m.what, rows: m.rows, scanMs, scoreMs,
      endToEndRowsPerSecond: Math.round(m.rows / (scoreMs / 1000)), scoringRowsPerSecond: Math.round(m.rows / (scoringMs / 1000)),
    });
  }
} finally {
  await client.end();
  child.kill('SIGTERM');
}

console.log('model  | rows      | scan ms | scan+score ms | end-to-end rows/s | scoring rows/s | what');
for (const r of results) {
  console.log(`${r.model.padEnd(6)} | ${String(r.rows).padStart(9)} | ${r.scanMs.toFixed(0).padStart(7)} | ${r.scoreMs.toFixed(0).padStart(13)} | ${String(r.endToEndRowsPerSecond).padStart(17)} | ${String(r.scoringRowsPerSecond).padStart(14)} | ${r.what}`);
}
if (values.json) fs.writeFileSync(values.json, JSON.stringify({ date: new Date().toISOString(), cpus: os.cpus().length, results }, null, 2));
fs.rmSync(work, { recursive: true, force: true });
