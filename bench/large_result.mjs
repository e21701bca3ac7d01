#!/usr/bin/env node
// A large result to the client: 1 M rows of (bigint, text, double, date) read in full by
// node-postgres, from Quarry (a Parquet table) and from a PostgreSQL server started beside it
// (a heap table with the same rows), alternating, after a warm-up. Reports rows/s of each and the
// Quarry/PostgreSQL time ratio. PostgreSQL is skipped when its server binaries are not installed.
//   node bench/large_result.mjs [--rows 1000000] [--runs 3]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { postgresBinaries, startPostgres } from './postgres_server.mjs';
import { spawnQuarry } from './quarry_server.mjs';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' } } });
const rows = Number(values.rows);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-bench-large-'));
// Text as it comes over the wire: the time measured is the servers', not JavaScript's parsing.
const rawTypes = { getTypeParser: () => (text) => text };

async function connect(server) {
  const client = new pg.Client({ host: '127.0.0.1', port: server.port, user: server.user, database: server.database, types: rawTypes });
  await client.connect();
  return client;
}

async function timedRead(client) {
  const start = performance.now();
  const result = await client.query({ text: 'SELECT id, name, amount, day FROM big_result', rowMode: 'array' });
  if (result.rows.length !== rows) throw new Error(`read ${result.rows.length} rows, wanted ${rows}`);
  return performance.now() - start;
}

const quarry = await spawnQuarry(path.join(work, 'warehouse'));
const servers = [{ name: 'Quarry', client: await connect({ port: quarry.port, user: 'quarry', database: 'default' }), stop: () => quarry.child.kill('SIGTERM') }];
await servers[0].client.query(`CREATE TABLE big_result USING parquet AS SELECT id, concat('name_', id) AS name, id * 1.5D AS amount,
  date_add(DATE'2020-01-01', CAST(id % 1000 AS INT)) AS day FROM range(1, ${rows + 1})`);
if (postgresBinaries()) {
  const postgres = await startPostgres(work);
  const client = await connect(postgres);
  await client.query(`CREATE TABLE big_result AS SELECT g::bigint AS id, 'name_' || g AS name, g * 1.5::float8 AS amount,
    date '2020-01-01' + (g % 1000)::int AS day FROM generate_series(1, ${rows}) g`);
  await client.query('VACUUM ANALYZE big_result');
  servers.push({ name: 'PostgreSQL', client, stop: postgres.stop });
} else {
  console.log('PostgreSQL server binaries not found: reporting Quarry alone (apt-get install postgresql to compare)');
}

const times = new Map(servers.map((s) => [s.name, []]));
try {
  for (const s of servers) await timedRead(s.client); // warm-up
  for (let run = 0; run < Number(values.runs); run++) {
    for (const s of servers) times.get(s.name).push(await timedRead(s.client));
  }
} finally {
  for (const s of servers) {
    await s.client.end();
    s.stop();
  }
  fs.rmSync(work, { recursive: true, force: true });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${rows} rows (bigint, text, double, date) read in full by node-postgres; median of ${values.runs}`);
for (const s of servers) {
  const ms = median(times.get(s.name));
  console.log(`${s.name.padEnd(10)} ${ms.toFixed(0).padStart(6)} ms  ${Math.round(rows / (ms / 1000)).toLocaleString('en-US').padStart(10)} rows/s`);
}
if (servers.length === 2) console.log(`Quarry/PostgreSQL time ratio ${(median(times.get('Quarry')) / median(times.get('PostgreSQL'))).toFixed(2)}`);
