#!/usr/bin/env node
// quarry serve …: the server; quarry user add|drop …: the users file of a warehouse; quarry fs …: DBFS and mounts.

import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { parseByteSize } from '../common/byte_size.js';
import { FS_USAGE } from './fs_command.js';

const USAGE = `usage:
  quarry serve [--host 127.0.0.1] [--port 5433] [--warehouse ./warehouse] [--no-sample] [--max-connections 100]
               [--auth trust|password|md5|scram-sha-256] [--tls-cert FILE --tls-key FILE [--tls-required]]
               [--local-root DIR]…   (folders file:/ paths and local mounts may use)
               [--cache-size 256m]   (memory for CACHE TABLE data: bytes, or with k, m, g)
               [--query-memory 4g]   (what one query's sorts, joins and aggregates may hold)
               [--spill-dir DIR]     (where they write what does not fit; default: the system's temp folder)
               [--threads N]         (worker threads reading large Parquet scans; default: the cores, 1: none)
  quarry user add NAME --password PASSWORD [--warehouse ./warehouse]
  quarry user drop NAME [--warehouse ./warehouse]
${FS_USAGE}`;

const AUTH_METHODS = ['trust', 'password', 'md5', 'scram-sha-256'] as const;

/** On SIGTERM, running statements get this long to finish before they are cancelled. */
const SHUTDOWN_GRACE_MS = 30_000;

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '5433' },
      warehouse: { type: 'string', default: './warehouse' },
      'no-sample': { type: 'boolean', default: false },
      'max-connections': { type: 'string', default: '100' },
      auth: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-required': { type: 'boolean', default: false },
      'local-root': { type: 'string', multiple: true, default: [] },
      'cache-size': { type: 'string', default: '256m' },
      'query-memory': { type: 'string', default: '4g' },
      'spill-dir': { type: 'string' },
      threads: { type: 'string' },
    },
  });
  const cacheBytes = byteSizeOption('cache-size', values['cache-size']!);
  const queryMemoryBytes = byteSizeOption('query-memory', values['query-memory']!);
  const maxConnections = Number(values['max-connections']);
  if (!Number.isInteger(maxConnections) || maxConnections < 1) throw new Error(`invalid --max-connections ${values['max-connections']}`);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) throw new Error(`invalid --threads ${values.threads}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) throw new Error('--tls-cert and --tls-key go together');
  // Loaded here, not at the top: `quarry fs …` and `quarry user …` start faster without the engine.
  const [{ QuarryEngine, configureScanThreads }, { startServer }, { createSampleData }] = await Promise.all([
    import('../engine/index.js'), import('../protocol/index.js'), import('./sample_data.js'),
  ]);
  if (threads !== undefined) configureScanThreads(threads);
  const tls = values['tls-cert'] ? { cert: await fs.readFile(values['tls-cert']), key: await fs.readFile(values['tls-key']!) } : undefined;
  const localRoots = values['local-root']!.length > 0 ? values['local-root']!.map((d) => path.resolve(d)) : undefined;
  const spillDirectory = values['spill-dir'] === undefined ? undefined : path.resolve(values['spill-dir']);
  if (spillDirectory !== undefined) await fs.mkdir(spillDirectory, { recursive: true });
  const engine = await QuarryEngine.open(path.resolve(values.warehouse!), { localRoots, cacheBytes, queryMemoryBytes, spillDirectory });
  if (!values['no-sample']) await createSampleData(engine);
  // Passwords are asked for once the warehouse has users; a fresh one trusts everybody (loopback only by default).
  const users = engine.catalog.users;
  const auth = values.auth ?? (users.list().length > 0 ? 'scram-sha-256' : 'trust');
  if (!(AUTH_METHODS as readonly string[]).includes(auth)) throw new Error(`invalid --auth ${auth}: one of ${AUTH_METHODS.join(', ')}`);
  const passwords = auth === 'trust' ? undefined : { method: auth as Exclude<typeof AUTH_METHODS[number], 'trust'>, lookup: (user: string) => users.get(user) };
  const server = await startServer({ host: values.host!, port, engine, maxConnections, passwords, tls, tlsRequired: values['tls-required'] });
  console.log(`listening on ${server.address.host}:${server.address.port}`);
  // SIGTERM lets running statements finish (up to a grace period); SIGINT (Ctrl-C) cancels them.
  const stop = (graceMs: number) => async () => {
    await server.close(graceMs);
    process.exit(0);
  };
  process.once('SIGTERM', stop(SHUTDOWN_GRACE_MS));
  process.once('SIGINT', stop(0));
}

/** `1048576`, `512k`, `256m`, `2g` (powers of 1024) → bytes. */
function byteSizeOption(name: string, text: string): number {
  const bytes = parseByteSize(text);
  if (bytes === undefined) throw new Error(`invalid --${name} ${text}: bytes, or a number with k, m or g`);
  return bytes;
}

/** `quarry user add NAME --password PW` / `quarry user drop NAME`: the users file, server running or not. */
async function user(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { warehouse: { type: 'string', default: './warehouse' }, password: { type: 'string' } },
  });
  const [action, name] = positionals;
  if (!name || (action !== 'add' && action !== 'drop')) throw new Error(USAGE);
  const { Catalog } = await import('../catalog/index.js');
  const catalog = await Catalog.open(path.resolve(values.warehouse!));
  if (action === 'drop') return catalog.users.drop(name, false);
  if (!values.password) throw new Error('quarry user add needs --password');
  if (catalog.users.get(name)) await catalog.users.setPassword(name, values.password);
  else await catalog.users.create(name, values.password);
  console.log(`user ${name} saved`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'serve') return serve(rest);
  if (command === 'user') return user(rest);
  if (command === 'fs') return (await import('./fs_command.js')).fsCommand(rest);
  console.error(USAGE);
  process.exitCode = command === undefined || command === '--help' || command === '-h' ? 0 : 2;
}

main(process.argv.slice(2)).catch((e) => {
  console.error(`quarry: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
