// Serializes backend messages into bytes. Pure functions of the message values: no socket here.

import { BackendMessage, ErrorFields, FieldDescription, TextCells } from './messages.js';

/** The one-byte answer to SSLRequest and GSSENCRequest: not supported, continue in plain text. */
export const REFUSE_ENCRYPTION = Buffer.from('N');

/** Builds one message: type byte, length placeholder, fields; the length is set when finished. */
class MessageBuilder {
  private buf: Buffer;
  private offset = 5;

  constructor(private readonly type: string, sizeHint = 64) {
    this.buf = Buffer.allocUnsafe(Math.max(sizeHint, 16));
  }

  byte(v: number): this {
    this.ensure(1);
    this.buf[this.offset++] = v;
    return this;
  }

  int16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.offset);
    this.offset += 2;
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v | 0, this.offset);
    this.offset += 4;
    return this;
  }

  /** A NUL-terminated string; an embedded NUL would end it early and break framing, so it goes. */
  cstring(s: string): this {
    if (s.includes('\0')) s = s.replaceAll('\0', '');
    const n = Buffer.byteLength(s);
    this.ensure(n + 1);
    this.buf.write(s, this.offset, n, 'utf8');
    this.offset += n;
    this.buf[this.offset++] = 0;
    return this;
  }

  bytes(b: Buffer): this {
    this.ensure(b.length);
    b.copy(this.buf, this.offset);
    this.offset += b.length;
    return this;
  }

  finish(): Buffer {
    this.buf[0] = this.type.charCodeAt(0);
    this.buf.writeInt32BE(this.offset - 1, 1);
    return this.buf.subarray(0, this.offset);
  }

  private ensure(n: number): void {
    if (this.offset + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.offset + n));
    this.buf.copy(next, 0, 0, this.offset);
    this.buf = next;
  }
}

export function serializeBackend(message: BackendMessage): Buffer {
  switch (message.type) {
    case 'authenticationOk': return new MessageBuilder('R').int32(0).finish();
    case 'authenticationCleartextPassword': return new MessageBuilder('R').int32(3).finish();
    case 'authenticationMD5Password': return new MessageBuilder('R').int32(5).bytes(message.salt).finish();
    case 'authenticationSASL': {
      const b = new MessageBuilder('R').int32(10);
      for (const mechanism of message.mechanisms) b.cstring(mechanism);
      return b.byte(0).finish();
    }
    case 'authenticationSASLContinue': return new MessageBuilder('R').int32(11).bytes(Buffer.from(message.data)).finish();
    case 'authenticationSASLFinal': return new MessageBuilder('R').int32(12).bytes(Buffer.from(message.data)).finish();
    case 'parameterStatus': return new MessageBuilder('S').cstring(message.name).cstring(message.value).finish();
    case 'backendKeyData': return new MessageBuilder('K').int32(message.processId).int32(message.secretKey).finish();
    case 'negotiateProtocolVersion': {
      const b = new MessageBuilder('v').int32(message.newestMinorVersion).int32(message.unrecognizedOptions.length);
      for (const option of message.unrecognizedOptions) b.cstring(option);
      return b.finish();
    }
    case 'readyForQuery': return new MessageBuilder('Z').byte(message.status.charCodeAt(0)).finish();
    case 'rowDescription': return rowDescription(message.fields);
    case 'dataRow': {
      const columns = message.values.map((v): TextCells => ({ cells: [v], ascii: false }));
      return serializeDataRows(columns, 1);
    }
    case 'dataRows': return serializeDataRows(message.columns, message.rowCount);
    case 'commandComplete': return new MessageBuilder('C').cstring(message.tag).finish();
    case 'emptyQueryResponse': return new MessageBuilder('I').finish();
    case 'parseComplete': return new MessageBuilder('1').finish();
    case 'bindComplete': return new MessageBuilder('2').finish();
    case 'closeComplete': return new MessageBuilder('3').finish();
    case 'noData': return new MessageBuilder('n').finish();
    case 'portalSuspended': return new MessageBuilder('s').finish();
    case 'copyInResponse': case 'copyOutResponse': {
      const b = new MessageBuilder(message.type === 'copyInResponse' ? 'G' : 'H').byte(message.format).int16(message.columnFormats.length);
      for (const f of message.columnFormats) b.int16(f);
      return b.finish();
    }
    case 'copyData': return new MessageBuilder('d', message.data.length).bytes(message.data).finish();
    case 'copyDone': return new MessageBuilder('c').finish();
    case 'parameterDescription': {
      const b = new MessageBuilder('t').int16(message.typeOids.length);
      for (const oid of message.typeOids) b.int32(oid);
      return b.finish();
    }
    case 'errorResponse': return errorFields(new MessageBuilder('E', 128), message.fields);
    case 'noticeResponse': return errorFields(new MessageBuilder('N', 128), message.fields);
  }
}

