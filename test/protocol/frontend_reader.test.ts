import { serialize } from 'pg-protocol';
import { describe, expect, it } from 'vitest';
import { QuarryError } from '../../src/common/errors.js';
import { FrontendReader, decodeCleartextPassword } from '../../src/protocol/frontend_reader.js';
import { FrontendMessage } from '../../src/protocol/messages.js';

const STARTUP = serialize.startup({ user: 'quarry', database: 'default', application_name: 'test' });

function readAll(reader: FrontendReader): FrontendMessage[] {
  const out: FrontendMessage[] = [];
  for (let m = reader.read(); m !== undefined; m = reader.read()) out.push(m);
  return out;
}

/** A reader already past the startup packet. */
function started(options?: ConstructorParameters<typeof FrontendReader>[0]): FrontendReader {
  const reader = new FrontendReader(options);
  reader.push(STARTUP);
  expect(reader.read()?.type).toBe('startup');
  return reader;
}

function violation(f: () => unknown): QuarryError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(QuarryError);
    expect((e as QuarryError).sqlState).toBe('08P01');
    return e as QuarryError;
  }
  throw new Error('expected a protocol violation');
}

describe('FrontendReader: startup phase', () => {
  it('reads a protocol 3.0 startup message with its parameters', () => {
    const reader = new FrontendReader();
    reader.push(STARTUP);
    const m = reader.read();
    expect(m).toEqual({
      type: 'startup', protocolVersion: 196608,
      // pg-protocol's serializer adds client_encoding itself.
      parameters: new Map([['user', 'quarry'], ['database', 'default'], ['application_name', 'test'], ['client_encoding', 'UTF8']]),
    });
    expect(reader.read()).toBeUndefined();
    expect(reader.bufferedBytes).toBe(0);
  });

  it('reads SSLRequest and GSSENCRequest, then the real startup packet', () => {
    const reader = new FrontendReader();
    const gss = Buffer.alloc(8);
    gss.writeInt32BE(8, 0);
    gss.writeInt32BE(80877104, 4);
    reader.push(Buffer.concat([serialize.requestSsl(), gss, STARTUP]));
    expect(readAll(reader).map((m) => m.type)).toEqual(['sslRequest', 'gssEncRequest', 'startup']);
  });

  it('reads a CancelRequest', () => {
    const reader = new FrontendReader();
    reader.push(serialize.cancel(1234, -99));
    expect(reader.read()).toEqual({ type: 'cancelRequest', processId: 1234, secretKey: -99 });
  });

  it('keeps other protocol versions for the session to refuse', () => {
    const reader = new FrontendReader();
    reader.push(Buffer.from([0, 0, 0, 8, 0xde, 0xad, 0xbe, 0xef]));
    expect(reader.read()).toEqual({ type: 'startup', protocolVersion: 0xdeadbeef, parameters: new Map() });
  });

  it('rejects startup lengths that are too short, negative or too long', () => {
    for (const length of [0, 4, 7, -1, 10_001, 0x7fffffff]) {
      const reader = new FrontendReader();
      const b = Buffer.alloc(8);
      b.writeInt32BE(length, 0);
      reader.push(b);
      expect(violation(() => reader.read()).message).toMatch(/startup packet/);
    }
  });

  it('rejects a startup packet without its final terminator', () => {
    const reader = new FrontendReader();
    const body = Buffer.from('user\0quarry\0');
    const b = Buffer.alloc(8 + body.length);
    b.writeInt32BE(b.length, 0);
    b.writeInt32BE(196608, 4);
    body.copy(b, 8);
    reader.push(b);
    violation(() => reader.read());
  });
});

