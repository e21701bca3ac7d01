// A throwaway PostgreSQL server (Debian's binaries) in a folder, for benchmarks that compare with it.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './quarry_server.mjs';

/** The newest PostgreSQL server's bin folder, or undefined when none is installed. */
export function postgresBinaries() {
  if (!fs.existsSync('/usr/lib/postgresql')) return undefined;
  return fs.readdirSync('/usr/lib/postgresql').sort().map((v) => `/usr/lib/postgresql/${v}/bin`).reverse()
    .find((bin) => fs.existsSync(`${bin}/initdb`));
}

// initdb refuses to run as root: run it as the postgres user then.
const asPostgres = (cmd, args) => (process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);

/** Starts a server on a free port with its data under `work`; resolves with how to reach and stop it. */
export async function startPostgres(work, pgBin = postgresBinaries()) {
  if (!pgBin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
  const dir = path.join(work, 'pg');
  fs.mkdirSync(dir);
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir, work]);
  const port = await freePort();
  execFileSync(...asPostgres(`${pgBin}/initdb`, ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']), { stdio: 'ignore' });
  execFileSync(...asPostgres(`${pgBin}/pg_ctl`, ['-D', dir, '-l', path.join(dir, 'log'), '-w', '-o',
    `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir}`, 'start']), { stdio: 'ignore' });
  return { port, user: 'postgres', database: 'postgres', stop: () => execFileSync(...asPostgres(`${pgBin}/pg_ctl`, ['-D', dir, '-m', 'fast', 'stop']), { stdio: 'ignore' }) };
}
