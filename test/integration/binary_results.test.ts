// Binary result format byte by byte: Parse/Bind (all results binary)/Execute/Sync over a raw
// socket, DataRow fields decoded here by Postgres's send-function layouts. (node-postgres' parser
// cannot read binary rows, so this test reads the wire itself.)

import net from 'node:net';
import { serialize } from 'pg-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, startTestServer } from '../support/server.js';

/** The DataRow fields (null for NULL) and RowDescription type OIDs of one binary-format query. */
async function binaryRow(port: number, sql: string): Promise<{ types: number[]; fields: (Buffer | null)[] }> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  let data = Buffer.alloc(0);
  const readyCount = () => splitMessages(data).filter((m) => m.type === 'Z').length;
  const received = (count: number) => new Promise<void>((resolve) => {
    const check = () => { if (readyCount() >= count) { socket.off('data', onData); resolve(); } };
    const onData = (chunk: Buffer) => { data = Buffer.concat([data, chunk]); check(); };
    socket.on('data', onData);
    check();
  });
  socket.write(serialize.startup({ user: 'quarry', database: 'default' }));
  await received(1);
  socket.write(Buffer.concat([
    serialize.parse({ text: sql }), serialize.bind({ binary: true }), serialize.describe({ type: 'P' }),
    serialize.execute({}), serialize.sync(),
  ]));
  await received(2);
  socket.destroy();
  const messages = splitMessages(data);
  const error = messages.find((m) => m.type === 'E');
  if (error) throw new Error(`error: ${error.body.toString('latin1')}`);
  const description = messages.filter((m) => m.type === 'T').at(-1)!.body;
  const types: number[] = [];
  let at = 2;
  for (let i = 0; i < description.readInt16BE(0); i++) {
    at = description.indexOf(0, at) + 1;
    types.push(description.readUInt32BE(at + 6));
    expect(description.readInt16BE(at + 16)).toBe(1); // binary format
    at += 18;
  }
  const row = messages.find((m) => m.type === 'D')!.body;
  const fields: (Buffer | null)[] = [];
  at = 2;
  for (let i = 0; i < row.readInt16BE(0); i++) {
    const length = row.readInt32BE(at);
    at += 4;
    fields.push(length < 0 ? null : row.subarray(at, at + length));
    at += Math.max(length, 0);
  }
  return { types, fields };
}

function splitMessages(data: Buffer): { type: string; body: Buffer }[] {
  const out: { type: string; body: Buffer }[] = [];
  let at = 0;
  while (at + 5 <= data.length) {
    const length = data.readInt32BE(at + 1);
    if (at + 1 + length > data.length) break;
    out.push({ type: String.fromCharCode(data[at]), body: data.subarray(at + 5, at + 1 + length) });
    at += 1 + length;
  }
  return out;
}

/** Postgres's numeric binary layout back to a decimal string. */
function numeric(b: Buffer): string {
  const groups = b.readInt16BE(0), weight = b.readInt16BE(2), sign = b.readUInt16BE(4), scale = b.readInt16BE(6);
  let digits = '';
  for (let i = 0; i < groups; i++) digits += String(b.readInt16BE(8 + 2 * i)).padStart(4, '0');
  const integerGroups = weight + 1;
  const padded = integerGroups > groups ? digits.padEnd(integerGroups * 4, '0') : digits;
  const integer = integerGroups > 0 ? padded.slice(0, integerGroups * 4).replace(/^0+(?=\d)/, '') : '0';
  const fraction = (integerGroups >= 0 ? padded.slice(integerGroups * 4) : '0'.repeat(-integerGroups * 4) + padded).padEnd(scale, '0').slice(0, scale);
  return `${sign === 0x4000 ? '-' : ''}${integer}${scale > 0 ? `.${fraction}` : ''}`;
}

/** One-dimensional array_send layout: dimensions, null flag, element type, length, lower bound, elements. */
function array(b: Buffer, element: (e: Buffer) => unknown): { elementType: number; values: unknown[] } {
  const dimensions = b.readInt32BE(0);
  const elementType = b.readUInt32BE(8);
  if (dimensions === 0) return { elementType, values: [] };
  expect(b.readInt32BE(16)).toBe(1);
  const values: unknown[] = [];
  let at = 20;
  for (let i = 0; i < b.readInt32BE(12); i++) {
    const length = b.readInt32BE(at);
    at += 4;
    values.push(length < 0 ? null : element(b.subarray(at, at + length)));
    at += Math.max(length, 0);
  }
  return { elementType, values };
}

