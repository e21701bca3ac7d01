// The write side of one socket: messages queue up and go out in one write per flush, and flush
// resolves only when the socket can take more, which is what bounds memory on huge results.
// Results stream with `drain`, which writes only once enough is queued: a small result and its
// CommandComplete and ReadyForQuery leave in one write, as Postgres sends them.

import net from 'node:net';
import { REFUSE_ENCRYPTION, serializeBackend } from './backend_writer.js';
import { BackendMessage } from './messages.js';

const END_GRACE_MS = 1000;
const WRITE_THRESHOLD_BYTES = 64 * 1024;

export class Outbound {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly socket: net.Socket) {}

  /** True once nothing more can be written: the peer went away or the end was sent. */
  get closed(): boolean {
    return this.socket.destroyed || this.socket.writableEnded;
  }

  send(message: BackendMessage): void {
    this.sendSerialized(serializeBackend(message));
  }

  /** Messages already serialized (DataRow chunks of a batch). */
  sendSerialized(bytes: Buffer): void {
    if (this.closed) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  /** Flushes once a write's worth is queued; otherwise leaves it for the next flush. */
  drain(): Promise<void> {
    return this.pendingBytes >= WRITE_THRESHOLD_BYTES ? this.flush() : Promise.resolve();
  }

  refuseEncryption(): void {
    this.sendSerialized(REFUSE_ENCRYPTION);
  }

  acceptEncryption(): void {
    this.sendSerialized(Buffer.from('S'));
  }

  /** Writes what is queued; resolves once the socket drained (or closed, so nobody waits forever). */
  flush(): Promise<void> {
    if (this.closed) {
      this.pending = [];
      this.pendingBytes = 0;
      return Promise.resolve();
    }
    if (this.pending.length > 0) {
      const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
      this.socket.write(data);
    }
    if (!this.socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  /**
   * Writes what is queued, then closes once it is out (without waiting for the peer's FIN). A
   * peer that stopped reading would keep that from ever happening: it is cut off after a grace.
   */
  end(): void {
    if (this.closed) return;
    const data = this.pending.length === 0 ? undefined : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    const socket = this.socket;
    if (data) socket.write(data);
    socket.end(() => socket.destroy());
    setTimeout(() => socket.destroy(), END_GRACE_MS).unref();
  }
}
