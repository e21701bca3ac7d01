// Incremental framing of the client's byte stream into typed messages. Chunks arrive in any
// split; read() returns a whole message or undefined until one is complete. Lengths are checked
// from the header before any body is buffered, so an absurd length costs five bytes, not memory.
// Adding a message type means adding a decoder to FRONTEND_DECODERS.

import { QuarryError } from '../common/errors.js';
import { BodyReader, protocolViolation } from './body_reader.js';
import {
  CANCEL_REQUEST_CODE, FormatCode, FrontendMessage, GSSENC_REQUEST_CODE, SSL_REQUEST_CODE, StartupPacket,
  TypedFrontendMessage,
} from './messages.js';

export const DEFAULT_MAX_MESSAGE_LENGTH = 256 * 1024 * 1024;
/** Postgres's MAX_STARTUP_PACKET_LENGTH: a startup packet is a few parameters, never more. */
export const MAX_STARTUP_PACKET_LENGTH = 10_000;

export interface FrontendReaderOptions {
  /** Largest accepted typed message, its length field included. */
  readonly maxMessageLength?: number;
}

type Decoder = (body: BodyReader) => TypedFrontendMessage;

const code = (c: string) => c.charCodeAt(0);

function formatCode(body: BodyReader): FormatCode {
  const f = body.int16();
  if (f !== 0 && f !== 1) throw protocolViolation(`unsupported format code: ${f}`);
  return f;
}

function count(body: BodyReader): number {
  const n = body.int16();
  if (n < 0) throw protocolViolation('invalid count in message');
  return n;
}

function target(body: BodyReader, what: string): 'statement' | 'portal' {
  const kind = body.byte();
  if (kind === code('S')) return 'statement';
  if (kind === code('P')) return 'portal';
  throw protocolViolation(`invalid ${what} message subtype ${kind}`);
}

/** Decoders of typed messages by type byte; each must consume its body exactly. */
const FRONTEND_DECODERS = new Map<number, Decoder>([
  [code('Q'), (b) => { const sql = b.cstring(); b.end(); return { type: 'query', sql }; }],
  [code('X'), (b) => { b.end(); return { type: 'terminate' }; }],
  [code('p'), (b) => ({ type: 'authResponse', payload: b.rest() })],
  [code('P'), (b) => {
    const statement = b.cstring();
    const sql = b.cstring();
    const parameterTypes = Array.from({ length: count(b) }, () => b.int32() >>> 0);
    b.end();
    return { type: 'parse', statement, sql, parameterTypes };
  }],
  [code('B'), (b) => {
    const portal = b.cstring();
    const statement = b.cstring();
    const parameterFormats = Array.from({ length: count(b) }, () => formatCode(b));
    const parameters = Array.from({ length: count(b) }, () => {
      const n = b.int32();
      return n === -1 ? null : b.bytes(n);
    });
    const resultFormats = Array.from({ length: count(b) }, () => formatCode(b));
    b.end();
    return { type: 'bind', portal, statement, parameterFormats, parameters, resultFormats };
  }],
  [code('D'), (b) => { const t = target(b, 'Describe'); const name = b.cstring(); b.end(); return { type: 'describe', target: t, name }; }],
  [code('E'), (b) => { const portal = b.cstring(); const maxRows = b.int32(); b.end(); return { type: 'execute', portal, maxRows }; }],
  [code('C'), (b) => { const t = target(b, 'Close'); const name = b.cstring(); b.end(); return { type: 'close', target: t, name }; }],
  [code('S'), (b) => { b.end(); return { type: 'sync' }; }],
  [code('H'), (b) => { b.end(); return { type: 'flush' }; }],
  [code('d'), (b) => ({ type: 'copyData', data: b.rest() })],
  [code('c'), (b) => { b.end(); return { type: 'copyDone' }; }],
  [code('f'), (b) => { const message = b.cstring(); b.end(); return { type: 'copyFail', message }; }],
]);

const MESSAGE_NAMES: Record<string, string> = {
  Q: 'Query', X: 'Terminate', p: 'PasswordMessage', P: 'Parse', B: 'Bind', D: 'Describe', E: 'Execute', C: 'Close',
  S: 'Sync', H: 'Flush', d: 'CopyData', c: 'CopyDone', f: 'CopyFail',
};

const EMPTY = Buffer.alloc(0);

export class FrontendReader {
  private buffer: Buffer = EMPTY;
  private start = 0;
  private end = 0;
  /** Until a StartupMessage arrives, packets have no type byte. */
  private startupPhase = true;
  private failure: QuarryError | null = null;
  private readonly maxMessageLength: number;

