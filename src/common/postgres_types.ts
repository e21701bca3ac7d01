// Spark types as Postgres sees them: OID, typlen, typmod and names. The wire protocol describes
// result columns with these, and the catalog views (information_schema, pg_catalog) list them.

import { DataType } from './types.js';

export const PgOid = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  float4: 700,
  float8: 701,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  time: 1083,
  numeric: 1700,
  interval: 1186,
} as const;

/** Postgres types that only catalog columns have (Field.pgType), with their array types. */
const CATALOG_TYPES: Record<string, PgType> = {
  oid: { oid: 26, name: 'oid', sqlName: 'oid', typlen: 4, typmod: -1 },
  regproc: { oid: 24, name: 'regproc', sqlName: 'regproc', typlen: 4, typmod: -1 },
  regtype: { oid: 2206, name: 'regtype', sqlName: 'regtype', typlen: 4, typmod: -1 },
  regclass: { oid: 2205, name: 'regclass', sqlName: 'regclass', typlen: 4, typmod: -1 },
  regnamespace: { oid: 4089, name: 'regnamespace', sqlName: 'regnamespace', typlen: 4, typmod: -1 },
  json: { oid: 114, name: 'json', sqlName: 'json', typlen: -1, typmod: -1 },
  xid: { oid: 28, name: 'xid', sqlName: 'xid', typlen: 4, typmod: -1 },
  name: { oid: 19, name: 'name', sqlName: 'name', typlen: 64, typmod: -1 },
  varchar: { oid: 1043, name: 'varchar', sqlName: 'character varying', typlen: -1, typmod: -1 },
  char: { oid: 18, name: 'char', sqlName: '"char"', typlen: 1, typmod: -1 },
  int2vector: { oid: 22, name: 'int2vector', sqlName: 'int2vector', typlen: -1, typmod: -1 },
  oidvector: { oid: 30, name: 'oidvector', sqlName: 'oidvector', typlen: -1, typmod: -1 },
  pg_node_tree: { oid: 194, name: 'pg_node_tree', sqlName: 'pg_node_tree', typlen: -1, typmod: -1 },
  inet: { oid: 869, name: 'inet', sqlName: 'inet', typlen: -1, typmod: -1 },
  anyarray: { oid: 2277, name: 'anyarray', sqlName: 'anyarray', typlen: -1, typmod: -1 },
  'oid[]': { oid: 1028, name: '_oid', sqlName: 'ARRAY', typlen: -1, typmod: -1 },
  '"char"[]': { oid: 1002, name: '_char', sqlName: 'ARRAY', typlen: -1, typmod: -1 },
  'regtype[]': { oid: 2211, name: '_regtype', sqlName: 'ARRAY', typlen: -1, typmod: -1 },
  'aclitem[]': { oid: 1034, name: '_aclitem', sqlName: 'ARRAY', typlen: -1, typmod: -1 },
};

/** The Postgres type of a result column: its catalog type if it has one, else its Spark type's. */
export function pgTypeOfField(field: { readonly type: DataType; readonly pgType?: string }): PgType {
  return (field.pgType && CATALOG_TYPES[field.pgType]) || pgTypeOf(field.type);
}

/** Catalog types sent as 4-byte unsigned integers in binary format. */
export const isUnsigned32 = (pgType: string | undefined) =>
  pgType !== undefined && ['oid', 'regproc', 'regtype', 'regclass', 'regnamespace', 'xid'].includes(pgType);

/** Each base type's array type (pg_type.typarray). */
export const ARRAY_OIDS: Readonly<Record<number, number>> = {
  16: 1000, 17: 1001, 20: 1016, 21: 1005, 23: 1007, 25: 1009, 26: 1028, 700: 1021, 701: 1022, 1043: 1015,
  1082: 1182, 1083: 1183, 1114: 1115, 1184: 1185, 1186: 1187, 1700: 1231,
};

