// JSON tables: JSON Lines (one object a line) or, with multiLine, a file holding one object or an
// array of them; Spark's parse modes; schema inference; and writing JSON Lines. Nested objects and
// arrays are kept as their JSON text until Quarry has struct and array types.

import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { BATCH_SIZE, Batch, makeBatch } from '../common/batch.js';
import { QuarryError } from '../common/errors.js';
import {
  BooleanType, DataType, DoubleType, Field, LongType, MAX_FAST_DECIMAL_PRECISION, MapType, StringType, typeToString,
} from '../common/types.js';
import { MapValue, Scalar, getScalar, vectorFromScalars } from '../common/vector.js';
import { parseTimeValueText, timeValueFileText } from '../common/time_values.js';
import { datetimeOptionParser } from './datetime_option.js';
import { decimalDigits, formatDate, formatDecimal, formatTimestamp, parseDate, parseDecimal, parseTimestamp } from '../common/values.js';
import { FileInput, displayNameOf, openFileStream } from './storage/file_storage.js';

export interface JsonOptions {
  readonly multiLine: boolean;
  readonly mode: 'PERMISSIVE' | 'DROPMALFORMED' | 'FAILFAST';
  /** dateFormat / timestampFormat: text in these patterns rewritten to ISO before parsing. */
  readonly dateFormat?: (text: string) => string | null;
  readonly timestampFormat?: (text: string) => string | null;
}

export function jsonOptions(options: Readonly<Record<string, string>>): JsonOptions {
  const get = (name: string) => Object.entries(options).find(([k]) => k.toLowerCase() === name)?.[1];
  const mode = (get('mode') ?? 'PERMISSIVE').toUpperCase() as JsonOptions['mode'];
  const dateFormat = get('dateformat'), timestampFormat = get('timestampformat');
  return {
    multiLine: get('multiline')?.toLowerCase() === 'true', mode,
    ...(dateFormat !== undefined ? { dateFormat: datetimeOptionParser(dateFormat, 'dateFormat') } : {}),
    ...(timestampFormat !== undefined ? { timestampFormat: datetimeOptionParser(timestampFormat, 'timestampFormat') } : {}),
  };
}

const CORRUPT_RECORD = '_corrupt_record';

/** Each JSON record of a file with the line it starts on; a record that does not parse is an Error. */
async function* records(file: FileInput, options: JsonOptions): AsyncGenerator<{ value: unknown; text: string; line: number }> {
  let stream: NodeJS.ReadableStream = openFileStream(file);
  if (displayNameOf(file).endsWith('.gz')) stream = stream.pipe(zlib.createGunzip());
  if (options.multiLine) {
    let text = '';
    for await (const chunk of stream as AsyncIterable<Buffer>) text += chunk.toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      yield { value: e as Error, text, line: 1 };
      return;
    }
    for (const v of Array.isArray(value) ? value : [value]) yield { value: v, text: JSON.stringify(v), line: 1 };
    return;
  }
  let line = 0;
  for await (const text of readline.createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      value = e as Error;
    }
    // A line holding an array is several records, as Spark reads it.
    for (const v of Array.isArray(value) ? value : [value]) yield { value: v, text, line };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Error);

/** Spark's JSON inference over a sample: long for integers, double, boolean, string; nested → string. */
export async function jsonFileSchema(path: FileInput, options: JsonOptions, sample = 1000): Promise<Field[]> {
  const types = new Map<string, DataType | null>();
  let seen = 0;
  for await (const record of records(path, options)) {
    if (!isObject(record.value)) continue;
    for (const [key, value] of Object.entries(record.value)) types.set(key, widen(types.get(key) ?? null, typeOfJson(value)));
    if (++seen >= sample) break;
  }
  return [...types.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([name, type]) => ({ name, type: type ?? StringType, nullable: true }));
}

function typeOfJson(value: unknown): DataType | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return BooleanType;
  if (typeof value === 'number') return Number.isInteger(value) ? LongType : DoubleType;
  return StringType;
}

function widen(a: DataType | null, b: DataType | null): DataType | null {
  if (a === null) return b;
  if (b === null || a.kind === b.kind) return a;
  if ((a.kind === 'bigint' && b.kind === 'double') || (a.kind === 'double' && b.kind === 'bigint')) return DoubleType;
  return StringType;
}

/** A JSON value as a value of `type`; undefined when it does not fit (a malformed field). */
function convert(value: unknown, type: DataType, options?: JsonOptions): Scalar | undefined {
  if (value === null || value === undefined) return null;
  if (type.kind === 'string') return typeof value === 'string' ? value : JSON.stringify(value);
  if (type.kind === 'map') return isObject(value) ? convertMap(value as Record<string, unknown>, type, options) : undefined;
  if (typeof value === 'object') return undefined;
  const text = String(value);
  switch (type.kind) {
    case 'boolean': return typeof value === 'boolean' ? value : undefined;
    case 'tinyint': case 'smallint': case 'int': case 'bigint': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
      const limit = type.kind === 'int' ? 2 ** 31 : type.kind === 'smallint' ? 2 ** 15 : type.kind === 'tinyint' ? 2 ** 7 : 2 ** 63;
      return value >= -limit && value < limit ? value : undefined;
    }
    case 'float': case 'double': return typeof value === 'number' ? value : undefined;
    case 'decimal': {
      const unscaled = parseDecimal(text, type.scale);
      if (unscaled === null || decimalDigits(unscaled) > type.precision) return undefined;
      return type.precision <= MAX_FAST_DECIMAL_PRECISION ? Number(unscaled) : unscaled;
    }
    case 'date': {
      const iso = options?.dateFormat ? options.dateFormat(text)?.slice(0, 10) : text;
      return iso ? parseDate(iso) ?? undefined : undefined;
    }
    case 'timestamp': case 'timestamp_ntz': {
      const iso = options?.timestampFormat ? options.timestampFormat(text) : text;
      return iso ? parseTimestamp(iso) ?? undefined : undefined;
    }
    case 'time': case 'timestamp_ntz_nanos': case 'timestamp_ltz_nanos': return parseTimeValueText(text, type) ?? undefined;
    default: return undefined;
  }
}

