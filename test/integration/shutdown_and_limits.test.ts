// Server limits and shutdown: connections over --max-connections are refused with 53300 (while
// cancel requests still get through), a graceful shutdown lets a running statement finish, and
// files removed under a running scan fail that scan only.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { QuarryEngine } from '../../src/engine/index.js';
import { QuarryServer, startServer } from '../../src/protocol/index.js';

describe('limits and shutdown', () => {
  let server: QuarryServer | undefined;
  let warehouse = '';
  const clients: pg.Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
    await server?.close();
    await fs.rm(warehouse, { recursive: true, force: true });
  });

  async function start(options: { maxConnections?: number } = {}) {
    warehouse = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-limits-'));
    server = await startServer({ host: '127.0.0.1', port: 0, engine: await QuarryEngine.open(warehouse), ...options });
  }

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ host: '127.0.0.1', port: server!.address.port, user: 'quarry', database: 'default' });
    client.on('error', () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  }

  it('refuses connections over the limit with 53300 and takes them again once one closes', async () => {
    await start({ maxConnections: 2 });
    const first = await connect();
    await connect();
    const refused = await connect().then(() => null, (e: { code?: string; message: string }) => e);
    expect(refused?.code).toBe('53300');
    await first.end();
    clients.splice(clients.indexOf(first), 1);
    await new Promise((r) => setTimeout(r, 50));
    expect((await (await connect()).query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('lets a running statement finish on a graceful shutdown, then ends the session with 57P01', async () => {
    await start();
    const busy = await connect();
    const idle = await connect();
    const idleEnded = new Promise<string | undefined>((resolve) => idle.on('error', (e: Error & { code?: string }) => resolve(e.code)));
    const running = busy.query('SELECT count(*) AS n FROM range(100000000)');
    await new Promise((r) => setTimeout(r, 100));
    const closed = server!.close(60_000);
    expect(await idleEnded).toBe('57P01');
    expect((await running).rows).toEqual([{ n: '100000000' }]);
    await closed;
    server = undefined;
  }, 60_000);

  it('cancels running statements when the grace period is zero', async () => {
    await start();
    const busy = await connect();
    const running = busy.query('SELECT count(*) AS n FROM range(300000000)').then(() => null, (e: { code?: string }) => e.code);
    await new Promise((r) => setTimeout(r, 100));
    await server!.close(0);
    server = undefined;
    expect(['57P01', '57014', undefined]).toContain(await running);
  });

  it('a table dropped while a scan reads it ends that scan with an error, never the server', async () => {
    await start();
    const [reader, dropper] = [await connect(), await connect()];
    // Several data files, so the scan is still listing its way through them when DROP removes them.
    await reader.query('CREATE TABLE wide USING parquet AS SELECT id, id * 2 AS v, CAST(id AS STRING) AS s FROM range(1200000)');
    const scan = reader.query('SELECT count(*) AS n, max(s) AS m FROM wide').then(() => 'finished', (e: { code?: string }) => e.code);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await dropper.query('DROP TABLE wide');
    expect(['finished', 'KD001']).toContain(await scan);
    expect((await (await connect()).query('SELECT 1 AS alive')).rows).toEqual([{ alive: 1 }]);
  });
});
