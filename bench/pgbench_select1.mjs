#!/usr/bin/env node
// pgbench `SELECT 1` with 4 clients against Quarry and a PostgreSQL 15 server started side by side
// in the same run, in the simple, extended and prepared protocols; reports TPS and the
// Quarry/PostgreSQL ratio. Only the ratio within one run means anything: absolute TPS moves with
// the machine's load. Needs pgbench and the PostgreSQL server binaries (Debian's postgresql).
//   node bench/pgbench_select1.mjs [--seconds 10] [--clients 4]

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnQuarry } from './quarry_server.mjs';
import { startPostgres as startPostgresIn } from './postgres_server.mjs';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, clients: { type: 'string', default: '4' } } });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-bench-'));


const startPostgres = () => startPostgresIn(work);

async function startQuarry() {
  const { port, child } = await spawnQuarry(path.join(work, 'warehouse'));
  return { port, user: 'quarry', database: 'default', stop: () => child.kill('SIGTERM') };
}

function pgbench(server, mode) {
  const script = path.join(work, 'select1.sql');
  fs.writeFileSync(script, 'SELECT 1;\n');
  const out = execFileSync('pgbench', ['-n', '-h', '127.0.0.1', '-p', String(server.port), '-U', server.user, '-c', values.clients, '-j', '2',
    '-T', values.seconds, '-M', mode, '-f', script, server.database], { encoding: 'utf8', env: { ...process.env, PGPASSWORD: '' } });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
  if (!tps) throw new Error(`no tps in pgbench output:\n${out}`);
  return Number(tps[1]);
}

const postgres = await startPostgres();
const quarry = await startQuarry();
try {
  console.log(`pgbench SELECT 1, ${values.clients} clients, ${values.seconds} s per run, ${os.cpus().length} cores`);
  console.log('mode       Quarry TPS  PostgreSQL TPS  Quarry/PostgreSQL');
  for (const mode of ['simple', 'extended', 'prepared']) {
    // Alternate the servers so load drift hits both alike.
    const q = pgbench(quarry, mode);
    const p = pgbench(postgres, mode);
    console.log(`${mode.padEnd(10)} ${q.toFixed(0).padStart(10)}  ${p.toFixed(0).padStart(14)}  ${(q / p).toFixed(2).padStart(17)}`);
  }
} finally {
  quarry.stop();
  postgres.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