export interface PgType {
  readonly oid: number;
  /** pg_type.typname, e.g. int4 (information_schema's udt_name). */
  readonly name: string;
  /** information_schema's data_type, e.g. integer, timestamp with time zone. */
  readonly sqlName: string;
  /** pg_type.typlen: bytes of a fixed-width value, -1 for variable length. */
  readonly typlen: number;
  /** atttypmod: -1 unless the type carries one (numeric's precision and scale). */
  readonly typmod: number;
}

const NAMES: Record<number, { name: string; sqlName: string }> = {
  16: { name: 'bool', sqlName: 'boolean' }, 17: { name: 'bytea', sqlName: 'bytea' }, 20: { name: 'int8', sqlName: 'bigint' },
  21: { name: 'int2', sqlName: 'smallint' }, 23: { name: 'int4', sqlName: 'integer' }, 25: { name: 'text', sqlName: 'text' },
  700: { name: 'float4', sqlName: 'real' }, 701: { name: 'float8', sqlName: 'double precision' },
  1082: { name: 'date', sqlName: 'date' }, 1114: { name: 'timestamp', sqlName: 'timestamp without time zone' },
  1184: { name: 'timestamptz', sqlName: 'timestamp with time zone' },
  1083: { name: 'time', sqlName: 'time without time zone' }, 1186: { name: 'interval', sqlName: 'interval' },
  1700: { name: 'numeric', sqlName: 'numeric' },
};

const fixed = (oid: number, typlen: number): PgType => ({ oid, typlen, typmod: -1, ...NAMES[oid] });

export function pgTypeOf(t: DataType): PgType {
  switch (t.kind) {
    case 'boolean': return fixed(PgOid.bool, 1);
    // Postgres has no one-byte integer: tinyint widens to int2.
    case 'tinyint': case 'smallint': return fixed(PgOid.int2, 2);
    case 'int': return fixed(PgOid.int4, 4);
    case 'bigint': return fixed(PgOid.int8, 8);
    case 'float': return fixed(PgOid.float4, 4);
    case 'double': return fixed(PgOid.float8, 8);
    case 'decimal': return { ...fixed(PgOid.numeric, -1), typmod: ((t.precision << 16) | t.scale) + 4 };
    case 'string': return fixed(PgOid.text, -1);
    case 'binary': return fixed(PgOid.bytea, -1);
    case 'date': return fixed(PgOid.date, 4);
    // Spark's TIMESTAMP is an instant shown in the session zone: Postgres's timestamptz.
    case 'timestamp': return fixed(PgOid.timestamptz, 8);
    case 'timestamp_ntz': return fixed(PgOid.timestamp, 8);
    // Nanosecond timestamps: Postgres keeps microseconds, so text carries all nine digits and
    // binary drops the last three.
    case 'timestamp_ntz_nanos': return fixed(PgOid.timestamp, 8);
    case 'timestamp_ltz_nanos': return fixed(PgOid.timestamptz, 8);
    // time's typmod is its precision, as Postgres's time(p).
    case 'time': return { ...fixed(PgOid.time, 8), typmod: t.precision };
    // An all-NULL column (Spark's void) has no Postgres counterpart; text reads NULLs fine.
    case 'null': return fixed(PgOid.text, -1);
    case 'interval_ym': case 'interval_dt': return fixed(PgOid.interval, 16);
    // Structs go to clients as JSON text; maps as text in Spark's own form, `{1:"a"}` (protocol/hive_text.ts).
    case 'struct': return { oid: 114, name: 'json', sqlName: 'json', typlen: -1, typmod: -1 };
    case 'map': return fixed(PgOid.text, -1);
    case 'array': {
      const element = pgTypeOf(t.element);
      const oid = ARRAY_OIDS[element.oid] ?? ARRAY_OIDS[PgOid.text];
      return { oid, typlen: -1, typmod: element.typmod, name: `_${element.name}`, sqlName: 'ARRAY' };
    }
  }
}
