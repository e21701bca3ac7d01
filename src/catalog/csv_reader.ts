// Reading CSV files with Spark's options: header, sep/delimiter, quote, escape, nullValue,
// inferSchema, mode (PERMISSIVE, DROPMALFORMED, FAILFAST), comment, and gzip by file extension.
// Files are streamed record by record into batches; a quoted field may span lines.

import { datetimeOptionParser } from './datetime_option.js';
import zlib from 'node:zlib';
import { BATCH_SIZE, Batch, makeBatch } from '../common/batch.js';
import { QuarryError, SqlState } from '../common/errors.js';
import { TimeZone } from '../common/time_zone.js';
import {
  BooleanType, DataType, DateType, DoubleType, Field, IntegerType, LongType, MAX_FAST_DECIMAL_PRECISION, StringType,
  TimestampType, typeToString,
} from '../common/types.js';
import { Scalar, vectorFromScalars } from '../common/vector.js';
import { FileInput, displayNameOf, openFileStream } from './storage/file_storage.js';
import { decimalDigits, parseDate, parseDecimal, parseTimestamp } from '../common/values.js';
import { parseTimeValueText } from '../common/time_values.js';

export interface CsvOptions {
  readonly header: boolean;
  readonly separator: string;
  readonly quote: string;
  readonly escape: string;
  readonly nullValue: string;
  readonly comment: string | null;
  readonly mode: 'PERMISSIVE' | 'DROPMALFORMED' | 'FAILFAST';
  readonly inferSchema: boolean;
  /** dateFormat / timestampFormat: text in these patterns rewritten to ISO before parsing. */
  readonly dateFormat?: (text: string) => string | null;
  readonly timestampFormat?: (text: string) => string | null;
}

/** Spark's option names (case-insensitive) → options, with Spark's defaults. */
export function csvOptions(options: Readonly<Record<string, string>>): CsvOptions {
  const get = (...names: string[]) => {
    for (const [k, v] of Object.entries(options)) if (names.includes(k.toLowerCase())) return v;
    return undefined;
  };
  const mode = (get('mode') ?? 'PERMISSIVE').toUpperCase();
  if (mode !== 'PERMISSIVE' && mode !== 'DROPMALFORMED' && mode !== 'FAILFAST') {
    throw new QuarryError(SqlState.invalidParameterValue, `[INVALID_OPTION] CSV mode must be PERMISSIVE, DROPMALFORMED or FAILFAST, not '${mode}'.`);
  }
  const separator = unescapeOption(get('sep', 'delimiter') ?? ',');
  if (separator.length !== 1) throw new QuarryError(SqlState.invalidParameterValue, `[INVALID_OPTION] The CSV separator must be one character, not '${separator}'.`);
  return {
    header: get('header')?.toLowerCase() === 'true',
    separator,
    quote: get('quote') ?? '"',
    escape: get('escape') ?? '\\',
    nullValue: get('nullvalue') ?? '',
    comment: get('comment') ?? null,
    mode,
    inferSchema: get('inferschema')?.toLowerCase() === 'true',
    ...formatOption('dateFormat', get('dateformat')),
    ...formatOption('timestampFormat', get('timestampformat')),
  };
}

const CORRUPT_RECORD = '_corrupt_record';

const unescapeOption = (s: string) => (s === '\\t' ? '\t' : s);

function formatOption(name: 'dateFormat' | 'timestampFormat', pattern: string | undefined): Partial<CsvOptions> {
  return pattern === undefined ? {} : { [name]: datetimeOptionParser(pattern, name) };
}

