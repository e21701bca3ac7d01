// Reading and writing SQLQueryTestSuite-style golden files.

import pg from 'pg';

/** Statements of an input file: split at `;` ending a line, `--` comment lines dropped. */
export function splitGoldenQueries(text: string): string[] {
  const code = text.split('\n').filter((line) => !line.trimStart().startsWith('--')).join('\n');
  return code.split(/;\s*(?:\n|$)/).map((q) => q.trim()).filter((q) => q.length > 0);
}

// Postgres type OIDs back to Spark type names, for the `struct<…>` schema line.
const SPARK_TYPES: Record<number, string> = {
  16: 'boolean', 17: 'binary', 20: 'bigint', 21: 'smallint', 23: 'int', 25: 'string', 700: 'float', 701: 'double',
  1082: 'date', 1114: 'timestamp_ntz', 1184: 'timestamp', 1186: 'interval',
  // Postgres catalog types (pg_catalog columns, ::regclass casts, JSON text of structs).
  18: '"char"', 19: 'name', 24: 'regproc', 26: 'oid', 114: 'json', 1043: 'varchar', 2205: 'regclass', 2206: 'regtype',
};

function sparkType(field: pg.FieldDef): string {
  if (field.dataTypeID === 1700) {
    const typmod = field.dataTypeModifier - 4;
    return `decimal(${typmod >> 16},${typmod & 0xffff})`;
  }
  const element = ARRAY_ELEMENTS[field.dataTypeID];
  if (element !== undefined) return `array<${element === 1700 ? 'decimal' : SPARK_TYPES[element]}>`;
  return SPARK_TYPES[field.dataTypeID] ?? `oid${field.dataTypeID}`;
}

// Array type OIDs → their element's OID (pg_type.typelem).
const ARRAY_ELEMENTS: Record<number, number> = {
  1000: 16, 1001: 17, 1016: 20, 1005: 21, 1007: 23, 1009: 25, 1021: 700, 1022: 701, 1182: 1082, 1115: 1114, 1185: 1184,
  1187: 1186, 1231: 1700,
};

/** A Postgres text value in Spark's display form: booleans as true/false, doubles as Java prints them. */
function sparkValue(value: string | null, field: pg.FieldDef): string {
  if (value === null) return 'NULL';
  switch (field.dataTypeID) {
    case 16: return value === 't' ? 'true' : 'false';
    case 700: case 701: {
      if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return value;
      const x = Number(value);
      if (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e7) return Number.isInteger(x) ? `${x}.0` : String(x);
      if (x === 0) return '0.0';
      const [m, e] = x.toExponential().split('e');
      return `${m.includes('.') ? m : `${m}.0`}E${e.replace('+', '')}`;
    }
    case 1184: return value.replace(/\+00$/, '');
    default: return value;
  }
}

/** Like Spark's suite, details that change from run to run are left out of the comparison. */
function maskVolatile(line: string): string {
  return line.replace(/^(Created Time|Last Access)\t[^\t]*/, '$1\t[not included in comparison]');
}

export function formatResult(result: pg.QueryResult | Error): string {
  if (result instanceof Error) {
    const e = result as Error & { code?: string; position?: string };
    const position = e.position ? ` (position ${e.position})` : '';
    return `-- !query schema\nstruct<>\n-- !query output\nERROR ${e.code ?? ''}${position}\n${e.message}`;
  }
  if (!result.fields || result.fields.length === 0) {
    return `-- !query schema\nstruct<>\n-- !query output\n${result.command ?? ''}${result.rowCount !== null && result.command !== 'SELECT' ? ` ${result.rowCount}` : ''}`.trimEnd();
  }
  const schema = `struct<${result.fields.map((f) => `${f.name}:${sparkType(f)}`).join(',')}>`;
  const rows = (result.rows as (string | null)[][]).map((row) => row.map((v, i) => sparkValue(v, result.fields[i])).join('\t'))
    .map(maskVolatile);
  return `-- !query schema\n${schema}\n-- !query output\n${rows.join('\n')}`.trimEnd();
}
