// Starts a real Quarry server on a free port over a fresh warehouse, for tests that talk to it
// through the wire like any client.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { QuarryEngine } from '../../src/engine/index.js';
import { startServer } from '../../src/protocol/index.js';

export interface TestServer {
  readonly port: number;
  readonly warehouse: string;
  readonly engine: QuarryEngine;
  client(database?: string): Promise<pg.Client>;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const warehouse = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-test-'));
  const engine = await QuarryEngine.open(warehouse);
  const server = await startServer({ host: '127.0.0.1', port: 0, engine });
  const clients: pg.Client[] = [];
  return {
    port: server.address.port,
    warehouse,
    engine,
    async client(database = 'default') {
      const client = new pg.Client({ host: '127.0.0.1', port: server.address.port, user: 'quarry', database });
      client.on('error', () => { /* tests that kill connections expect this */ });
      await client.connect();
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      await server.close();
      await fs.rm(warehouse, { recursive: true, force: true });
    },
  };
}

/** The error a statement fails with; the test fails if it succeeds. */
export async function errorOf(client: pg.Client, sql: string): Promise<{ code: string; position?: string; message: string }> {
  try {
    await client.query(sql);
  } catch (e) {
    return e as { code: string; position?: string; message: string };
  }
  throw new Error(`expected ${sql} to fail`);
}