/** A JSON object as a map: member names read as the key type (`"1"` → 1), values as the value type. */
function convertMap(object: Record<string, unknown>, type: MapType, options?: JsonOptions): MapValue | undefined {
  const keys: Scalar[] = [], values: Scalar[] = [];
  for (const [name, member] of Object.entries(object)) {
    let key: Scalar | undefined = name;
    if (type.key.kind !== 'string') {
      try { key = convert(JSON.parse(name), type.key, options); } catch { key = convert(name, type.key, options); }
    }
    const value = convert(member, type.value, options);
    if (key === undefined || key === null || value === undefined) return undefined;
    keys.push(key);
    values.push(value);
  }
  return new MapValue(keys, values);
}

export async function* readJsonFile(path: FileInput, columns: readonly Field[], options: JsonOptions): AsyncGenerator<Batch> {
  let rows: Scalar[][] = [];
  const flush = (): Batch => {
    const batch = makeBatch(columns, columns.map((f, c) => vectorFromScalars(f.type, rows.map((r) => r[c]))), rows.length);
    rows = [];
    return batch;
  };
  for await (const record of records(path, options)) {
    let malformed = !isObject(record.value);
    const object = malformed ? {} : (record.value as Record<string, unknown>);
    const row = columns.map((f) => {
      if (f.name === CORRUPT_RECORD) return null;
      const key = f.name in object ? f.name : Object.keys(object).find((k) => k.toLowerCase() === f.name.toLowerCase());
      const value = convert(key === undefined ? null : object[key], f.type, options);
      if (value === undefined) {
        malformed = true;
        return null;
      }
      return value;
    });
    if (malformed) {
      if (options.mode === 'FAILFAST') {
        throw new QuarryError('22000', `[MALFORMED_RECORD_IN_PARSING] Malformed JSON record at line ${record.line} of ${path}. Parse mode: FAILFAST.`);
      }
      if (options.mode === 'DROPMALFORMED') continue;
      // PERMISSIVE: the record's text goes to _corrupt_record when the schema has that column.
      const corrupt = columns.findIndex((f) => f.name === CORRUPT_RECORD);
      if (corrupt >= 0) row[corrupt] = record.text;
    }
    rows.push(row);
    if (rows.length >= BATCH_SIZE) yield flush();
  }
  if (rows.length > 0) yield flush();
}

/** JSON Lines, NULL fields left out, as Spark writes them. */
export async function writeJsonFile(path: string, schema: readonly Field[], batches: readonly Batch[]): Promise<void> {
  const lines: string[] = [];
  for (const batch of batches) {
    for (let i = 0; i < batch.numRows; i++) {
      const fields: string[] = [];
      batch.columns.forEach((c, k) => {
        const value = getScalar(c, i);
        if (value !== null) fields.push(`${JSON.stringify(schema[k].name)}:${jsonValue(value, schema[k].type)}`);
      });
      lines.push(`{${fields.join(',')}}`);
    }
  }
  await fs.promises.writeFile(path, lines.length > 0 ? `${lines.join('\n')}\n` : '');
}

function jsonValue(value: Scalar, type: DataType): string {
  switch (type.kind) {
    case 'decimal': return formatDecimal(value as number | bigint, type.scale);
    case 'bigint': return String(value);
    case 'date': return JSON.stringify(formatDate(value as number));
    case 'timestamp': return JSON.stringify(`${formatTimestamp(value as number).replace(' ', 'T')}Z`);
    case 'timestamp_ntz': return JSON.stringify(formatTimestamp(value as number).replace(' ', 'T'));
    case 'binary': return JSON.stringify(Buffer.from(value as Uint8Array).toString('base64'));
    case 'double': case 'float': return Number.isFinite(value as number) ? String(value) : JSON.stringify(String(value));
    case 'map': {
      // Member names are the keys' text (`{"1":"a"}`), as Spark's JSON writer has them.
      const m = value as MapValue;
      const name = (k: Scalar) => { const text = jsonValue(k, type.key); return text.startsWith('"') ? text : JSON.stringify(text); };
      return `{${m.keys.map((k, i) => `${name(k)}:${m.values[i] === null ? 'null' : jsonValue(m.values[i], type.value)}`).join(',')}}`;
    }
    default:
      if (timeValueFileText(value, type) !== undefined) return JSON.stringify(timeValueFileText(value, type));
      if (type.kind === 'interval_ym' || type.kind === 'interval_dt') throw new QuarryError('0A000', `Columns of type ${typeToString(type)} cannot be written to JSON.`);
      return JSON.stringify(value);
  }
}

