// A bare socket that writes whatever bytes a test wants and parses the replies with pg-protocol
// (node-postgres' own parser), for what a well-behaved driver would never send.

import net from 'node:net';
import { serialize } from 'pg-protocol';
import { Parser } from 'pg-protocol/dist/parser.js';
import type { BackendMessage } from 'pg-protocol/dist/messages.js';

export class RawClient {
  readonly messages: BackendMessage[] = [];
  readonly closed: Promise<void>;
  private readonly parser = new Parser();
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.parser.parse(chunk, (m) => this.messages.push(m));
      this.wake();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => { this.wake(); resolve(); }));
  }

  static async connect(port: number): Promise<RawClient> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
    return new RawClient(socket);
  }

  /** Connects and completes a trust startup, up to the first ReadyForQuery. */
  static async ready(port: number, parameters: Record<string, string> = { user: 'quarry', database: 'default' }): Promise<RawClient> {
    const client = await RawClient.connect(port);
    client.send(serialize.startup(parameters));
    await client.waitFor((m) => m.name === 'readyForQuery');
    return client;
  }

  send(bytes: Buffer | number[]): void {
    this.socket.write(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
  }

  /** Resolves with the first message (from `from` on) matching, or rejects when the socket closes first. */
  async waitFor(match: (m: BackendMessage) => boolean, from = 0, timeoutMs = 5000): Promise<BackendMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      if (this.socket.destroyed) throw new Error(`socket closed; got ${this.messages.map((m) => m.name).join(', ')}`);
      if (Date.now() > deadline) throw new Error(`timed out; got ${this.messages.map((m) => m.name).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
