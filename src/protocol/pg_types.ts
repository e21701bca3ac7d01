// Whole vectors in Postgres's text output format, so clients parse values with their stock
// Postgres type handlers; the type mapping itself is common/postgres_types.ts.

import { pgTypeOfField } from '../common/postgres_types.js';
import { Schema } from '../common/types.js';
import { TimeZone } from '../common/time_zone.js';
import { formatDate, formatDecimal, formatTimestamp } from '../common/values.js';
import { formatTime, formatTimestampNanos, nanosToMicros } from '../common/time_values.js';
import { ArrayValue, MapValue, Scalar, Vector, entryWise, isDictionary, vectorFromScalars } from '../common/vector.js';
import { hiveText } from './hive_text.js';
import { DataType, StructType, isNumeric } from '../common/types.js';
import { formatFloat4, formatFloat8 } from './float_text.js';
import { FieldDescription, FormatCode, TextCells } from './messages.js';

export { PgOid, pgTypeOf } from '../common/postgres_types.js';
export type { PgType } from '../common/postgres_types.js';

/** RowDescription fields of a result schema, in text format unless `formats` says otherwise. */
export function describeSchema(schema: Schema, formats: readonly FormatCode[] = []): FieldDescription[] {
  return schema.map((field, i) => {
    const t = pgTypeOfField(field);
    return {
      name: field.name, tableOid: 0, columnAttribute: 0, typeOid: t.oid, typeSize: t.typlen, typeModifier: t.typmod,
      format: formats[i] ?? 0,
    };
  });
}

export interface TextFormatOptions {
  /** The session time zone, for timestamptz output. */
  readonly timeZone: TimeZone;
}

export const UTC_TEXT_FORMAT: TextFormatOptions = { timeZone: TimeZone.UTC };

/** A whole vector as Postgres text-format cells. */
export function encodeTextCells(v: Vector, options: TextFormatOptions = UTC_TEXT_FORMAT): TextCells {
  const data = v.data;
  if (data === null) return allNull(v.length);
  if (isDictionary(data)) {
    // Each dictionary entry is UTF-8 encoded at most once per batch, and only if some row uses it
    // (a Map when the dictionary is much larger than the batch: a join's whole build column).
    const code = (i: number) => data.codes[i];
    if (entryWise(v, v.length) === null) {
      const encoded = new Map<number, Buffer>();
      return mapCells(v, false, (i) => {
        let cell = encoded.get(code(i));
        if (cell === undefined) encoded.set(code(i), cell = Buffer.from(data.dictionary[code(i)], 'utf8'));
        return cell;
      });
    }
    const encoded = new Array<Buffer | undefined>(data.dictionary.length);
    return mapCells(v, false, (i) => (encoded[code(i)] ??= Buffer.from(data.dictionary[code(i)], 'utf8')));
  }
  const t = v.type;
  switch (t.kind) {
    case 'null': return allNull(v.length);
    case 'boolean': {
      const d = data as Uint8Array;
      return mapCells(v, true, (i) => (d[i] ? 't' : 'f'));
    }
    case 'tinyint': case 'smallint': case 'int': case 'bigint': {
      // bigint storage is a Float64Array of safe integers or a BigInt64Array: String() suits both.
      const d = data as ArrayLike<number | bigint>;
      return mapCells(v, true, (i) => String(d[i]));
    }
    case 'float': {
      const d = data as Float32Array;
      return mapCells(v, true, (i) => formatFloat4(d[i]));
    }
    case 'double': {
      const d = data as Float64Array;
      return mapCells(v, true, (i) => formatFloat8(d[i]));
    }
    case 'decimal': {
      const d = data as ArrayLike<number | bigint>;
      return mapCells(v, true, (i) => formatDecimal(d[i], t.scale));
    }
    case 'string': {
      const d = data as string[];
      // Without NULLs the string array already is the cell array.
      return v.validity === null && d.length === v.length ? { cells: d, ascii: false } : mapCells(v, false, (i) => d[i]);
    }
    case 'binary': {
      const d = data as Uint8Array[];
      return mapCells(v, true, (i) => `\\x${Buffer.from(d[i].buffer, d[i].byteOffset, d[i].byteLength).toString('hex')}`);
    }
    case 'date': {
      const d = data as Int32Array;
      return mapCells(v, true, (i) => pgDate(d[i]));
    }
    case 'timestamp_ntz': {
      const d = data as Float64Array;
      return mapCells(v, true, (i) => pgTimestamp(d[i]));
    }
    case 'timestamp': {
      const d = data as Float64Array;
      return mapCells(v, true, (i) => pgTimestamp(d[i], options.timeZone));
    }
    case 'timestamp_ntz_nanos': {
      const d = data as bigint[];
      return mapCells(v, true, (i) => toEra(formatTimestampNanos(d[i]), ''));
    }
    case 'timestamp_ltz_nanos': {
      const d = data as bigint[];
      return mapCells(v, true, (i) => {
        const suffix = formatUtcOffset(options.timeZone.offsetAtInstant(nanosToMicros(d[i])));
        return toEra(formatTimestampNanos(d[i], options.timeZone), suffix);
      });
    }
    case 'time': {
      const d = data as Float64Array;
      return mapCells(v, true, (i) => formatTime(d[i]));
    }
    case 'interval_ym': {
      const d = data as Int32Array;
      return mapCells(v, true, (i) => pgInterval(d[i], 0));
    }
    case 'interval_dt': {
      const d = data as Float64Array;
      return mapCells(v, true, (i) => pgInterval(0, d[i]));
    }
    case 'array': {
      const d = data as ArrayValue[];
      return mapCells(v, false, (i) => pgArray(d[i], t.element, options));
    }
    case 'struct': {
      const d = data as ArrayValue[];
      return mapCells(v, false, (i) => pgJsonObject(d[i], t, options));
    }
    case 'map': {
      const d = data as MapValue[];
      return mapCells(v, false, (i) => hiveText(d[i], t, options.timeZone));
    }
  }
}

