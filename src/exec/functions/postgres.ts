// Postgres functions that psql, drivers and BI tools call in their catalog queries, answered for a
// server with one user, no privileges to check, and no indexes, sequences or publications; and
// Postgres's identifier and format helpers (quote_ident, parse_ident, format).

import { BooleanType, IntegerType, LongType, StringType, arrayType } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { POSTGRES_RESERVED_KEYWORDS } from '../../common/postgres_keywords.js';
import { getScalar, isNullAt, vectorFromScalars } from '../../common/vector.js';
import { ScalarFunction, callDisplay } from './function.js';
import { simpleFunction } from './simple_function.js';

// format_type's SQL names of the types Quarry has.
const TYPE_NAMES: Record<number, string> = {
  16: 'boolean', 17: 'bytea', 18: '"char"', 19: 'name', 20: 'bigint', 21: 'smallint', 23: 'integer', 25: 'text', 26: 'oid',
  700: 'real', 701: 'double precision', 1043: 'character varying', 1082: 'date', 1114: 'timestamp without time zone',
  1184: 'timestamp with time zone', 1186: 'interval', 1700: 'numeric', 1000: 'boolean[]', 1005: 'smallint[]', 1007: 'integer[]',
  1009: 'text[]', 1016: 'bigint[]', 1021: 'real[]', 1022: 'double precision[]', 1028: 'oid[]', 1182: 'date[]',
  1185: 'timestamp with time zone[]', 1231: 'numeric[]',
};

const always = (value: boolean) => (name: string) =>
  simpleFunction(name, [StringType, StringType, StringType], BooleanType, () => value, { optional: 2, variadic: true });

/** Names needing no quotes: lower-case letters, digits, underscores, not starting with a digit. */
const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_$]*$/;
const RESERVED = new Set(POSTGRES_RESERVED_KEYWORDS);

