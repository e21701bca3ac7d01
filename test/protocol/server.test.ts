// The server against real drivers (pg) and raw sockets, over a fake engine.

import net from 'node:net';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuarryServer, startServer } from '../../src/protocol/index.js';
import { FakeEngine } from './fake_engine.js';
import { RawClient } from './raw_client.js';

// Values exactly as the server wrote them, not as pg would parse them.
const raw = { getTypeParser: () => (value: string) => value };

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('protocol server', () => {
  let engine: FakeEngine;
  let server: QuarryServer;
  const clients: pg.Client[] = [];

  async function connect(config: pg.ClientConfig = {}): Promise<pg.Client> {
    const client = new pg.Client({ host: '127.0.0.1', port: server.address.port, user: 'quarry', database: 'default', ...config });
    client.on('error', () => undefined);
    clients.push(client);
    await client.connect();
    return client;
  }

  beforeAll(async () => {
    engine = new FakeEngine();
    server = await startServer({ host: '127.0.0.1', port: 0, engine });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await server.close();
  });

  it('listens on the real port when asked for port 0', () => {
    expect(server.address.host).toBe('127.0.0.1');
    expect(server.address.port).toBeGreaterThan(0);
  });

  it('returns typed columns with Postgres OIDs, typmods and text values', async () => {
    const client = await connect();
    const result = await client.query({ text: 'SELECT everything', rowMode: 'array', types: raw });
    expect(result.command).toBe('SELECT');
    expect(result.rowCount).toBe(3);
    expect(result.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ['i', 23], ['l', 20], ['big', 20], ['d', 701], ['f', 700], ['amount', 1700], ['wide', 1700], ['s', 25], ['b', 16],
      ['day', 1082], ['ts', 1184], ['ts_ntz', 1114], ['bin', 17],
    ]);
    expect(result.fields[5].dataTypeModifier).toBe(((10 << 16) | 2) + 4);
    expect(result.rows).toEqual([
      ['1', '42', '9223372036854775807', '1.5', '0.1', '12.50', '1234567890123456789012345.00000', 'Zürich', 't',
        '2024-01-01', '2024-01-01 10:00:00+00', '2024-01-01 10:00:00.000123', '\\xdead'],
      ['-2', '-7', '-9223372036854775808', '1e+20', 'Infinity', '-0.05', '0.00001', 'Oslo', 'f',
        '1970-01-01', '1970-01-01 00:00:00.5+00', '1970-01-01 00:00:00', '\\x'],
      Array(13).fill(null),
    ]);
  });

  it('lets pg parse values with its standard type parsers', async () => {
    const client = await connect();
    const { rows } = await client.query('SELECT everything');
    expect(rows[0].i).toBe(1);
    expect(rows[0].d).toBe(1.5);
    expect(rows[0].b).toBe(true);
    expect(rows[0].ts).toEqual(new Date('2024-01-01T10:00:00Z'));
    expect(rows[0].bin).toEqual(Buffer.from([0xde, 0xad]));
    expect(rows[2].i).toBeNull();
  });

  it('reports errors with code and 1-based position, then serves the next query', async () => {
    const client = await connect();
    const error = await client.query('SELECT x FROM bad').catch((e: pg.DatabaseError) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as pg.DatabaseError).code).toBe('42601');
    expect((error as pg.DatabaseError).position).toBe('15');
    expect((error as pg.DatabaseError).severity).toBe('ERROR');
    expect((await client.query('SELECT again')).rowCount).toBe(3);
  });

  it('reports engine bugs as XX000 without a stack trace', async () => {
    const client = await connect();
    const error = (await client.query('boom').catch((e) => e)) as pg.DatabaseError;
    expect(error.code).toBe('XX000');
    expect(error.message).toBe('internal error: kaput');
    expect(JSON.stringify(error)).not.toMatch(/\.ts:\d+|at /);
    expect((await client.query('create table t')).command).toBe('CREATE');
  });

  it('reports an error raised mid-stream after rows were sent', async () => {
    const client = await connect();
    const error = (await client.query('halfway').catch((e) => e)) as pg.DatabaseError;
    expect(error.code).toBe('22012');
    expect(error.position).toBe('8');
    expect((await client.query('select ok')).rowCount).toBe(3);
  });

  it('runs several statements of one query string, stopping at the first error', async () => {
    const client = await connect();
    const results = (await client.query('create table a; select 1; create table b')) as unknown as pg.QueryResult[];
    expect(results.map((r) => r.command)).toEqual(['CREATE', 'SELECT', 'CREATE']);
    const error = (await client.query('create table a; select 1; oops bad').catch((e) => e)) as pg.DatabaseError;
    expect(error.code).toBe('42601');
    expect(error.position).toBe(String('create table a; select 1; oops bad'.indexOf('bad') + 1));
  });

  it('answers an empty query with EmptyQueryResponse', async () => {
    const client = await connect();
    const result = await client.query('  ;  ');
    expect(result.command).toBeNull();
    expect(result.rows).toEqual([]);
    expect((await client.query('')).rows).toEqual([]);
  });

  it('streams results of many batches', async () => {
    const client = await connect();
    const result = await client.query({ text: 'count 25000', rowMode: 'array' });
    expect(result.rowCount).toBe(25000);
    expect(result.rows[24999]).toEqual(['24999']);
  });

  it('answers an extended-protocol failure with an error, then recovers at Sync', async () => {
    // The fake engine cannot prepare statements: the failure must stay within this request.
    const client = await connect();
    const error = (await client.query('select $1', [1]).catch((e) => e)) as pg.DatabaseError;
    expect(error.code).toBe('XX000');
    expect((await client.query('select fine')).rowCount).toBe(3);
  });

  it('sends the startup parameters clients rely on', async () => {
    const client = await RawClient.ready(server.address.port, { user: 'alice', database: 'default', application_name: 'tests' });
    const params = Object.fromEntries(client.messages.filter((m) => m.name === 'parameterStatus')
      .map((m) => { const p = m as unknown as { parameterName: string; parameterValue: string }; return [p.parameterName, p.parameterValue]; }));
    expect(params).toMatchObject({
      server_version: '15.6', server_encoding: 'UTF8', client_encoding: 'UTF8', DateStyle: 'ISO, MDY', integer_datetimes: 'on',
      standard_conforming_strings: 'on', TimeZone: 'UTC', IntervalStyle: 'postgres', application_name: 'tests',
      session_authorization: 'alice',
    });
    expect(params.is_superuser).toBeDefined();
    expect(client.messages.map((m) => m.name)).toEqual([
      'authenticationOk', ...Array(Object.keys(params).length).fill('parameterStatus'), 'backendKeyData', 'readyForQuery',
    ]);
    expect(engine.sessions.at(-1)!.options).toEqual({ user: 'alice', database: 'default' });
    client.send(serialize.end());
    await client.closed;
  });

  it('defaults the database to the user name, and refuses an unknown database with a FATAL 3D000', async () => {
    const client = await RawClient.ready(server.address.port, { user: 'bob' });
    expect(engine.sessions.at(-1)!.options).toEqual({ user: 'bob', database: 'bob' });
    client.socket.destroy();
    const error = (await connect({ database: 'missing' }).catch((e) => e)) as pg.DatabaseError;
    expect(error.code).toBe('3D000');
    expect(error.severity).toBe('FATAL');
    expect(error.message).toBe('database "missing" does not exist');
  });

  it('answers SSLRequest and GSSENCRequest with N, then accepts the plain startup', async () => {
    const socket = net.connect(server.address.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const bytes: Buffer[] = [];
    socket.on('data', (b: Buffer) => bytes.push(b));
    socket.write(serialize.requestSsl());
    await until(() => Buffer.concat(bytes).length >= 1);
    const gss = Buffer.alloc(8);
    gss.writeInt32BE(8, 0);
    gss.writeInt32BE(80877104, 4);
    socket.write(gss);
    await until(() => Buffer.concat(bytes).length >= 2);
    expect(Buffer.concat(bytes).toString()).toBe('NN');
    socket.write(serialize.startup({ user: 'quarry', database: 'default' }));
    // ReadyForQuery 'Z' … 'I' ends the startup reply.
    await until(() => Buffer.concat(bytes).subarray(-6).equals(Buffer.from([0x5a, 0, 0, 0, 5, 0x49])));
    socket.destroy();
  });

  it('cancels a running statement on a CancelRequest with the right key only', async () => {
    const client = await connect();
    const running = client.query('sleep').catch((e) => e);
    await new Promise((r) => setTimeout(r, 100));
    const { processID, secretKey } = client as unknown as { processID: number; secretKey: number };
    const wrong = await RawClient.connect(server.address.port);
    wrong.send(serialize.cancel(processID, secretKey ^ 1));
    await wrong.closed;
    await new Promise((r) => setTimeout(r, 100));
    const canceller = await RawClient.connect(server.address.port);
    canceller.send(serialize.cancel(processID, secretKey));
    await canceller.closed;
    expect(canceller.messages).toEqual([]);
    const error = (await running) as pg.DatabaseError;
    expect(error.code).toBe('57014');
    expect((await client.query('select after')).rowCount).toBe(3);
  });

  it('a client that disconnects mid-stream stops its statement and disturbs nobody', async () => {
    const victim = await connect();
    const other = await connect();
    const before = engine.endless.length;
    const streaming = victim.query('endless').catch((e) => e);
    await until(() => engine.endless.length > before && engine.endless[before].pulled > 3);
    const concurrent = other.query('count 5000');
    (victim as unknown as { connection: { stream: net.Socket } }).connection.stream.destroy();
    expect(await streaming).toBeInstanceOf(Error);
    const stats = engine.endless[before];
    await until(() => stats.returned);
    expect(stats.aborted).toBe(true);
    const pulled = stats.pulled;
    await new Promise((r) => setTimeout(r, 100));
    expect(stats.pulled).toBe(pulled);
    expect((await concurrent).rowCount).toBe(5000);
    expect((await other.query('select still fine')).rowCount).toBe(3);
    await until(() => engine.sessions.filter((s) => s.closed).length > 0);
  });

  it('stops pulling batches while the client does not read (back-pressure)', async () => {
    const client = await RawClient.ready(server.address.port);
    client.socket.pause();
    const before = engine.endless.length;
    client.send(serialize.query('endless'));
    await until(() => engine.endless.length > before);
    const stats = engine.endless[before];
    // Let socket buffers fill up, then check production has stalled.
    await new Promise((r) => setTimeout(r, 500));
    const stalled = stats.pulled;
    await new Promise((r) => setTimeout(r, 300));
    expect(stats.pulled).toBe(stalled);
    // Each batch is ~150 KB of rows: only what the kernel buffers hold was produced.
    expect(stalled).toBeLessThan(200);
    client.socket.resume();
    await until(() => stats.pulled > stalled + 5);
    client.socket.destroy();
    await until(() => stats.returned);
  });

  it('closes a connection that sends garbage as its startup packet, and keeps serving', async () => {
    const client = await RawClient.connect(server.address.port);
    client.send([0, 0, 0, 8, 0xde, 0xad, 0xbe, 0xef, 0xff, 0xff, 0xff, 0xff]);
    await client.closed;
    const error = client.messages.find((m) => m.name === 'error') as unknown as pg.DatabaseError;
    expect(error.severity).toBe('FATAL');
    expect(error.code).toBe('0A000');
    expect(error.message).toMatch(/unsupported frontend protocol/);
    expect((await (await connect()).query('select alive')).rowCount).toBe(3);
  });

  it.each([
    ['an absurd length', [0x51, 0x7f, 0xff, 0xff, 0xff]],
    ['a negative length', [0x51, 0xff, 0xff, 0xff, 0xf0]],
    ['a length below 4', [0x51, 0, 0, 0, 2]],
    ['an unterminated query', [0x51, 0, 0, 0, 6, 0x41, 0x42]],
    ['an unknown message type', [0x7e, 0, 0, 0, 4]],
  ])('answers %s with a FATAL 08P01 and closes', async (_, bytes) => {
    const client = await RawClient.ready(server.address.port);
    const from = client.messages.length;
    client.send(bytes);
    await client.closed;
    const error = client.messages.slice(from).find((m) => m.name === 'error') as unknown as pg.DatabaseError;
    expect(error).toBeDefined();
    expect(error.severity).toBe('FATAL');
    expect(error.code).toBe('08P01');
    expect((await (await connect()).query('select alive')).rowCount).toBe(3);
  });

  it('closes on an absurd startup length or a client that hangs up mid-message', async () => {
    const absurd = await RawClient.connect(server.address.port);
    absurd.send([0x7f, 0xff, 0xff, 0xff]);
    await absurd.closed;
    const halfway = await RawClient.ready(server.address.port);
    halfway.send([0x51, 0, 0, 0, 100, 0x41]);
    halfway.socket.end();
    await halfway.closed;
    expect((await (await connect()).query('select alive')).rowCount).toBe(3);
  });

  it('survives random garbage after startup on many connections', async () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    await Promise.all(Array.from({ length: 40 }, async (_, k) => {
      const client = await (k % 2 === 0 ? RawClient.ready(server.address.port) : RawClient.connect(server.address.port));
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * 256)));
      // Sometimes a plausible type byte first, so decoders (not only framing) see junk.
      if (k % 3 === 0) bytes[0] = 'QPBDECSHXp'.charCodeAt(k % 10);
      client.send(bytes);
      client.socket.end();
      await client.closed;
    }));
    expect((await (await connect()).query('select alive')).rowCount).toBe(3);
  });

  it('answers pipelined queries in order', async () => {
    const client = await RawClient.ready(server.address.port);
    const from = client.messages.length;
    client.send(Buffer.concat([serialize.query('count 3'), serialize.query('create t'), serialize.query('x bad'), serialize.query('count 1')]));
    await until(() => client.messages.slice(from).filter((m) => m.name === 'readyForQuery').length === 4);
    expect(client.messages.slice(from).map((m) => m.name)).toEqual([
      'rowDescription', 'dataRow', 'dataRow', 'dataRow', 'commandComplete', 'readyForQuery',
      'commandComplete', 'readyForQuery',
      'error', 'readyForQuery',
      'rowDescription', 'dataRow', 'commandComplete', 'readyForQuery',
    ]);
    client.socket.destroy();
  });

  it('ends the connection on Terminate and releases the session', async () => {
    const client = await RawClient.ready(server.address.port);
    const session = engine.sessions.at(-1)!;
    client.send(serialize.end());
    await client.closed;
    await until(() => session.closed);
  });
});