/**
 * A struct as a JSON object: numbers and booleans bare, nested structs and maps as objects (a map's
 * keys as their text, so the JSON stays valid), other values as strings.
 */
function pgJsonObject(value: ArrayValue, t: StructType, options: TextFormatOptions): string {
  return `{${t.fields.map((f, k) => `${JSON.stringify(f.name)}:${pgJsonValue(value[k], f.type, options)}`).join(',')}}`;
}

function pgJsonValue(x: Scalar, t: DataType, options: TextFormatOptions): string {
  if (x === null) return 'null';
  if (t.kind === 'struct') return pgJsonObject(x as ArrayValue, t, options);
  if (t.kind === 'map') {
    const m = x as MapValue;
    const keyText = (k: Scalar) => encodeTextCells(vectorFromScalars(t.key, [k]), options).cells[0]!.toString();
    return `{${m.keys.map((k, i) => `${JSON.stringify(keyText(k))}:${pgJsonValue(m.values[i], t.value, options)}`).join(',')}}`;
  }
  const text = encodeTextCells(vectorFromScalars(t, [x]), options).cells[0]!.toString();
  return t.kind === 'boolean' ? (text === 't' ? 'true' : 'false') : isNumeric(t) ? text : JSON.stringify(text);
}

/** Postgres's array output: `{1,2,NULL}`, elements quoted when they hold delimiters or spaces. */
function pgArray(value: ArrayValue, element: DataType, options: TextFormatOptions): string {
  const cells = encodeTextCells(vectorFromScalars(element, value), options).cells;
  const items = cells.map((cell, i) => {
    if (cell === null) return 'NULL';
    const text = cell.toString();
    if (element.kind === 'array' && value[i] !== null) return text;
    return text === '' || /[{}",\\\s]/.test(text) || text.toUpperCase() === 'NULL'
      ? `"${text.replace(/["\\]/g, '\\$&')}"`
      : text;
  });
  return `{${items.join(',')}}`;
}

/** Postgres's interval output (IntervalStyle postgres): `1 year 2 mons`, `3 days 04:05:06.5`. */
export function pgInterval(months: number, micros: number): string {
  const parts: string[] = [];
  const years = Math.trunc(months / 12), mons = months % 12;
  if (years) parts.push(`${years} year${Math.abs(years) === 1 ? '' : 's'}`);
  if (mons) parts.push(`${mons} mon${Math.abs(mons) === 1 ? '' : 's'}`);
  const days = Math.trunc(micros / 86_400_000_000);
  if (days) parts.push(`${days} day${Math.abs(days) === 1 ? '' : 's'}`);
  let rest = micros - days * 86_400_000_000;
  if (rest !== 0 || parts.length === 0) {
    const sign = rest < 0 ? '-' : '';
    rest = Math.abs(rest);
    const h = Math.floor(rest / 3_600_000_000), m = Math.floor((rest % 3_600_000_000) / 60_000_000), sec = rest % 60_000_000;
    const whole = Math.floor(sec / 1_000_000), fraction = sec % 1_000_000;
    const pad = (x: number) => String(x).padStart(2, '0');
    parts.push(`${sign}${pad(h)}:${pad(m)}:${pad(whole)}${fraction ? '.' + String(fraction).padStart(6, '0').replace(/0+$/, '') : ''}`);
  }
  return parts.join(' ');
}

const allNull = (n: number): TextCells => ({ cells: new Array<null>(n).fill(null), ascii: true });

function mapCells<T extends string | Buffer>(v: Vector, ascii: boolean, cell: (i: number) => T): TextCells {
  const n = v.length;
  const validity = v.validity;
  const cells = new Array<T | null>(n);
  if (validity === null) for (let i = 0; i < n; i++) cells[i] = cell(i);
  else for (let i = 0; i < n; i++) cells[i] = validity[i] === 0 ? null : cell(i);
  return { cells, ascii };
}

/** `YYYY-MM-DD`, with Postgres's ` BC` suffix for years before 1 (common/values writes them signed). */
export function pgDate(days: number): string {
  return toEra(formatDate(days), '');
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` in the zone at offsetSeconds, then `suffix` (the zone for timestamptz). */
/** timestamp text, or timestamptz text in `zone` with the offset in force at that instant. */
export function pgTimestamp(micros: number, zone?: TimeZone): string {
  if (!zone) return toEra(formatTimestamp(micros), '');
  const offset = zone.offsetAtInstant(micros);
  return toEra(formatTimestamp(micros + offset * 1_000_000), formatUtcOffset(offset));
}

/** Postgres's zone suffix: `+00`, `-08`, `+05:30`. */
export function formatUtcOffset(offsetSeconds: number): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  let rest = Math.abs(offsetSeconds);
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  let text = sign + String(h).padStart(2, '0');
  if (m !== 0 || s !== 0) text += ':' + String(m).padStart(2, '0');
  if (s !== 0) text += ':' + String(s).padStart(2, '0');
  return text;
}

/** Astronomical years (0, -1, …) as Postgres prints them: 1 BC, 2 BC, … */
function toEra(text: string, suffix: string): string {
  const c = text.charCodeAt(0);
  if (c !== 45 /* - */ && !text.startsWith('0000-')) return text + suffix;
  const dash = text.indexOf('-', 1);
  const year = Number(text.slice(0, dash));
  return `${String(1 - year).padStart(4, '0')}${text.slice(dash)}${suffix} BC`;
}
