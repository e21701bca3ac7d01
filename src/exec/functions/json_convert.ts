// Spark's to_json and from_json: structs, maps and arrays to JSON text and back. Map keys become
// JSON member names (their string form) and are read back as the schema's key type; struct fields
// that are NULL are left out (ignoreNullFields), as Spark's JSON writer does.

import { QuarryError, SqlState } from '../../common/errors.js';
import { TimeZone } from '../../common/time_zone.js';
import { DataType, StringType, isIntegral, typeToSql } from '../../common/types.js';
import { formatDate, formatDecimal, formatTimestamp, parseDate, parseDecimal, parseTimestamp } from '../../common/values.js';
import { ArrayValue, MapValue, Scalar, getScalar, vectorFromScalars } from '../../common/vector.js';
import { parseSchemaString } from '../../parser/data_types.js';
import { ExecutionContext } from '../context.js';
import { castToString, formatJavaDouble } from '../expressions/cast.js';
import { ScalarFunction, callDisplay } from './function.js';
import { mapRows } from './kernels.js';
import { parseDatetime } from './datetime_patterns.js';
import { MapBuilder } from './map_data.js';

const isJsonContainer = (t: DataType) => t.kind === 'struct' || t.kind === 'map' || t.kind === 'array';

/** One value as Spark's JSON writer prints it. */
function writeJson(x: Scalar, t: DataType, ctx: ExecutionContext): string {
  if (x === null) return 'null';
  switch (t.kind) {
    case 'boolean': return x ? 'true' : 'false';
    case 'float': case 'double': {
      const n = x as number;
      return Number.isFinite(n) ? formatJavaDouble(n) : JSON.stringify(formatJavaDouble(n));
    }
    case 'decimal': return formatDecimal(x as number | bigint, t.scale);
    case 'date': return JSON.stringify(formatDate(x as number));
    // yyyy-MM-dd'T'HH:mm:ss.SSSXXX, Spark's default timestampFormat.
    case 'timestamp': return JSON.stringify(`${isoMillis(formatTimestamp(x as number, ctx.timeZone))}${zoneSuffix(ctx.timeZone.offsetAtInstant(x as number))}`);
    case 'timestamp_ntz': return JSON.stringify(isoMillis(formatTimestamp(x as number)));
    case 'binary': return JSON.stringify(Buffer.from(x as Uint8Array).toString('base64'));
    case 'array': return `[${(x as ArrayValue).map((e) => writeJson(e, t.element, ctx)).join(',')}]`;
    case 'struct': {
      const members = t.fields.flatMap((f, k) => {
        const v = (x as ArrayValue)[k];
        return v === null ? [] : [`${JSON.stringify(f.name)}:${writeJson(v, f.type, ctx)}`];
      });
      return `{${members.join(',')}}`;
    }
    case 'map': {
      const m = x as MapValue;
      return `{${m.keys.map((k, i) => `${JSON.stringify(castToString(k, t.key, ctx))}:${writeJson(m.values[i], t.value, ctx)}`).join(',')}}`;
    }
    default: return isIntegral(t) ? String(x) : JSON.stringify(castToString(x, t, ctx));
  }
}

/** `2024-01-02 03:04:05.5` → `2024-01-02T03:04:05.500`. */
function isoMillis(text: string): string {
  const [date, time] = text.split(' ');
  const [whole, fraction = ''] = time.split('.');
  return `${date}T${whole}.${fraction.padEnd(3, '0').slice(0, 3)}`;
}

function zoneSuffix(offsetSeconds: number): string {
  if (offsetSeconds === 0) return 'Z';
  const a = Math.abs(offsetSeconds);
  return `${offsetSeconds < 0 ? '-' : '+'}${String(Math.floor(a / 3600)).padStart(2, '0')}:${String(Math.floor(a / 60) % 60).padStart(2, '0')}`;
}

/** from_json's options that Quarry honours: Spark's datetime patterns for dates and timestamps, the parse mode. */
interface ReadOptions {
  readonly dateFormat?: string;
  readonly timestampFormat?: string;
  /** PERMISSIVE (the default) or FAILFAST, for malformed JSON. */
  readonly mode?: string;
}

/** A parsed JSON value as a value of `t`; NULL where it does not fit. */
function readJson(v: unknown, t: DataType, ctx: ExecutionContext, options: ReadOptions = {}): Scalar {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case 'boolean': return typeof v === 'boolean' ? v : null;
    case 'tinyint': case 'smallint': case 'int': case 'bigint':
      return typeof v === 'number' && Number.isInteger(v) ? v : null;
    case 'float': case 'double':
      if (typeof v === 'number') return v;
      return v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : null;
    case 'decimal': {
      if (typeof v !== 'number' && typeof v !== 'string') return null;
      const unscaled = parseDecimal(String(v), t.scale);
      if (unscaled === null || (unscaled < 0n ? -unscaled : unscaled).toString().length > t.precision) return null;
      return t.precision <= 15 ? Number(unscaled) : unscaled;
    }
    case 'string': return typeof v === 'string' ? v : JSON.stringify(v);
    case 'date': {
      if (typeof v !== 'string') return null;
      if (options.dateFormat === undefined) return parseDate(v);
      // A value the pattern does not match is a NULL field (PERMISSIVE), never an error.
      const micros = parseDatetime(v, options.dateFormat, TimeZone.UTC, { ...ctx, ansi: false });
      return micros === null ? null : Math.floor(micros / 86_400_000_000);
    }
    case 'timestamp': case 'timestamp_ntz': {
      if (typeof v !== 'string') return null;
      const zone = t.kind === 'timestamp' ? ctx.timeZone : TimeZone.UTC;
      return options.timestampFormat === undefined ? parseTimestamp(v, zone) : parseDatetime(v, options.timestampFormat, zone, { ...ctx, ansi: false });
    }
    case 'array': return Array.isArray(v) ? v.map((e) => readJson(e, t.element, ctx, options)) : null;
    case 'struct': {
      if (typeof v !== 'object' || Array.isArray(v)) return null;
      const object = v as Record<string, unknown>;
      return t.fields.map((f) => readJson(object[f.name], f.type, ctx, options));
    }
    case 'map': {
      if (typeof v !== 'object' || Array.isArray(v)) return null;
      const builder = new MapBuilder(t.key, ctx);
      for (const [name, value] of Object.entries(v as Record<string, unknown>)) {
        builder.put(t.key.kind === 'string' ? name : readJson(keyAsJson(name), t.key, ctx, options), readJson(value, t.value, ctx, options));
      }
      return builder.build();
    }
    default: return null;
  }
}