export function quoteIdent(name: string): string {
  return PLAIN_IDENTIFIER.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A string literal; one with backslashes in Postgres's E'' form, with them doubled. */
function quoteLiteral(text: string): string {
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/** parse_ident('a."B c".d') → {a,B c,d}: unquoted parts fold to lower case. */
function parseIdent(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  const invalid = () => new QuarryError(SqlState.invalidParameterValue, `string is not a valid identifier: "${text}"`);
  while (i <= text.length) {
    while (text[i] === ' ') i++;
    if (text[i] === '"') {
      let part = '';
      for (i++; i < text.length; i++) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') { part += '"'; i++; continue; }
          break;
        }
        part += text[i];
      }
      if (text[i] !== '"') throw invalid();
      i++;
      parts.push(part);
    } else {
      const m = /^[^\s."]+/.exec(text.slice(i));
      if (!m) throw invalid();
      parts.push(m[0].toLowerCase());
      i += m[0].length;
    }
    while (text[i] === ' ') i++;
    if (i >= text.length) break;
    if (text[i] !== '.') throw invalid();
    i++;
  }
  return parts;
}

/** Postgres's format(): %s as text (NULL as empty), %I as an identifier, %L as a literal, %% itself. */
const format: ScalarFunction = {
  name: 'format',
  bind(types) {
    if (types.length === 0) throw new QuarryError('42605', '[WRONG_NUM_ARGS] format() takes at least 1 argument.');
    return {
      name: 'format', argTypes: types.map(() => StringType), returnType: StringType, display: callDisplay('format'),
      evaluate(args, n) {
        const out: (string | null)[] = new Array(n);
        for (let row = 0; row < n; row++) {
          if (isNullAt(args[0], row)) { out[row] = null; continue; }
          let next = 1;
          out[row] = (getScalar(args[0], row) as string).replace(/%([%sIL])/g, (_, spec: string) => {
            if (spec === '%') return '%';
            if (next >= args.length) throw new QuarryError('22023', 'too few arguments for format()');
            const value = getScalar(args[next++], row) as string | null;
            if (spec === 's') return value ?? '';
            if (spec === 'I') {
              if (value === null) throw new QuarryError('22004', 'null values cannot be formatted as an SQL identifier');
              return quoteIdent(value);
            }
            return value === null ? 'NULL' : quoteLiteral(value);
          });
        }
        return vectorFromScalars(StringType, out);
      },
    };
  },
};

/** set_config(name, value, is_local): SET as a function, returning the new value; run for each row it sees. */
const setConfig: ScalarFunction = {
  name: 'set_config',
  bind(types) {
    if (types.length !== 3) throw new QuarryError('42605', `[WRONG_NUM_ARGS] set_config() takes 3 arguments, not ${types.length}.`);
    return {
      name: 'set_config', argTypes: [StringType, StringType, BooleanType], returnType: StringType, deterministic: false,
      display: callDisplay('set_config'),
      evaluate(args, n, ctx) {
        const out: (string | null)[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const name = getScalar(args[0], i) as string | null;
          if (name === null) throw new QuarryError('22004', 'SET requires parameter name');
          const value = (getScalar(args[1], i) as string | null) ?? '';
          if (!ctx.setSetting) throw new QuarryError(SqlState.featureNotSupported, 'set_config() needs a session');
          ctx.setSetting(name, value);
          out[i] = value;
        }
        return vectorFromScalars(StringType, out);
      },
    };
  },
};

export const postgresFunctions: ScalarFunction[] = [
  setConfig,
  simpleFunction('pg_get_userbyid', [LongType], StringType, () => 'quarry'),
  simpleFunction('pg_table_is_visible', [LongType], BooleanType, () => true),
  simpleFunction('pg_type_is_visible', [LongType], BooleanType, () => true),
  simpleFunction('pg_function_is_visible', [LongType], BooleanType, () => true),
  ...['has_schema_privilege', 'has_table_privilege', 'has_any_column_privilege', 'has_column_privilege', 'has_database_privilege',
    'has_function_privilege', 'has_sequence_privilege', 'has_type_privilege', 'has_tablespace_privilege', 'pg_has_role'].map(always(true)),
  simpleFunction('pg_relation_is_publishable', [LongType], BooleanType, () => false),
  simpleFunction('pg_is_in_recovery', [], BooleanType, () => false),
  simpleFunction('pg_encoding_to_char', [LongType], StringType, () => 'UTF8'),
  simpleFunction('pg_backend_pid', [], IntegerType, () => process.pid),
  // No defaults, constraints, indexes, sequences, triggers, statistics objects or partitions exist: NULL.
  ...['pg_get_expr', 'pg_get_constraintdef', 'pg_get_indexdef', 'pg_get_triggerdef', 'pg_get_ruledef', 'pg_get_partkeydef',
    'pg_get_statisticsobjdef_columns', 'pg_get_function_identity_arguments', 'pg_get_function_result', 'pg_get_function_arguments',
    'pg_get_serial_sequence'].map((name) => simpleFunction(name, [StringType, StringType, StringType], StringType, () => null, { optional: 2 })),
  // The relation named by a string; NULL when there is none (text::regclass raises instead).
  simpleFunction('to_regclass', [StringType], LongType, (a, i, ctx) => ctx.relationOid?.(getScalar(a[0], i) as string) ?? null),
  simpleFunction('text_to_regclass', [StringType], LongType, (a, i, ctx) => {
    const name = getScalar(a[0], i) as string;
    const oid = ctx.relationOid?.(name);
    if (oid === undefined) throw new QuarryError(SqlState.undefinedTable, `relation "${name}" does not exist`);
    return oid;
  }),
  simpleFunction('pg_tablespace_location', [LongType], StringType, () => ''),
  // Sizes are not tracked per relation yet: unknown, not a made-up 0.
  ...['pg_table_size', 'pg_total_relation_size', 'pg_relation_size', 'pg_indexes_size'].map((name) =>
    simpleFunction(name, [LongType, StringType], LongType, () => null, { optional: 1 })),
  simpleFunction('pg_size_pretty', [LongType], StringType, (a, i) => sizePretty(Number(getScalar(a[0], i)))),
  simpleFunction('pg_advisory_unlock_all', [], BooleanType, () => null),
  simpleFunction('format_type', [LongType, LongType], StringType, (a, i) => {
    const oid = Number(getScalar(a[0], i));
    const typmod = a.length > 1 ? Number(getScalar(a[1], i) ?? -1) : -1;
    if (oid === 1700 && typmod > 4) return `numeric(${(typmod - 4) >> 16},${(typmod - 4) & 0xffff})`;
    return TYPE_NAMES[oid] ?? '???';
  }, { optional: 1 }),
  simpleFunction('quote_ident', [StringType], StringType, (a, i) => quoteIdent(getScalar(a[0], i) as string)),
  simpleFunction('quote_literal', [StringType], StringType, (a, i) => quoteLiteral(getScalar(a[0], i) as string)),
  simpleFunction('parse_ident', [StringType, BooleanType], arrayType(StringType), (a, i) => parseIdent(getScalar(a[0], i) as string), { optional: 1 }),
  format,
];

/** pg_size_pretty: bytes, kB, MB, GB, TB, rounding half up past 10 units as Postgres does. */
function sizePretty(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  let unit = 0;
  while (Math.abs(size) >= 10 * 1024 - 0.5 && unit < units.length - 1) {
    size = size / 1024;
    unit++;
  }
  return `${Math.round(size)} ${units[unit]}`;
}
