// A client that drops its connection mid-result, or sends garbage, disturbs nobody else.

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, startTestServer } from '../support/server.js';

describe('connections', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const client = await server.client();
    const values = Array.from({ length: 1000 }, (_, i) => `(${i}, 'row ${i}')`).join(', ');
    await client.query('CREATE TABLE many (i INT, s STRING) USING parquet');
    await client.query(`INSERT INTO many VALUES ${values}`);
  });
  afterAll(async () => { await server.close(); });

  it('a dropped connection mid-result does not disturb another session', async () => {
    const victim = await server.client();
    const other = await server.client();
    // A million rows: the server is still streaming when the socket goes away.
    const streaming = victim.query('SELECT a.i, b.s FROM many a CROSS JOIN many b').catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 200));
    (victim as unknown as { connection: { stream: net.Socket } }).connection.stream.destroy();
    expect(await streaming).toBeInstanceOf(Error);
    const { rows } = await other.query('SELECT count(*) AS n FROM many');
    expect(rows).toEqual([{ n: '1000' }]);
    const fresh = await server.client();
    expect((await fresh.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('a CancelRequest stops a running query with 57014 and the session goes on', async () => {
    const client = await server.client();
    const { processID, secretKey } = client as unknown as { processID: number; secretKey: number };
    const running = client.query('SELECT count(*) FROM range(20000) a CROSS JOIN range(20000) b').catch((e: { code: string; message: string }) => e);
    await new Promise((r) => setTimeout(r, 100));
    const cancel = net.connect(server.port, '127.0.0.1');
    await new Promise((r) => cancel.once('connect', r));
    const packet = Buffer.alloc(16);
    packet.writeInt32BE(16, 0);
    packet.writeInt32BE(80877102, 4);
    packet.writeInt32BE(processID, 8);
    packet.writeInt32BE(secretKey, 12);
    cancel.end(packet);
    const error = await running;
    expect([(error as { code: string }).code, (error as { message: string }).message]).toEqual(['57014', 'canceling statement due to user request']);
    expect((await client.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
  });

  it('garbage on the wire closes that connection only', async () => {
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let received = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => { received = Buffer.concat([received, d]); });
    socket.write(Buffer.from([0, 0, 0, 8, 0xde, 0xad, 0xbe, 0xef, 0xff, 0xff, 0xff, 0xff]));
    await new Promise((r) => socket.once('close', r));
    expect(String.fromCharCode(received[0])).toBe('E'); // an ErrorResponse before the close
    const client = await server.client();
    expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });
});
