// Logging in: SCRAM-SHA-256, md5 and cleartext password authentication against the warehouse's
// users file (managed with CREATE/ALTER/DROP USER), from node-postgres and psql; TLS when a
// certificate is configured, and refusing plaintext when TLS is required.

import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QuarryEngine } from '../../src/engine/index.js';
import { QuarryServer, ServerOptions, startServer } from '../../src/protocol/index.js';

const run = promisify(execFile);

describe('authentication and TLS', () => {
  let dir: string;
  let warehouse: string;
  let engine: QuarryEngine;
  let server: QuarryServer | undefined;
  let cert: { cert: Buffer; key: Buffer };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-auth-'));
    warehouse = path.join(dir, 'warehouse');
    engine = await QuarryEngine.open(warehouse);
    await engine.catalog.users.create('alice', 's3cret pass');
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]);
    cert = { cert: await fs.readFile(path.join(dir, 'cert.pem')), key: await fs.readFile(path.join(dir, 'key.pem')) };
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  async function start(options: Partial<ServerOptions>) {
    server = await startServer({ host: '127.0.0.1', port: 0, engine, ...options });
    return server.address.port;
  }

  const passwords = (method: 'scram-sha-256' | 'md5' | 'password') => ({ method, lookup: (user: string) => engine.catalog.users.get(user) });

  async function login(port: number, user: string, password: string, ssl?: pg.ClientConfig['ssl']) {
    const client = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'default', ssl });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query('SELECT current_user AS who');
      return rows[0].who as string;
    } catch (e) {
      return (e as { code?: string }).code ?? String(e);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  const psql = (port: number, user: string, password: string, sslmode = 'disable') =>
    run('psql', ['-X', '-At', `host=127.0.0.1 port=${port} user=${user} dbname=default sslmode=${sslmode}`, '-c', 'SELECT current_user, 1'],
      { env: { ...process.env, PGPASSWORD: password } })
      .then((r) => r.stdout.trim(), (e: { stderr: string }) => e.stderr.trim());

  it('SCRAM-SHA-256: the right password logs in, a wrong one or an unknown user gets 28P01', async () => {
    const port = await start({ passwords: passwords('scram-sha-256') });
    expect(await login(port, 'alice', 's3cret pass')).toBe('alice');
    expect(await login(port, 'alice', 'wrong')).toBe('28P01');
    expect(await login(port, 'mallory', 's3cret pass')).toBe('28P01');
    expect(await psql(port, 'alice', 's3cret pass')).toBe('alice|1');
    expect(await psql(port, 'alice', 'nope')).toMatch(/password authentication failed for user "alice"/);
  });

  it('md5 and cleartext password methods', async () => {
    let port = await start({ passwords: passwords('md5') });
    expect(await login(port, 'alice', 's3cret pass')).toBe('alice');
    expect(await login(port, 'alice', 's3cret')).toBe('28P01');
    await server!.close();
    port = await start({ passwords: passwords('password') });
    expect(await login(port, 'alice', 's3cret pass')).toBe('alice');
    expect(await login(port, 'alice', 'x')).toBe('28P01');
  });

  it('CREATE, ALTER and DROP USER change who can log in, and survive a restart', async () => {
    let port = await start({ passwords: passwords('scram-sha-256') });
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'alice', password: 's3cret pass', database: 'default' });
    await admin.connect();
    await admin.query("CREATE USER Bob WITH PASSWORD 'first'");
    expect((await admin.query("SELECT rolname FROM pg_roles WHERE rolname = 'bob'")).rows).toEqual([{ rolname: 'bob' }]);
    await expect(admin.query("CREATE USER bob PASSWORD 'again'")).rejects.toMatchObject({ code: '42710' });
    expect(await login(port, 'bob', 'first')).toBe('bob');
    await admin.query("ALTER USER bob WITH PASSWORD 'second'");
    expect(await login(port, 'bob', 'first')).toBe('28P01');
    await admin.end();
    await server!.close();

    engine = await QuarryEngine.open(warehouse);
    port = await start({ passwords: passwords('scram-sha-256') });
    expect(await login(port, 'bob', 'second')).toBe('bob');
    const again = new pg.Client({ host: '127.0.0.1', port, user: 'bob', password: 'second', database: 'default' });
    await again.connect();
    await again.query('DROP USER bob');
    await expect(again.query('DROP USER bob')).rejects.toMatchObject({ code: '42704' });
    await again.query('DROP USER IF EXISTS bob');
    await again.end();
    expect(await login(port, 'bob', 'second')).toBe('28P01');
  });

  it('TLS: psql and node-postgres with sslmode=require, plaintext still possible unless required', async () => {
    let port = await start({ passwords: passwords('scram-sha-256'), tls: cert });
    expect(await psql(port, 'alice', 's3cret pass', 'require')).toBe('alice|1');
    expect(await login(port, 'alice', 's3cret pass', { rejectUnauthorized: false })).toBe('alice');
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'alice', password: 's3cret pass', database: 'default', ssl: { rejectUnauthorized: false } });
    await client.connect();
    const socket = (client as unknown as { connection: { stream: { encrypted?: boolean } } }).connection.stream;
    expect(socket.encrypted).toBe(true);
    await client.end();
    expect(await psql(port, 'alice', 's3cret pass', 'disable')).toBe('alice|1');
    await server!.close();

    port = await start({ passwords: passwords('scram-sha-256'), tls: cert, tlsRequired: true });
    expect(await psql(port, 'alice', 's3cret pass', 'disable')).toMatch(/no encryption/);
    expect(await login(port, 'alice', 's3cret pass')).toBe('28000');
    expect(await psql(port, 'alice', 's3cret pass', 'require')).toBe('alice|1');
  });

  it('without a certificate, SSLRequest is answered N and sslmode=require fails', async () => {
    const port = await start({});
    expect(await psql(port, 'alice', '', 'require')).toMatch(/server does not support SSL/);
    expect(await psql(port, 'alice', '', 'prefer')).toBe('alice|1');
  });
});
