// Virtual catalog tables (pg_catalog, information_schema): Postgres's column lists filled from rows
// that name only the columns Quarry knows; the rest get Postgres's "nothing here" values.

import {
  BinaryType, BooleanType, DataType, DayTimeIntervalType, Field, FloatType, IntegerType, LongType, ShortType, StringType,
  TimestampType, arrayType,
} from '../common/types.js';
import { Scalar } from '../common/vector.js';

export interface SystemTable {
  readonly columns: readonly Field[];
  readonly rows: readonly (readonly Scalar[])[];
}

export type SystemRow = Readonly<Record<string, Scalar>>;

// Column type tokens of postgres_catalog_columns.ts: the Spark type holding the values, and the
// Postgres type clients are told where it differs from the Spark type's own.
const TYPE_TOKENS: Record<string, [DataType, string?]> = {
  oid: [LongType, 'oid'], regproc: [LongType, 'regproc'], regtype: [LongType, 'regtype'], xid: [LongType, 'xid'],
  name: [StringType, 'name'], char: [StringType, 'char'], varchar: [StringType, 'varchar'], text: [StringType],
  bool: [BooleanType], int2: [ShortType], int4: [IntegerType], int8: [LongType], float4: [FloatType],
  timestamptz: [TimestampType], interval: [DayTimeIntervalType], bytea: [BinaryType],
  pg_node_tree: [StringType, 'pg_node_tree'], inet: [StringType, 'inet'],
  int2vector: [arrayType(ShortType), 'int2vector'], oidvector: [arrayType(LongType), 'oidvector'],
  'text[]': [arrayType(StringType)], 'int2[]': [arrayType(ShortType)], 'oid[]': [arrayType(LongType), 'oid[]'],
  'char[]': [arrayType(StringType), '"char"[]'], 'aclitem[]': [arrayType(StringType), 'aclitem[]'],
  'regtype[]': [arrayType(LongType), 'regtype[]'], anyarray: [arrayType(StringType), 'anyarray'],
};

/** `'oid:oid relname:name …'` as fields. */
export function fieldsOf(spec: string): Field[] {
  return spec.split(/\s+/).filter((c) => c !== '').map((column) => {
    const colon = column.indexOf(':');
    const [type, pgType] = TYPE_TOKENS[column.slice(colon + 1)];
    const field: Field = { name: column.slice(0, colon), type, nullable: true };
    return pgType ? { ...field, pgType } : field;
  });
}

/**
 * A table of `fields` from rows keyed by column name. A column a row leaves out is false, 0 or ''
 * where Postgres's catalog column is NOT NULL (booleans, counts, oids, names, "char" flags), and
 * NULL where Postgres leaves it NULL (text, arrays, expression trees).
 */
export function systemTable(fields: readonly Field[], rows: readonly SystemRow[]): SystemTable {
  const defaults = fields.map(defaultValue);
  return {
    columns: fields,
    rows: rows.map((row) => fields.map((f, i) => (f.name in row ? row[f.name] : defaults[i]))),
  };
}

function defaultValue(field: Field): Scalar {
  if (field.pgType === 'name' || field.pgType === 'char') return '';
  switch (field.type.kind) {
    case 'boolean': return false;
    case 'smallint': case 'int': case 'bigint': case 'float': return 0;
    default: return null;
  }
}

/**
 * Stable OIDs for user objects: a hash of the object's name, above Postgres's first user OID, so a
 * driver that reads an OID in one query can use it in the next, across DDL and restarts.
 */
export function stableOid(...name: string[]): number {
  let hash = 0x811c9dc5;
  for (const c of name.join('\u0000')) {
    hash ^= c.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return FIRST_USER_OID + ((hash >>> 0) % (0x7fffffff - FIRST_USER_OID));
}

export const FIRST_USER_OID = 16_384;