/** Records of a CSV file, streamed: each record is its fields and the line it started on. */
async function* records(file: FileInput, options: CsvOptions, signal?: AbortSignal): AsyncGenerator<{ fields: string[]; quoted: boolean[]; line: number; text: string }> {
  let stream: NodeJS.ReadableStream = openFileStream(file);
  if (displayNameOf(file).endsWith('.gz')) stream = stream.pipe(zlib.createGunzip());
  const { separator, quote, escape } = options;
  let fields: string[] = [], quoted: boolean[] = [];
  let field = '', inQuotes = false, wasQuoted = false, atFieldStart = true;
  let line = 1, recordLine = 1;
  let pendingCarriageReturn = false;
  // The record as written, for _corrupt_record.
  let raw = '';
  const endField = () => {
    fields.push(field);
    quoted.push(wasQuoted);
    field = '';
    wasQuoted = false;
    atFieldStart = true;
  };
  const endRecord = () => {
    endField();
    const record = { fields, quoted, line: recordLine, text: raw };
    fields = [];
    quoted = [];
    raw = '';
    return record;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (signal?.aborted) return;
    const text = chunk.toString('utf8');
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (pendingCarriageReturn) {
        pendingCarriageReturn = false;
        if (c === '\n') continue;
      }
      if (inQuotes || (c !== '\n' && c !== '\r')) raw += c;
      if (inQuotes) {
        if (c === escape && escape !== quote && text[i + 1] === quote) { field += quote; raw += quote; i++; continue; }
        if (c === quote) {
          if (text[i + 1] === quote) { field += quote; raw += quote; i++; continue; }
          inQuotes = false;
          continue;
        }
        if (c === '\n') line++;
        field += c;
        continue;
      }
      if (c === quote && atFieldStart) { inQuotes = true; wasQuoted = true; atFieldStart = false; continue; }
      if (c === separator) { endField(); continue; }
      if (c === '\n' || c === '\r') {
        pendingCarriageReturn = c === '\r';
        const record = endRecord();
        recordLine = ++line;
        if (!(record.fields.length === 1 && record.fields[0] === '' && !record.quoted[0])) yield record;
        continue;
      }
      atFieldStart = false;
      field += c;
    }
  }
  if (field !== '' || fields.length > 0 || wasQuoted) yield endRecord();
}

/** Column names and first rows of a CSV file (for the header and schema inference). */
export async function csvSample(path: FileInput, options: CsvOptions, rows = 1000): Promise<{ names: string[]; sample: string[][] }> {
  const sample: string[][] = [];
  let names: string[] | null = null;
  for await (const r of records(path, options)) {
    if (options.comment && r.fields[0]?.startsWith(options.comment)) continue;
    if (names === null) {
      // A header cell left empty names its column as Spark does: _c<index>.
      names = options.header ? r.fields.map((f, i) => f.trim() || `_c${i}`) : r.fields.map((_, i) => `_c${i}`);
      if (options.header) continue;
    }
    sample.push(r.fields);
    if (sample.length >= rows) break;
  }
  return { names: names ?? [], sample };
}

/** Spark's CSV type inference over sampled values: int, bigint, double, boolean, date, timestamp, string. */
export function inferCsvType(values: readonly string[], nullValue: string): DataType {
  const present = values.filter((v) => v !== nullValue && v !== '');
  if (present.length === 0) return StringType;
  if (present.every((v) => /^[+-]?\d+$/.test(v))) {
    return present.every((v) => Math.abs(Number(v)) <= 2147483647) ? IntegerType : LongType;
  }
  if (present.every((v) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) || /^(NaN|[+-]?Infinity)$/.test(v))) return DoubleType;
  if (present.every((v) => /^(true|false)$/i.test(v))) return BooleanType;
  if (present.every((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && parseDate(v) !== null)) return DateType;
  if (present.every((v) => parseTimestamp(v) !== null)) return TimestampType;
  return StringType;
}

