#!/usr/bin/env node
// quarry serve [--host 127.0.0.1] [--port 5433] [--warehouse ./warehouse] [--no-sample] [--max-connections 100]

import { parseArgs } from 'node:util';
import path from 'node:path';
import { QuarryEngine } from '../engine/index.js';
import { startServer } from '../protocol/index.js';
import { createSampleData } from './sample_data.js';

const USAGE = `usage: quarry serve [--host 127.0.0.1] [--port 5433] [--warehouse ./warehouse] [--no-sample] [--max-connections 100]`;

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
    },
  });
  const maxConnections = Number(values['max-connections']);
  if (!Number.isInteger(maxConnections) || maxConnections < 1) throw new Error(`invalid --max-connections ${values['max-connections']}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);
  const engine = await QuarryEngine.open(path.resolve(values.warehouse!));
  if (!values['no-sample']) await createSampleData(engine);
  const server = await startServer({ host: values.host!, port, engine, maxConnections });
  console.log(`listening on ${server.address.host}:${server.address.port}`);
  // SIGTERM lets running statements finish (up to a grace period); SIGINT (Ctrl-C) cancels them.
  const stop = (graceMs: number) => async () => {
    await server.close(graceMs);
    process.exit(0);
  };
  process.once('SIGTERM', stop(SHUTDOWN_GRACE_MS));
  process.once('SIGINT', stop(0));
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'serve') return serve(rest);
  console.error(USAGE);
  process.exitCode = command === undefined || command === '--help' || command === '-h' ? 0 : 2;
}

main(process.argv.slice(2)).catch((e) => {
  console.error(`quarry: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
