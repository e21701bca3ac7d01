// COPY … FROM STDIN: Postgres's text and CSV formats read from the client's CopyData stream,
// converted to the table's column types and written through the same staged, atomic writer as
// INSERT. A bad row fails the whole COPY with its line number; nothing of it is added.

import { Catalog, TableMetadata, writeTableData } from '../catalog/index.js';
import { BATCH_SIZE, Batch } from '../common/batch.js';
import { QuarryError, SqlState } from '../common/errors.js';
import { pgTypeOf } from '../common/postgres_types.js';
import { DataType, Field, StringType } from '../common/types.js';
import { Scalar, vectorFromScalars } from '../common/vector.js';
import { ExecutionContext } from '../exec/context.js';
import { castScalar } from '../exec/expressions/cast.js';

export interface CopyFormat {
  readonly format: 'text' | 'csv' | 'binary';
  readonly header: boolean;
  readonly delimiter: string;
  /** The text that stands for NULL: `\N` in text format, an unquoted empty field in CSV. */
  readonly null: string;
  readonly quote: string;
  readonly escape: string;
}

/** A COPY's format from its options, with Postgres's defaults. */
export function copyFormat(options: { format?: 'text' | 'csv' | 'binary'; header?: boolean; delimiter?: string; null?: string; quote?: string; escape?: string }): CopyFormat {
  const format = options.format ?? 'text';
  const csv = format === 'csv';
  const delimiter = options.delimiter ?? (csv ? ',' : '\t');
  const quote = options.quote ?? '"';
  if (delimiter.length !== 1) throw new QuarryError('22023', 'COPY delimiter must be a single one-byte character');
  if (quote.length !== 1) throw new QuarryError('22023', 'COPY quote must be a single one-byte character');
  return { format, header: options.header ?? false, delimiter, null: options.null ?? (csv ? '' : '\\N'), quote, escape: options.escape ?? quote };
}

/** Reads rows from `data` into `columns` of `table` (the others NULL); resolves to the row count. */
export async function copyFrom(
  catalog: Catalog, table: TableMetadata, columns: readonly Field[], format: CopyFormat, data: AsyncIterable<Buffer>, ctx: ExecutionContext,
): Promise<number> {
  if (format.format === 'binary') throw new QuarryError(SqlState.featureNotSupported, 'COPY FROM in binary format is not supported (use text or csv)');
  const positions = table.columns.map((c) => columns.findIndex((f) => f.name === c.name));
  const records = format.format === 'csv' ? csvRecords(data, format) : textRecords(data, format);
  const rows = await writeTableData(catalog, table, batches(records, table, columns, positions, format, ctx), { overwrite: false, signal: ctx.signal });
  catalog.tableCache.invalidate(table.location);
  return rows;
}

interface CopyRecord {
  readonly line: number;
  /** Fields as read; null for the NULL marker. */
  readonly fields: readonly (string | null)[];
}

async function* batches(
  records: AsyncIterable<CopyRecord>, table: TableMetadata, columns: readonly Field[], positions: readonly number[],
  format: CopyFormat, ctx: ExecutionContext,
): AsyncGenerator<Batch> {
  let rows: Scalar[][] = columns.map(() => []);
  let count = 0;
  const flush = (): Batch => {
    const vectors = table.columns.map((c, i) => vectorFromScalars(c.type, positions[i] < 0 ? new Array(count).fill(null) : rows[positions[i]]));
    const batch = { schema: table.columns, columns: vectors, numRows: count };
    rows = columns.map(() => []);
    count = 0;
    return batch;
  };
  let skipHeader = format.header;
  for await (const record of records) {
    if (skipHeader) { skipHeader = false; continue; }
    const where = (column?: string, value?: string | null) =>
      `COPY ${table.name}, line ${record.line}${column ? `, column ${column}` : ''}${value !== undefined && value !== null ? `: "${value}"` : ''}`;
    if (record.fields.length > columns.length) throw new QuarryError('22P04', 'extra data after last expected column', undefined, undefined, where());
    if (record.fields.length < columns.length) {
      throw new QuarryError('22P04', `missing data for column "${columns[record.fields.length].name}"`, undefined, undefined, where());
    }
    // A NOT NULL column the column list leaves out would be NULL on every row.
    const unlisted = table.columns.find((c, i) => positions[i] < 0 && !c.nullable);
    if (unlisted) throw new QuarryError('23502', `null value in column "${unlisted.name}" of relation "${table.name}" violates not-null constraint`, undefined, undefined, where());
    columns.forEach((column, i) => {
      const text = record.fields[i];
      if (text === null) {
        if (!column.nullable) {
          throw new QuarryError('23502', `null value in column "${column.name}" of relation "${table.name}" violates not-null constraint`, undefined, undefined, where());
        }
        rows[i].push(null);
        return;
      }
      try {
        rows[i].push(readValue(text, column.type, ctx));
      } catch (e) {
        if (!(e instanceof QuarryError)) throw e;
        const invalid = e.sqlState === '22018' || e.sqlState === '22007' || e.sqlState === '22008';
        const message = invalid ? `invalid input syntax for type ${pgTypeOf(column.type).sqlName}: "${text}"` : e.message;
        throw new QuarryError(invalid ? '22P02' : e.sqlState, message, undefined, undefined, where(column.name, text));
      }
    });
    if (++count === BATCH_SIZE) yield flush();
  }
  if (count > 0) yield flush();
}