/** A field's text as a value of `type`; undefined when it does not parse (a malformed field). */
function parseField(text: string, type: DataType, timeZone: TimeZone, csv?: CsvOptions): Scalar | undefined {
  if (type.kind === 'date' && csv?.dateFormat) {
    const iso = csv.dateFormat(text);
    return iso === null ? undefined : parseDate(iso.slice(0, 10)) ?? undefined;
  }
  if ((type.kind === 'timestamp' || type.kind === 'timestamp_ntz') && csv?.timestampFormat) {
    const iso = csv.timestampFormat(text);
    return iso === null ? undefined : parseTimestamp(iso, type.kind === 'timestamp' ? timeZone : TimeZone.UTC) ?? undefined;
  }
  switch (type.kind) {
    case 'string': return text;
    case 'tinyint': case 'smallint': case 'int': case 'bigint': {
      const t = text.trim();
      if (!/^[+-]?\d+$/.test(t)) return undefined;
      const n = Number(t);
      if (type.kind === 'bigint') return Number.isSafeInteger(n) ? n : BigInt(t);
      const limit = type.kind === 'int' ? 2147483647 : type.kind === 'smallint' ? 32767 : 127;
      return n > limit || n < -limit - 1 ? undefined : n;
    }
    case 'float': case 'double': {
      const t = text.trim();
      if (/^(NaN|[+-]?Inf(inity)?)$/i.test(t)) return t.toLowerCase() === 'nan' ? NaN : t.startsWith('-') ? -Infinity : Infinity;
      const n = Number(t);
      return t === '' || Number.isNaN(n) ? undefined : type.kind === 'float' ? Math.fround(n) : n;
    }
    case 'decimal': {
      const unscaled = parseDecimal(text, type.scale);
      if (unscaled === null || decimalDigits(unscaled) > type.precision) return undefined;
      return type.precision <= MAX_FAST_DECIMAL_PRECISION ? Number(unscaled) : unscaled;
    }
    case 'boolean': {
      const t = text.trim().toLowerCase();
      return t === 'true' ? true : t === 'false' ? false : undefined;
    }
    case 'date': return parseDate(text) ?? undefined;
    case 'timestamp': return parseTimestamp(text, timeZone) ?? undefined;
    case 'timestamp_ntz': return parseTimestamp(text) ?? undefined;
    case 'binary': return new TextEncoder().encode(text);
    case 'null': return null;
    case 'interval_ym': case 'interval_dt': return undefined;
    case 'time': case 'timestamp_ntz_nanos': case 'timestamp_ltz_nanos': return parseTimeValueText(text, type, timeZone) ?? undefined;
  }
}

export interface CsvReadOptions {
  /** The file's columns in order (the table schema without partition columns). */
  readonly fileColumns: readonly Field[];
  /** Which of them to return, in this order. */
  readonly columns: readonly Field[];
  readonly csv: CsvOptions;
  readonly timeZone?: TimeZone;
  readonly signal?: AbortSignal;
}

export async function* readCsvFile(file: FileInput, options: CsvReadOptions): AsyncGenerator<Batch> {
  const path = displayNameOf(file);
  const { csv } = options;
  // PERMISSIVE mode puts a malformed record's text in a string column named _corrupt_record, which is not in the file.
  const isCorruptColumn = (f: Field) => f.name.toLowerCase() === CORRUPT_RECORD && f.type.kind === 'string';
  const fileColumns = options.fileColumns.filter((c) => !isCorruptColumn(c));
  const wanted = options.columns.map((f) => fileColumns.findIndex((c) => c.name.toLowerCase() === f.name.toLowerCase()));
  const corruptIndex = options.columns.findIndex(isCorruptColumn);
  let rows: Scalar[][] = [];
  let headerSkipped = !csv.header;
  const flush = (): Batch => {
    const batch = makeBatch(options.columns, options.columns.map((f, c) => vectorFromScalars(f.type, rows.map((r) => r[c]))), rows.length);
    rows = [];
    return batch;
  };
  for await (const record of records(file, csv, options.signal)) {
    if (!headerSkipped) { headerSkipped = true; continue; }
    if (csv.comment && record.fields[0]?.startsWith(csv.comment)) continue;
    let malformed = record.fields.length !== fileColumns.length;
    const row: Scalar[] = wanted.map((index) => {
      if (index < 0 || index >= record.fields.length) return null;
      const text = record.fields[index];
      if (text === csv.nullValue && !record.quoted[index]) return null;
      const value = parseField(text, fileColumns[index].type, options.timeZone ?? TimeZone.UTC, csv);
      if (value === undefined) {
        malformed = true;
        if (csv.mode === 'FAILFAST') {
          throw new QuarryError('22000',
            `[MALFORMED_RECORD_IN_PARSING] Malformed CSV record at line ${record.line} of ${path}: '${text}' is not a valid ${typeToString(fileColumns[index].type)} for column \`${fileColumns[index].name}\`. Parse mode: FAILFAST.`);
        }
        return null;
      }
      return value;
    });
    if (malformed && csv.mode === 'FAILFAST') {
      throw new QuarryError('22000',
        `[MALFORMED_RECORD_IN_PARSING] Malformed CSV record at line ${record.line} of ${path}: ${record.fields.length} fields where the schema has ${fileColumns.length}. Parse mode: FAILFAST.`);
    }
    if (malformed && csv.mode === 'DROPMALFORMED') continue;
    if (malformed && corruptIndex >= 0) row[corruptIndex] = record.text;
    rows.push(row);
    if (rows.length >= BATCH_SIZE) yield flush();
  }
  if (rows.length > 0) yield flush();
}
