// pg_catalog, the Postgres system catalogs that drivers read when they connect (type OIDs, array
// types) and browse (namespaces, relations). Spark databases are schemas; the rows are computed
// from the catalog when a query reads them.

import { pgTypeOf } from '../common/postgres_types.js';
import { BooleanType, Field, IntegerType, StringType } from '../common/types.js';
import { Catalog } from './catalog.js';
import { SystemTable } from './information_schema.js';

const text = (name: string): Field => ({ name, type: StringType, nullable: true });
const int = (name: string): Field => ({ name, type: IntegerType, nullable: true });
const bool = (name: string): Field => ({ name, type: BooleanType, nullable: true });

const PG_CATALOG_OID = 11;
const INFORMATION_SCHEMA_OID = 13_000;
const FIRST_USER_OID = 16_384;

// The base types Quarry sends, with their array types (typcategory 'A').
const TYPES: [oid: number, name: string, length: number, category: string, array: number][] = [
  [16, 'bool', 1, 'B', 1000], [17, 'bytea', -1, 'U', 1001], [20, 'int8', 8, 'N', 1016], [21, 'int2', 2, 'N', 1005],
  [23, 'int4', 4, 'N', 1007], [25, 'text', -1, 'S', 1009], [26, 'oid', 4, 'N', 1028], [700, 'float4', 4, 'N', 1021],
  [701, 'float8', 8, 'N', 1022], [1043, 'varchar', -1, 'S', 1015], [1082, 'date', 4, 'D', 1182],
  [1114, 'timestamp', 8, 'D', 1115], [1184, 'timestamptz', 8, 'D', 1185], [1186, 'interval', 16, 'T', 1187],
  [1700, 'numeric', -1, 'N', 1231],
];

/** Schemas: the Spark databases, numbered in name order after the system ones. */
function namespaces(catalog: Catalog): { oid: number; name: string }[] {
  return [
    { oid: PG_CATALOG_OID, name: 'pg_catalog' },
    { oid: INFORMATION_SCHEMA_OID, name: 'information_schema' },
    ...catalog.listDatabases().map((name, i) => ({ oid: FIRST_USER_OID + i, name })),
  ];
}

function classes(catalog: Catalog) {
  const schemaOid = new Map(namespaces(catalog).map((n) => [n.name, n.oid]));
  let oid = FIRST_USER_OID + 10_000;
  return catalog.listDatabases().flatMap((database) => [
    ...catalog.listTables(database).map((t) => ({ oid: oid++, name: t.name, namespace: schemaOid.get(database)!, kind: 'r', columns: t.columns })),
    ...catalog.listViews(database).map((v) => ({ oid: oid++, name: v.name, namespace: schemaOid.get(database)!, kind: 'v', columns: v.columns })),
  ]);
}

const TABLES: Record<string, (catalog: Catalog) => SystemTable> = {
  pg_namespace: (catalog) => ({
    columns: [int('oid'), text('nspname'), int('nspowner')],
    rows: namespaces(catalog).map((n) => [n.oid, n.name, 10]),
  }),
  pg_type: () => ({
    columns: [
      int('oid'), text('typname'), int('typnamespace'), int('typowner'), int('typlen'), bool('typbyval'), text('typtype'),
      text('typcategory'), text('typdelim'), int('typrelid'), int('typelem'), int('typarray'), int('typbasetype'),
      int('typtypmod'), int('typndims'), int('typcollation'), bool('typnotnull'),
    ],
    rows: TYPES.flatMap(([oid, name, length, category, array]) => [
      [oid, name, PG_CATALOG_OID, 10, length, length > 0 && length <= 8, 'b', category, ',', 0, 0, array, 0, -1, 0, 0, false],
      [array, `_${name}`, PG_CATALOG_OID, 10, -1, false, 'b', 'A', ',', 0, oid, 0, 0, -1, 0, 0, false],
    ]),
  }),
  pg_class: (catalog) => ({
    columns: [
      int('oid'), text('relname'), int('relnamespace'), int('relowner'), int('relam'), text('relkind'), int('relnatts'),
      bool('relhasindex'), text('relpersistence'), bool('relispartition'), int('reltuples'), bool('relhasrules'),
      bool('relhassubclass'), bool('relhastriggers'), bool('relrowsecurity'), int('reltablespace'),
    ],
    rows: classes(catalog).map((c) => [c.oid, c.name, c.namespace, 10, 0, c.kind, c.columns.length, false, 'p', false, -1, false, false, false, false, 0]),
  }),
  pg_attribute: (catalog) => ({
    columns: [
      int('attrelid'), text('attname'), int('atttypid'), int('attnum'), int('atttypmod'), bool('attnotnull'), bool('attisdropped'),
      bool('atthasdef'), int('attlen'), text('attidentity'), text('attgenerated'), int('attcollation'),
    ],
    rows: classes(catalog).flatMap((c) => c.columns.map((col, i) => [
      c.oid, col.name, pgTypeOf(col.type).oid, i + 1, pgTypeOf(col.type).typmod, !col.nullable, false, false, pgTypeOf(col.type).typlen,
      '', '', 0,
    ])),
  }),
  pg_database: () => ({
    columns: [int('oid'), text('datname'), int('datdba'), int('encoding'), text('datcollate'), text('datctype'), bool('datallowconn')],
    rows: [[1, 'quarry', 10, 6, 'C', 'C', true]],
  }),
  pg_range: () => ({ columns: [int('rngtypid'), int('rngsubtype')], rows: [] }),
  pg_am: () => ({ columns: [int('oid'), text('amname'), text('amtype')], rows: [] }),
  pg_description: () => ({ columns: [int('objoid'), int('classoid'), int('objsubid'), text('description')], rows: [] }),
  pg_attrdef: () => ({ columns: [int('oid'), int('adrelid'), int('adnum'), text('adbin')], rows: [] }),
  pg_index: () => ({ columns: [int('indexrelid'), int('indrelid'), bool('indisprimary'), bool('indisunique')], rows: [] }),
  pg_enum: () => ({ columns: [int('oid'), int('enumtypid'), text('enumlabel')], rows: [] }),
};

/** `pg_catalog.pg_type` and friends; null when `name` is not one of them. */
export function pgCatalogTable(catalog: Catalog, name: string): SystemTable | undefined {
  return TABLES[name.toLowerCase()]?.(catalog);
}

// The system catalogs' own OIDs (what 'pg_class'::regclass gives in Postgres).
const SYSTEM_CLASS_OIDS: Record<string, number> = {
  pg_type: 1247, pg_attribute: 1249, pg_proc: 1255, pg_class: 1259, pg_namespace: 2615, pg_database: 1262,
  pg_description: 2609, pg_attrdef: 2604, pg_index: 2610, pg_am: 2601,
};

/** The OID of a relation ('schema.name' or 'name') or type, as ::regclass and ::regtype give it. */
export function objectOid(catalog: Catalog, kind: 'regclass' | 'regtype', name: string): number | undefined {
  const parts = name.replace(/"/g, '').toLowerCase().split('.');
  const last = parts[parts.length - 1];
  if (kind === 'regtype') return TYPES.find(([, typname]) => typname === last)?.[0];
  if (SYSTEM_CLASS_OIDS[last] !== undefined && (parts.length === 1 || parts[0] === 'pg_catalog')) return SYSTEM_CLASS_OIDS[last];
  const schemaOids = new Map(namespaces(catalog).map((n) => [n.oid, n.name]));
  return classes(catalog).find((c) => c.name === last && (parts.length === 1 || schemaOids.get(c.namespace) === parts[0]))?.oid;
}