/** A field's value: Postgres's text forms where Spark's cast reads them differently (bytea's \x hex). */
function readValue(text: string, type: DataType, ctx: ExecutionContext): Scalar {
  if (type.kind === 'binary' && text.startsWith('\\x')) {
    const hex = text.slice(2);
    if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new QuarryError('22018', 'invalid hexadecimal data');
    return Uint8Array.from(Buffer.from(hex, 'hex'));
  }
  return castScalar(text, StringType, type, ctx);
}

/** The stream as text, decoded across chunk boundaries. */
async function* decoded(data: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of data) yield decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  } catch (e) {
    if (e instanceof TypeError) throw new QuarryError('22021', 'invalid byte sequence for encoding "UTF8"');
    throw e;
  }
}

/** Text format: a line per row, fields split at the delimiter, backslash escapes, `\.` ends the data. */
async function* textRecords(data: AsyncIterable<Buffer>, format: CopyFormat): AsyncGenerator<CopyRecord> {
  let pending = '';
  let line = 0;
  for await (const text of decoded(data)) {
    pending += text;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const raw = pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      line++;
      if (raw === '\\.') return;
      yield { line, fields: splitTextLine(raw, format) };
    }
  }
  if (pending !== '' && pending !== '\\.') yield { line: line + 1, fields: splitTextLine(pending.replace(/\r$/, ''), format) };
}

const TEXT_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function splitTextLine(raw: string, format: CopyFormat): (string | null)[] {
  const fields: (string | null)[] = [];
  let field = '', rawField = '';
  for (let i = 0; i <= raw.length; i++) {
    const c = raw[i];
    if (i === raw.length || c === format.delimiter) {
      // The NULL marker is matched before escapes are processed, as Postgres does.
      fields.push(rawField === format.null ? null : field);
      field = '';
      rawField = '';
      continue;
    }
    rawField += c;
    if (c !== '\\' || i + 1 === raw.length) { field += c; continue; }
    const next = raw[++i];
    rawField += next;
    if (next in TEXT_ESCAPES) field += TEXT_ESCAPES[next];
    else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(raw.slice(i))![0];
      field += String.fromCharCode(parseInt(octal, 8));
      rawField += raw.slice(i + 1, i + octal.length);
      i += octal.length - 1;
    } else if (next === 'x' && /^[0-9a-fA-F]/.test(raw[i + 1] ?? '')) {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(raw.slice(i + 1))![0];
      field += String.fromCharCode(parseInt(hex, 16));
      rawField += hex;
      i += hex.length;
    } else field += next;
  }
  return fields;
}

/** CSV: quoted fields may hold delimiters, quotes (escaped) and newlines; an unquoted NULL string is NULL. */
async function* csvRecords(data: AsyncIterable<Buffer>, format: CopyFormat): AsyncGenerator<CopyRecord> {
  let fields: (string | null)[] = [];
  let field = '';
  let quoted = false, inQuotes = false;
  let line = 1, recordLine = 1;
  let carry = '';
  const endField = () => {
    fields.push(!quoted && field === format.null ? null : field);
    field = '';
    quoted = false;
  };
  const endRecord = (): CopyRecord | 'end' | undefined => {
    const blank = fields.length === 0 && field === '' && !quoted;
    if (blank) return undefined;
    endField();
    const record = fields;
    fields = [];
    return record.length === 1 && record[0] === '\\.' ? 'end' : { line: recordLine, fields: record };
  };
  for await (const chunk of decoded(data)) {
    const text = carry + chunk;
    carry = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inQuotes) {
        // A quote or escape at a chunk's end needs the next character: wait for it.
        if (i === text.length - 1 && (c === format.quote || c === format.escape)) { carry = c; break; }
        const next = text[i + 1];
        if (c === format.escape && (next === format.quote || (next === format.escape && format.escape !== format.quote))) {
          field += next;
          i++;
        } else if (c === format.quote) inQuotes = false;
        else {
          if (c === '\n') line++;
          field += c;
        }
        continue;
      }
      if (c === format.delimiter) endField();
      else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        const record = endRecord();
        if (record === 'end') return;
        if (record) yield record;
        line++;
        recordLine = line;
      } else if (c === format.quote && field === '' && !quoted) {
        inQuotes = true;
        quoted = true;
      } else field += c;
    }
  }
  if (carry === format.quote) inQuotes = false;
  if (inQuotes) throw new QuarryError('22P04', 'unterminated CSV quoted field', undefined, undefined, `COPY, line ${recordLine}`);
  const record = endRecord();
  if (record && record !== 'end') yield record;
}
