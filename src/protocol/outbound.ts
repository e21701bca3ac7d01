// The write side of one socket: messages queue up and go out in one write per flush, and flush
// resolves only when the socket can take more, which is what bounds memory on huge results.

import net from 'node:net';
import { REFUSE_ENCRYPTION, serializeBackend } from './backend_writer.js';
import { BackendMessage } from './messages.js';

const END_GRACE_MS = 1000;

export class Outbound {
  private pending: Buffer[] = [];

  constructor(private readonly socket: net.Socket) {}

  /** True once nothing more can be written: the peer went away or the end was sent. */
  get closed(): boolean {
    return this.socket.destroyed || this.socket.writableEnded;
  }

  send(message: BackendMessage): void {
    if (!this.closed) this.pending.push(serializeBackend(message));
  }

  /** Messages already serialized (DataRow chunks of a batch). */
  sendSerialized(bytes: Buffer): void {
    if (!this.closed) this.pending.push(bytes);
  }

  refuseEncryption(): void {
    if (!this.closed) this.pending.push(REFUSE_ENCRYPTION);
  }

  /** Writes what is queued; resolves once the socket drained (or closed, so nobody waits forever). */
  flush(): Promise<void> {
    if (this.closed) {
      this.pending = [];
      return Promise.resolve();
    }
    if (this.pending.length > 0) {
      const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
      this.pending = [];
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
    const socket = this.socket;
    if (data) socket.write(data);
    socket.end(() => socket.destroy());
    setTimeout(() => socket.destroy(), END_GRACE_MS).unref();
  }
}