  constructor(options: FrontendReaderOptions = {}) {
    this.maxMessageLength = options.maxMessageLength ?? DEFAULT_MAX_MESSAGE_LENGTH;
  }

  /** Bytes received but not yet returned as messages. */
  get bufferedBytes(): number {
    return this.end - this.start;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0 || this.failure) return;
    if (this.start === this.end) {
      // Nothing pending: read straight from the chunk, no copy.
      this.buffer = chunk;
      this.start = 0;
      this.end = chunk.length;
      return;
    }
    const pending = this.end - this.start;
    // Only buffers allocated here have spare room: a socket's chunk is always full.
    if (this.buffer.length - this.end >= chunk.length) {
      chunk.copy(this.buffer, this.end);
      this.end += chunk.length;
      return;
    }
    const next = Buffer.allocUnsafe(Math.max(pending + chunk.length, pending * 2, 16 * 1024));
    this.buffer.copy(next, 0, this.start, this.end);
    chunk.copy(next, pending);
    this.buffer = next;
    this.start = 0;
    this.end = pending + chunk.length;
  }

  /**
   * The next complete message, or undefined until more bytes arrive. Throws a QuarryError 08P01
   * on a malformed stream; the reader then stays failed, since framing is lost.
   */
  read(): FrontendMessage | undefined {
    if (this.failure) throw this.failure;
    try {
      const message = this.startupPhase ? this.readStartup() : this.readTyped();
      if (this.start === this.end) this.release();
      return message;
    } catch (e) {
      this.failure = e instanceof QuarryError ? e : protocolViolation(String(e));
      this.release();
      throw this.failure;
    }
  }

  private readStartup(): StartupPacket | undefined {
    if (this.end - this.start < 4) return undefined;
    const length = this.buffer.readInt32BE(this.start);
    if (length < 8 || length > MAX_STARTUP_PACKET_LENGTH) throw protocolViolation('invalid length of startup packet');
    if (this.end - this.start < length) return undefined;
    const body = new BodyReader(this.buffer.subarray(this.start + 4, this.start + length), 'startup');
    this.start += length;
    const requestCode = body.int32();
    switch (requestCode) {
      case SSL_REQUEST_CODE: return { type: 'sslRequest' };
      case GSSENC_REQUEST_CODE: return { type: 'gssEncRequest' };
      case CANCEL_REQUEST_CODE: {
        if (length !== 16) throw protocolViolation('invalid length of cancel request packet');
        return { type: 'cancelRequest', processId: body.int32(), secretKey: body.int32() };
      }
    }
    this.startupPhase = false;
    const parameters = new Map<string, string>();
    // Only version 3's parameter layout is known; the session rejects other versions.
    if (requestCode >>> 16 === 3) {
      for (;;) {
        if (body.remaining === 0) throw protocolViolation('invalid startup packet layout: expected terminator as last byte');
        const name = body.cstring();
        if (name === '') break;
        parameters.set(name, body.cstring());
      }
      body.end();
    }
    return { type: 'startup', protocolVersion: requestCode >>> 0, parameters };
  }

  private readTyped(): TypedFrontendMessage | undefined {
    if (this.end - this.start < 5) return undefined;
    const type = this.buffer[this.start];
    const length = this.buffer.readInt32BE(this.start + 1);
    if (length < 4 || length > this.maxMessageLength) {
      throw protocolViolation(`invalid message length ${length} for message type ${describeType(type)}`);
    }
    if (this.end - this.start < 1 + length) return undefined;
    const body = this.buffer.subarray(this.start + 5, this.start + 1 + length);
    this.start += 1 + length;
    const decode = FRONTEND_DECODERS.get(type);
    if (!decode) return { type: 'unknown', code: type };
    return decode(new BodyReader(body, MESSAGE_NAMES[String.fromCharCode(type)] ?? describeType(type)));
  }

  private release(): void {
    this.buffer = EMPTY;
    this.start = this.end = 0;
  }
}

/** A type byte for messages: the character when printable, else its number. */
export function describeType(type: number): string {
  return type >= 0x21 && type < 0x7f ? `"${String.fromCharCode(type)}"` : String(type);
}

/** The password of a cleartext PasswordMessage ('p' answering AuthenticationCleartextPassword). */
export function decodeCleartextPassword(payload: Buffer): string {
  const body = new BodyReader(payload, 'PasswordMessage');
  const password = body.cstring();
  body.end();
  return password;
}
