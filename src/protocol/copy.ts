// COPY over the protocol. Out: CopyOutResponse, one CopyData per row in text, CSV or binary
// format (streamed batch by batch, written as the socket takes it), CopyDone. In: CopyInResponse,
// then the client's CopyData handed to the engine until CopyDone, or CopyFail (57014).

import { Batch } from '../common/batch.js';
import { QuarryError } from '../common/errors.js';
import { Schema } from '../common/types.js';
import { CopyFormat, StatementResult } from '../engine/types.js';
import { FrontendMessage } from './messages.js';
import { Outbound } from './outbound.js';
import { encodeBinaryCells } from './pg_binary.js';
import { TextFormatOptions, encodeTextCells } from './pg_types.js';

const BINARY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Streams a COPY … TO STDOUT; resolves to the number of rows sent. */
export async function sendCopyOut(
  result: Extract<StatementResult, { kind: 'copyOut' }>, out: Outbound, textFormat: TextFormatOptions, checkCanceled: () => void,
): Promise<number> {
  const { schema, format } = result;
  const binary = format.format === 'binary';
  out.send({ type: 'copyOutResponse', format: binary ? 1 : 0, columnFormats: schema.map(() => (binary ? 1 : 0)) });
  if (binary) {
    // Signature, flags (no OIDs), header extension length 0.
    out.send({ type: 'copyData', data: Buffer.concat([BINARY_SIGNATURE, Buffer.alloc(8)]) });
  } else if (format.header) {
    out.send({ type: 'copyData', data: Buffer.from(`${schema.map((f) => textField(f.name, format)).join(format.delimiter)}\n`) });
  }
  let rows = 0;
  for await (const batch of result.batches) {
    checkCanceled();
    for (const row of binary ? binaryRows(batch, schema) : textRows(batch, format, textFormat)) out.send({ type: 'copyData', data: row });
    rows += batch.numRows;
    await out.drain();
  }
  if (binary) out.send({ type: 'copyData', data: Buffer.from([0xff, 0xff]) });
  out.send({ type: 'copyDone' });
  return rows;
}

function* textRows(batch: Batch, format: CopyFormat, textFormat: TextFormatOptions): Generator<Buffer> {
  const columns = batch.columns.map((c) => encodeTextCells(c, textFormat).cells);
  for (let i = 0; i < batch.numRows; i++) {
    const fields = columns.map((cells) => {
      const cell = cells[i];
      if (cell === null) return format.null;
      const text = typeof cell === 'string' ? cell : cell.toString('utf8');
      return format.format === 'csv' ? csvField(text, format) : textField(text, format);
    });
    yield Buffer.from(`${fields.join(format.delimiter)}\n`, 'utf8');
  }
}

/** Text format: backslash escapes for the backslash, the delimiter and control characters. */
function textField(text: string, format: CopyFormat): string {
  if (format.format === 'csv') return csvField(text, format);
  let out = '';
  for (const c of text) {
    if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === format.delimiter) out += `\\${c}`;
    else out += c;
  }
  return out;
}

/** CSV: quoted when it holds the delimiter, a quote, a line break, or would read as NULL. */
function csvField(text: string, format: CopyFormat): string {
  const needsQuotes = text === format.null || text.includes(format.delimiter) || text.includes(format.quote)
    || text.includes('\n') || text.includes('\r') || text.startsWith('\\.');
  if (!needsQuotes) return text;
  const escaped = text.split(format.quote).join(format.escape + format.quote);
  return `${format.quote}${format.escape === format.quote ? escaped : escaped.split(format.escape).join(format.escape + format.escape)}${format.quote}`;
}

/** Binary tuples: field count, then each field's length (-1 for NULL) and Postgres binary value. */
function* binaryRows(batch: Batch, schema: Schema): Generator<Buffer> {
  const columns = batch.columns.map((c, i) => encodeBinaryCells(c, schema[i].pgType).cells);
  for (let i = 0; i < batch.numRows; i++) {
    const parts: Buffer[] = [];
    const count = Buffer.alloc(2);
    count.writeInt16BE(columns.length);
    parts.push(count);
    for (const cells of columns) {
      const cell = cells[i];
      const length = Buffer.alloc(4);
      if (cell === null) {
        length.writeInt32BE(-1);
        parts.push(length);
        continue;
      }
      const bytes = typeof cell === 'string' ? Buffer.from(cell, 'utf8') : cell;
      length.writeInt32BE(bytes.length);
      parts.push(length, bytes);
    }
    yield Buffer.concat(parts);
  }
}

/**
 * Runs a COPY … FROM STDIN: asks for the data and lets the engine read it. `nextMessage` pulls the
 * client's next message (undefined once the connection is gone). Flush and Sync may arrive
 * meanwhile from extended-protocol clients and are ignored, as Postgres does.
 */
export async function receiveCopyIn(
  result: Extract<StatementResult, { kind: 'copyIn' }>, out: Outbound, nextMessage: () => Promise<FrontendMessage | undefined>,
): Promise<number> {
  out.send({ type: 'copyInResponse', format: 0, columnFormats: result.schema.map(() => 0) });
  await out.flush();
  let finished = false;
  async function* data(): AsyncGenerator<Buffer> {
    for (;;) {
      const message = await nextMessage();
      if (message === undefined) throw new QuarryError('08006', 'connection lost during COPY');
      switch (message.type) {
        case 'copyData': yield message.data; break;
        case 'copyDone': finished = true; return;
        case 'copyFail': finished = true; throw new QuarryError('57014', `COPY from stdin failed: ${message.message}`);
        case 'flush': case 'sync': break;
        default:
          throw new QuarryError('08P01', `unexpected message type ${message.type} during COPY from stdin`);
      }
    }
  }
  const rows = await result.load(data());
  // The engine stops reading at the end-of-data marker (`\.`): what follows until CopyDone is dropped.
  if (!finished) for await (const _ of data()) { /* drain */ }
  return rows;
}