/** Several messages in one buffer: one socket write instead of many. */
export function serializeAll(messages: readonly BackendMessage[]): Buffer {
  return Buffer.concat(messages.map(serializeBackend));
}

function rowDescription(fields: readonly FieldDescription[]): Buffer {
  const b = new MessageBuilder('T', 7 + fields.length * 32).int16(fields.length);
  for (const f of fields) {
    b.cstring(f.name).int32(f.tableOid).int16(f.columnAttribute).int32(f.typeOid).int16(f.typeSize)
      .int32(f.typeModifier).int16(f.format);
  }
  return b.finish();
}

function errorFields(b: MessageBuilder, fields: ErrorFields): Buffer {
  const field = (code: string, value: string | undefined) => {
    if (value !== undefined) b.byte(code.charCodeAt(0)).cstring(value);
  };
  field('S', fields.severity);
  field('V', fields.severity);
  field('C', fields.code);
  field('M', fields.message);
  field('D', fields.detail);
  field('H', fields.hint);
  field('P', fields.position === undefined ? undefined : String(fields.position));
  field('W', fields.where);
  return b.byte(0).finish();
}

/** rowCount DataRow messages in one buffer. */
export function serializeDataRows(columns: readonly TextCells[], rowCount: number): Buffer {
  const chunks = [...dataRowChunks(columns, rowCount, Infinity)];
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

/** Keeps a batch of very wide rows from becoming one huge buffer. */
export const DATA_ROW_CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * DataRow messages of rowCount rows, in buffers of about maxBytes (a single larger row gets its
 * own). Sizes are computed first so each buffer is allocated once; ASCII columns skip the UTF-8
 * length scan.
 */
export function* dataRowChunks(
  columns: readonly TextCells[], rowCount: number, maxBytes = DATA_ROW_CHUNK_BYTES,
): Generator<Buffer> {
  const columnCount = columns.length;
  // Per row: type byte, length, column count; per cell: length and bytes.
  const rowSizes = new Float64Array(rowCount).fill(7 + 4 * columnCount);
  const lengths = columns.map((column) => {
    const out = new Int32Array(rowCount);
    const { cells, ascii } = column;
    for (let r = 0; r < rowCount; r++) {
      const cell = cells[r];
      let n: number;
      if (cell === null || cell === undefined) n = -1;
      else if (typeof cell === 'string') n = ascii ? cell.length : Buffer.byteLength(cell, 'utf8');
      else n = cell.length;
      out[r] = n;
      if (n > 0) rowSizes[r] += n;
    }
    return out;
  });
  let start = 0;
  while (start < rowCount) {
    let end = start;
    let total = 0;
    while (end < rowCount && (end === start || total + rowSizes[end] <= maxBytes)) total += rowSizes[end++];
    yield writeRows(columns, lengths, start, end, total);
    start = end;
  }
}

function writeRows(columns: readonly TextCells[], lengths: Int32Array[], start: number, end: number, total: number): Buffer {
  const columnCount = columns.length;
  const buf = Buffer.allocUnsafe(total);
  let offset = 0;
  for (let r = start; r < end; r++) {
    const rowStart = offset;
    buf[offset] = 0x44; // 'D'
    offset += 5;
    buf.writeInt16BE(columnCount, offset);
    offset += 2;
    for (let c = 0; c < columnCount; c++) {
      const n = lengths[c][r];
      buf.writeInt32BE(n, offset);
      offset += 4;
      if (n <= 0) continue;
      const cell = columns[c].cells[r]!;
      if (typeof cell === 'string') buf.write(cell, offset, n, columns[c].ascii ? 'latin1' : 'utf8');
      else cell.copy(buf, offset);
      offset += n;
    }
    buf.writeInt32BE(offset - rowStart - 1, rowStart + 1);
  }
  return buf;
}