/** A JSON member name read as the non-string key it stands for (`"1"` → 1). */
function keyAsJson(name: string): unknown {
  try {
    return JSON.parse(name);
  } catch {
    return name;
  }
}

const toJson: ScalarFunction = {
  name: 'to_json',
  bind(types) {
    if (types.length < 1 || types.length > 2) throw new QuarryError('42605', `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`to_json\` requires [1, 2] parameters but the actual number is ${types.length}.`, undefined, 'WRONG_NUM_ARGS');
    if (!isJsonContainer(types[0])) {
      throw new QuarryError(SqlState.invalidArgumentType,
        `[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Cannot resolve "to_json(…)" due to data type mismatch: Input schema "${typeToSql(types[0])}" must be a struct, an array, a map or a variant.`,
        undefined, 'DATATYPE_MISMATCH.INVALID_JSON_SCHEMA');
    }
    return {
      name: 'to_json', argTypes: [types[0]], returnType: StringType, display: callDisplay('to_json'),
      evaluate: (args, n, ctx) => mapRows(StringType, args.slice(0, 1), n, (i) => writeJson(getScalar(args[0], i), types[0], ctx)),
    };
  },
};

const fromJson: ScalarFunction = {
  name: 'from_json',
  bind(types, constants = []) {
    if (types.length < 2 || types.length > 3) throw new QuarryError('42605', `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`from_json\` requires [2, 3] parameters but the actual number is ${types.length}.`, undefined, 'WRONG_NUM_ARGS');
    const schemaText = constants[1];
    if (typeof schemaText !== 'string') {
      throw new QuarryError(SqlState.invalidArgumentType, '[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema is not a valid schema string: it must be a string literal.', undefined, 'INVALID_SCHEMA.NON_STRING_LITERAL');
    }
    if (types.length === 3 && !(types[2].kind === 'map' && types[2].key.kind === 'string' && types[2].value.kind === 'string')) {
      throw new QuarryError(SqlState.invalidArgumentType, '[INVALID_OPTIONS.NON_STRING_TYPE] A type of keys and values in `map()` must be string.', undefined, 'INVALID_OPTIONS.NON_STRING_TYPE');
    }
    const returnType = parseSchemaString(schemaText);
    if (!isJsonContainer(returnType)) {
      throw new QuarryError(SqlState.invalidArgumentType,
        `[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Cannot resolve "from_json(…)" due to data type mismatch: Input schema "${typeToSql(returnType)}" must be a struct, an array, a map or a variant.`,
        undefined, 'DATATYPE_MISMATCH.INVALID_JSON_SCHEMA');
    }
    return {
      name: 'from_json', argTypes: types.map((t, k) => (k === 0 ? StringType : t)), returnType, display: callDisplay('from_json'),
      evaluate(args, n, ctx) {
        const out: Scalar[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const text = getScalar(args[0], i) as string | null;
          if (text === null) { out[i] = null; continue; }
          const options = args.length > 2 ? readOptions(getScalar(args[2], i) as MapValue | null) : {};
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            if (options.mode?.toUpperCase() === 'FAILFAST') {
              throw new QuarryError('22000', `[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: ${text}. Parse Mode: FAILFAST.`, undefined, 'MALFORMED_RECORD_IN_PARSING');
            }
            // PERMISSIVE mode: a malformed record is a struct of NULLs (NULL for other schemas).
            out[i] = returnType.kind === 'struct' ? returnType.fields.map(() => null) : null;
            continue;
          }
          out[i] = readJson(parsed, returnType, ctx, options);
        }
        return vectorFromScalars(returnType, out);
      },
    };
  },
};

/** Options by Spark's names; option names are case-insensitive. Unknown options are ignored, as in Spark. */
function readOptions(m: MapValue | null): ReadOptions {
  if (m === null) return {};
  const get = (name: string) => {
    const k = m.keys.findIndex((key) => String(key).toLowerCase() === name.toLowerCase());
    return k < 0 || m.values[k] === null ? undefined : String(m.values[k]);
  };
  return { dateFormat: get('dateFormat'), timestampFormat: get('timestampFormat'), mode: get('mode') };
}

export const jsonConversionFunctions: ScalarFunction[] = [toJson, fromJson];
