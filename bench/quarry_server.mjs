// What every benchmark needs of a Quarry server: a free port, and the built server started on a
// warehouse, resolved once it listens.

import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export const freePort = () => new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

/** Starts `bin/quarry serve` on `warehouse` (no sample data, `args` added); resolves with its port and process. */
export async function spawnQuarry(warehouse, args = []) {
  const port = await freePort();
  const child = spawn(path.join(root, 'bin/quarry'), ['serve', '--port', String(port), '--warehouse', warehouse, '--no-sample', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE: process.execPath } });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => { if (String(d).includes('listening')) resolve(); });
    child.on('exit', (code) => reject(new Error(`quarry exited with ${code}`)));
  });
  return { port, child };
}