describe('binary results', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });

  it('sends integers, floats, booleans, text, numerics and bytea in Postgres binary layouts', async () => {
    const { types, fields } = await binaryRow(server.port, `SELECT CAST(7 AS SMALLINT), -42, 9007199254740993, CAST(1.5 AS FLOAT),
      2.25D, CAST(-1234.5678 AS DECIMAL(12,4)), CAST(0 AS DECIMAL(5,2)), 100000000.5BD, true, 'Zürich', X'CAFE', CAST(NULL AS INT)`);
    expect(types).toEqual([21, 23, 20, 700, 701, 1700, 1700, 1700, 16, 25, 17, 23]);
    const [s, i, l, f, d, n, z, big, b, t, bytes, nothing] = fields;
    expect([s!.readInt16BE(0), i!.readInt32BE(0), l!.readBigInt64BE(0), f!.readFloatBE(0), d!.readDoubleBE(0)])
      .toEqual([7, -42, 9007199254740993n, 1.5, 2.25]);
    expect([numeric(n!), numeric(z!), numeric(big!)]).toEqual(['-1234.5678', '0.00', '100000000.5']);
    expect([b![0], t!.toString('utf8'), [...bytes!], nothing]).toEqual([1, 'Zürich', [0xca, 0xfe], null]);
  });

  it('sends dates, timestamps and intervals counted from 2000-01-01', async () => {
    const { types, fields } = await binaryRow(server.port, `SELECT DATE '2000-01-03', TIMESTAMP '2000-01-01 00:00:01.5Z',
      TIMESTAMP_NTZ '1999-12-31 23:59:59', INTERVAL '1 02:03:04.5' DAY TO SECOND, INTERVAL '1-2' YEAR TO MONTH`);
    expect(types).toEqual([1082, 1184, 1114, 1186, 1186]);
    const [date, ts, ntz, dt, ym] = fields as Buffer[];
    expect([date.readInt32BE(0), ts.readBigInt64BE(0), ntz.readBigInt64BE(0)]).toEqual([2, 1_500_000n, -1_000_000n]);
    expect([dt.readBigInt64BE(0), dt.readInt32BE(8), dt.readInt32BE(12)]).toEqual([(2n * 3600n + 3n * 60n + 4n) * 1_000_000n + 500_000n, 1, 0]);
    expect([ym.readBigInt64BE(0), ym.readInt32BE(8), ym.readInt32BE(12)]).toEqual([0n, 0, 14]);
  });

  it('sends TIME as microseconds since midnight and nanosecond timestamps floored to microseconds', async () => {
    const { types, fields } = await binaryRow(server.port, `SELECT TIME '12:34:56.5', CAST('2000-01-01 00:00:01.123456789' AS TIMESTAMP_NTZ(9)),
      CAST('1999-12-31 23:59:59.999999999Z' AS TIMESTAMP_LTZ(9))`);
    expect(types).toEqual([1083, 1114, 1184]);
    const [time, ntz, ltz] = fields as Buffer[];
    expect([time.readBigInt64BE(0), ntz.readBigInt64BE(0), ltz.readBigInt64BE(0)]).toEqual([45_296_500_000n, 1_123_456n, -1n]);
  });

  it('sends arrays with their element type, NULL elements included', async () => {
    const { types, fields } = await binaryRow(server.port, `SELECT array(1, NULL, 3), array('a', 'b c'), CAST(array() AS ARRAY<BIGINT>)`);
    expect(types).toEqual([1007, 1009, 1016]);
    expect(array(fields[0]!, (e) => e.readInt32BE(0))).toEqual({ elementType: 23, values: [1, null, 3] });
    expect(array(fields[1]!, (e) => e.toString('utf8'))).toEqual({ elementType: 25, values: ['a', 'b c'] });
    expect(array(fields[2]!, (e) => e.readBigInt64BE(0))).toEqual({ elementType: 20, values: [] });
  });
});