describe('protocol server with password authentication', () => {
  let server: QuarryServer;
  const seen: [string, string][] = [];
  beforeAll(async () => {
    server = await startServer({
      host: '127.0.0.1', port: 0, engine: new FakeEngine(),
      authenticate: async (user, password) => { seen.push([user, password]); return password === 'open sesame'; },
    });
  });
  afterAll(async () => { await server.close(); });

  const client = (password: string) =>
    new pg.Client({ host: '127.0.0.1', port: server.address.port, user: 'quarry', database: 'default', password });

  it('accepts the right cleartext password', async () => {
    const c = client('open sesame');
    await c.connect();
    expect((await c.query('select 1')).rowCount).toBe(3);
    await c.end();
    expect(seen).toContainEqual(['quarry', 'open sesame']);
  });

  it('opens no session for a client that leaves while its password is checked', async () => {
    const slowEngine = new FakeEngine();
    const slow = await startServer({
      host: '127.0.0.1', port: 0, engine: slowEngine,
      authenticate: () => new Promise((resolve) => setTimeout(() => resolve(true), 200)),
    });
    const c = await RawClient.connect(slow.address.port);
    c.send(serialize.startup({ user: 'quarry', database: 'default' }));
    await c.waitFor((m) => m.name === 'authenticationCleartextPassword');
    c.send(serialize.password('whatever'));
    await new Promise((r) => setTimeout(r, 50));
    c.socket.destroy();
    await new Promise((r) => setTimeout(r, 300));
    expect(slowEngine.sessions).toEqual([]);
    await slow.close();
  });

  it('refuses a wrong password with FATAL 28P01', async () => {
    const c = client('guess');
    c.on('error', () => undefined);
    const error = (await c.connect().catch((e) => e)) as pg.DatabaseError;
    expect(error.code).toBe('28P01');
    expect(error.message).toBe('password authentication failed for user "quarry"');
  });
});

describe('server shutdown', () => {
  it('close() ends idle and busy connections and stops listening', async () => {
    const engine = new FakeEngine();
    const server = await startServer({ host: '127.0.0.1', port: 0, engine });
    const idle = new pg.Client({ host: '127.0.0.1', port: server.address.port, user: 'quarry', database: 'default' });
    const busy = new pg.Client({ host: '127.0.0.1', port: server.address.port, user: 'quarry', database: 'default' });
    idle.on('error', () => undefined);
    busy.on('error', () => undefined);
    await idle.connect();
    await busy.connect();
    const streaming = busy.query('endless').catch((e) => e);
    await until(() => engine.endless.length > 0 && engine.endless[0].pulled > 2);
    await server.close();
    expect(await streaming).toBeInstanceOf(Error);
    expect(engine.endless[0].returned).toBe(true);
    expect(engine.sessions.every((s) => s.closed)).toBe(true);
    const refused = await new Promise<boolean>((resolve) => {
      const s = net.connect(server.address.port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(false); });
      s.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
