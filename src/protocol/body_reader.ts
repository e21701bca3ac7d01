// A cursor over one framed message body. Every read is bounds-checked: a body that ends early or
// runs past its declared length is a protocol violation, never an out-of-range read.

import { QuarryError, SqlState } from '../common/errors.js';

export const protocolViolation = (message: string) => new QuarryError(SqlState.protocolViolation, message);

export class BodyReader {
  private offset = 0;

  constructor(private readonly body: Buffer, private readonly what: string) {}

  get remaining(): number {
    return this.body.length - this.offset;
  }

  int16(): number {
    this.need(2);
    const v = this.body.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.body.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  byte(): number {
    this.need(1);
    return this.body[this.offset++];
  }

  /** A NUL-terminated UTF-8 string. */
  cstring(): string {
    const end = this.body.indexOf(0, this.offset);
    if (end < 0) throw protocolViolation(`invalid string in ${this.what} message`);
    const s = this.body.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return s;
  }

  /** n bytes, copied so the value outlives the reader's receive buffer. */
  bytes(n: number): Buffer {
    if (n < 0) throw protocolViolation(`invalid length in ${this.what} message`);
    this.need(n);
    const out = Buffer.from(this.body.subarray(this.offset, this.offset + n));
    this.offset += n;
    return out;
  }

  rest(): Buffer {
    return this.bytes(this.remaining);
  }

  /** Postgres rejects trailing bytes after a message's fields (pq_getmsgend). */
  end(): void {
    if (this.offset !== this.body.length) throw protocolViolation(`invalid ${this.what} message format`);
  }

  private need(n: number): void {
    if (this.offset + n > this.body.length) throw protocolViolation(`invalid ${this.what} message format`);
  }
}