describe('FrontendReader: typed messages', () => {
  it('frames a message split across chunks, byte by byte', () => {
    const reader = started();
    const bytes = serialize.query('SELECT 1 AS "één"');
    for (let i = 0; i < bytes.length - 1; i++) {
      reader.push(bytes.subarray(i, i + 1));
      expect(reader.read()).toBeUndefined();
    }
    reader.push(bytes.subarray(bytes.length - 1));
    expect(reader.read()).toEqual({ type: 'query', sql: 'SELECT 1 AS "één"' });
  });

  it('frames several messages in one chunk, and one split over a chunk boundary', () => {
    const reader = started();
    const all = Buffer.concat([serialize.query('a'), serialize.query('b'), serialize.query('c'), serialize.end()]);
    reader.push(all.subarray(0, 15));
    expect(readAll(reader)).toEqual([{ type: 'query', sql: 'a' }, { type: 'query', sql: 'b' }]);
    reader.push(all.subarray(15));
    expect(readAll(reader)).toEqual([{ type: 'query', sql: 'c' }, { type: 'terminate' }]);
  });

  it('accumulates a large message from many chunks', () => {
    const reader = started();
    const sql = `SELECT '${'x'.repeat(200_000)}'`;
    const bytes = serialize.query(sql);
    for (let i = 0; i < bytes.length; i += 1000) reader.push(bytes.subarray(i, i + 1000));
    expect(reader.read()).toEqual({ type: 'query', sql });
  });

  it('rejects an oversize length from the header alone', () => {
    const reader = started({ maxMessageLength: 1024 });
    reader.push(Buffer.from([0x51, 0x00, 0x00, 0x04, 0x01])); // 'Q', 1025
    expect(violation(() => reader.read()).message).toMatch(/invalid message length 1025/);
    // The reader stays failed: framing is lost.
    reader.push(serialize.query('x'));
    violation(() => reader.read());
  });

  it('rejects the default 256 MiB limit and negative or short lengths', () => {
    for (const length of [256 * 1024 * 1024 + 1, 0x7fffffff, -1, -0x80000000, 0, 3]) {
      const reader = started();
      const b = Buffer.alloc(5);
      b[0] = 0x51;
      b.writeInt32BE(length, 1);
      reader.push(b);
      violation(() => reader.read());
    }
  });

  it('rejects a Query whose string is not terminated, or has bytes after it', () => {
    const reader = started();
    reader.push(Buffer.from([0x51, 0, 0, 0, 6, 0x61, 0x62]));
    expect(violation(() => reader.read()).message).toMatch(/Query/);
    const trailing = started();
    trailing.push(Buffer.from([0x51, 0, 0, 0, 7, 0x61, 0, 0x62]));
    violation(() => trailing.read());
  });

  it('decodes the extended query protocol messages', () => {
    const reader = started();
    reader.push(Buffer.concat([
      serialize.parse({ name: 's1', text: 'SELECT $1', types: [23] }),
      serialize.bind({ portal: 'p1', statement: 's1', values: ['42', null] }),
      serialize.describe({ type: 'P', name: 'p1' }),
      serialize.execute({ portal: 'p1', rows: 10 }),
      serialize.close({ type: 'S', name: 's1' }),
      serialize.flush(),
      serialize.sync(),
    ]));
    expect(readAll(reader)).toEqual([
      { type: 'parse', statement: 's1', sql: 'SELECT $1', parameterTypes: [23] },
      {
        type: 'bind', portal: 'p1', statement: 's1', parameterFormats: [0, 0],
        parameters: [Buffer.from('42'), null], resultFormats: [0],
      },
      { type: 'describe', target: 'portal', name: 'p1' },
      { type: 'execute', portal: 'p1', maxRows: 10 },
      { type: 'close', target: 'statement', name: 's1' },
      { type: 'flush' },
      { type: 'sync' },
    ]);
  });

  it('reads a password message and leaves unknown types to the session', () => {
    const reader = started();
    reader.push(Buffer.concat([serialize.password('sekret'), Buffer.from([0x5a, 0, 0, 0, 4])]));
    const [password, unknown] = readAll(reader);
    expect(password.type).toBe('authResponse');
    expect(decodeCleartextPassword((password as { payload: Buffer }).payload)).toBe('sekret');
    expect(unknown).toEqual({ type: 'unknown', code: 0x5a });
  });

  it('copies what it keeps: later chunks do not alter earlier messages', () => {
    const reader = started();
    const chunk = serialize.password('abc');
    reader.push(chunk); // read in place, without a copy
    const m = reader.read() as { payload: Buffer };
    chunk.fill(0);
    expect(decodeCleartextPassword(m.payload)).toBe('abc');
  });
});
