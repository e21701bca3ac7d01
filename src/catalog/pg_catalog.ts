// pg_catalog, the Postgres system catalogs that drivers read when they connect (type OIDs, array
// types) and browse (namespaces, relations, columns, comments). Spark databases are schemas; tables
// and views are relations with stable OIDs; the system catalogs list themselves. Rows are computed
// from the catalog when a query reads them. Quarry has no indexes, constraints, defaults, sequences,
// inheritance or policies: those catalogs exist, with all their columns, and are empty.

import { POSTGRES_RESERVED_KEYWORDS } from '../common/postgres_keywords.js';
import { pgTypeOfField } from '../common/postgres_types.js';
import { Field } from '../common/types.js';
import { Catalog } from './catalog.js';
import { BUILTIN_FUNCTIONS, BUILTIN_TYPES } from './postgres_builtin_types.js';
import { INFORMATION_SCHEMA_COLUMNS, PG_CATALOG_COLUMNS } from './postgres_catalog_columns.js';
import { SystemRow, SystemTable, fieldsOf, stableOid, systemTable } from './system_tables.js';

export const PG_CATALOG_OID = 11;
export const INFORMATION_SCHEMA_OID = 13_000;
/** The one role: the bootstrap superuser's OID in Postgres. */
const OWNER_OID = 10;
const OWNER = 'quarry';
const PG_CLASS_OID = 1259;
const HEAP_AM_OID = 2;
/** Postgres's UTF8 encoding number. */
const UTF8 = 6;

const SPECS = PG_CATALOG_COLUMNS;

/** Real Postgres OIDs of the system catalogs ('pg_class'::regclass), for those clients hard-code. */
const SYSTEM_CLASS_OIDS: Record<string, number> = {
  pg_type: 1247, pg_attribute: 1249, pg_proc: 1255, pg_class: 1259, pg_namespace: 2615, pg_database: 1262,
  pg_description: 2609, pg_attrdef: 2604, pg_index: 2610, pg_am: 2601, pg_constraint: 2606, pg_inherits: 2611,
  pg_authid: 1260, pg_tablespace: 1213, pg_collation: 3456, pg_extension: 3079, pg_enum: 3501, pg_range: 3541,
};

interface Relation {
  readonly oid: number;
  readonly name: string;
  readonly namespace: number;
  readonly kind: 'r' | 'v';
  readonly columns: readonly Field[];
  readonly comment?: string;
  readonly viewSql?: string;
  readonly schema: string;
}

function namespaces(catalog: Catalog): { oid: number; name: string; comment?: string }[] {
  return [
    { oid: PG_CATALOG_OID, name: 'pg_catalog', comment: 'system catalog schema' },
    { oid: INFORMATION_SCHEMA_OID, name: 'information_schema' },
    ...catalog.listDatabases().map((name) => ({ oid: schemaOid(name), name, comment: catalog.getDatabase(name)?.comment })),
  ];
}

const schemaOid = (database: string) => stableOid('schema', database);
const relationOid = (database: string, name: string) => stableOid('relation', database, name);

function relations(catalog: Catalog): Relation[] {
  const user = catalog.listDatabases().flatMap((database): Relation[] => [
    ...catalog.listTables(database).map((t): Relation => ({
      oid: relationOid(database, t.name), name: t.name, namespace: schemaOid(database), schema: database, kind: 'r', columns: t.columns, comment: t.comment,
    })),
    ...catalog.listViews(database).map((v): Relation => ({
      oid: relationOid(database, v.name), name: v.name, namespace: schemaOid(database), schema: database, kind: 'v', columns: v.columns, comment: v.comment, viewSql: v.sql,
    })),
  ]);
  const system = (specs: Record<string, string>, namespace: number, schema: string, kind: 'r' | 'v'): Relation[] =>
    Object.entries(specs).map(([name, spec]) => ({
      oid: SYSTEM_CLASS_OIDS[name] ?? stableOid('relation', schema, name) % 10_000 + 3_000,
      name, namespace, schema, kind: name in SYSTEM_CLASS_OIDS || kind === 'r' && !VIEWS.has(name) ? 'r' : 'v', columns: fieldsOf(spec),
    }));
  return [
    ...system(SPECS, PG_CATALOG_OID, 'pg_catalog', 'r'),
    ...system(INFORMATION_SCHEMA_COLUMNS, INFORMATION_SCHEMA_OID, 'information_schema', 'v'),
    ...user,
  ];
}

// pg_catalog relations that are views in Postgres.
const VIEWS = new Set([
  'pg_roles', 'pg_user', 'pg_settings', 'pg_tables', 'pg_views', 'pg_matviews', 'pg_indexes', 'pg_sequences',
  'pg_stat_user_tables', 'pg_stat_activity', 'pg_cursors', 'pg_prepared_statements', 'pg_timezone_names', 'pg_locks',
]);

type Rows = (catalog: Catalog) => SystemRow[];

const ROWS: Record<string, Rows> = {
  pg_namespace: (catalog) => namespaces(catalog).map((n) => ({ oid: n.oid, nspname: n.name, nspowner: OWNER_OID })),
  pg_class: (catalog) => relations(catalog).map((r) => ({
    oid: r.oid, relname: r.name, relnamespace: r.namespace, relowner: OWNER_OID, relam: r.kind === 'r' ? HEAP_AM_OID : 0,
    relfilenode: r.kind === 'r' ? r.oid : 0, relpages: 0, reltuples: -1, relpersistence: 'p', relkind: r.kind,
    relnatts: r.columns.length, relispopulated: true, relreplident: r.kind === 'r' ? 'd' : 'n', relfrozenxid: 0,
  })),
  pg_attribute: (catalog) => relations(catalog).flatMap((r) => r.columns.map((c, i) => {
    const t = pgTypeOfField(c);
    return {
      attrelid: r.oid, attname: c.name, atttypid: t.oid, attstattarget: -1, attlen: t.typlen, attnum: i + 1, attndims: c.type.kind === 'array' ? 1 : 0,
      attcacheoff: -1, atttypmod: t.typmod, attbyval: t.typlen > 0 && t.typlen <= 8, attalign: alignOf(t.typlen), attstorage: t.typlen > 0 ? 'p' : 'x',
      attnotnull: !c.nullable, attislocal: true, attcollation: t.oid === 25 || t.oid === 1043 ? 100 : 0,
    };
  })),
  pg_type: () => BUILTIN_TYPES.map((t) => ({
    oid: t.oid, typname: t.name, typnamespace: PG_CATALOG_OID, typowner: OWNER_OID, typlen: t.length, typbyval: t.byValue,
    typtype: t.type, typcategory: t.category, typispreferred: t.preferred, typisdefined: true, typdelim: t.delimiter,
    typrelid: t.relid, typsubscript: t.category === 'A' ? 6179 : 0, typelem: t.element, typarray: t.array, typinput: t.input,
    typoutput: t.output, typreceive: t.receive, typsend: t.send, typmodin: t.modIn, typmodout: t.modOut, typanalyze: 0,
    typalign: t.align, typstorage: t.storage, typnotnull: false, typbasetype: 0, typtypmod: -1, typndims: 0,
    typcollation: t.collation,
  })),
  pg_proc: () => BUILTIN_FUNCTIONS.map(([oid, name, returns, args]) => ({
    oid, proname: name, pronamespace: PG_CATALOG_OID, proowner: OWNER_OID, prolang: 12, procost: 1, prorows: 0,
    prokind: 'f', proisstrict: true, provolatile: 'i', proparallel: 's', pronargs: args.length, prorettype: returns,
    proargtypes: args, prosrc: name,
  })),
  pg_database: (catalog) => catalog.listDatabases().map((name) => ({
    oid: stableOid('database', name), datname: name, datdba: OWNER_OID, encoding: UTF8, datlocprovider: 'c', datallowconn: true,
    datconnlimit: -1, dattablespace: 1663, datcollate: 'C', datctype: 'C',
  })),
  pg_description: (catalog) => [
    ...namespaces(catalog).filter((n) => n.comment).map((n) => ({ objoid: n.oid, classoid: 2615, objsubid: 0, description: n.comment! })),
    ...relations(catalog).flatMap((r) => [
      ...(r.comment ? [{ objoid: r.oid, classoid: PG_CLASS_OID, objsubid: 0, description: r.comment }] : []),
      ...r.columns.flatMap((c, i) => (c.comment ? [{ objoid: r.oid, classoid: PG_CLASS_OID, objsubid: i + 1, description: c.comment }] : [])),
    ]),
  ],
  pg_am: () => [
    { oid: HEAP_AM_OID, amname: 'heap', amhandler: 3, amtype: 't' },
    { oid: 403, amname: 'btree', amhandler: 330, amtype: 'i' },
  ],
  pg_tablespace: () => [
    { oid: 1663, spcname: 'pg_default', spcowner: OWNER_OID },
    { oid: 1664, spcname: 'pg_global', spcowner: OWNER_OID },
  ],
  pg_collation: (): SystemRow[] => [
    { oid: 100, collname: 'default', collnamespace: PG_CATALOG_OID, collowner: OWNER_OID, collprovider: 'd', collisdeterministic: true, collencoding: -1 },
    { oid: 950, collname: 'C', collnamespace: PG_CATALOG_OID, collowner: OWNER_OID, collprovider: 'c', collisdeterministic: true, collencoding: -1, collcollate: 'C', collctype: 'C' },
  ],
  pg_roles: (catalog) => roles(catalog).map((r) => ({
    rolname: r.name, rolsuper: r.superuser, rolinherit: true, rolcreaterole: r.superuser, rolcreatedb: r.superuser, rolcanlogin: true,
    rolreplication: false, rolconnlimit: -1, rolpassword: '********', rolbypassrls: r.superuser, oid: r.oid,
  })),
  pg_authid: (catalog) => roles(catalog).map((r) => ({
    oid: r.oid, rolname: r.name, rolsuper: r.superuser, rolinherit: true, rolcreaterole: r.superuser, rolcreatedb: r.superuser,
    rolcanlogin: true, rolbypassrls: r.superuser, rolconnlimit: -1,
  })),
  pg_user: (catalog) => roles(catalog).map((r) => ({
    usename: r.name, usesysid: r.oid, usecreatedb: r.superuser, usesuper: r.superuser, userepl: false, usebypassrls: r.superuser, passwd: '********',
  })),
  pg_tables: (catalog) => relations(catalog).filter((r) => r.kind === 'r').map((r) => ({
    schemaname: r.schema, tablename: r.name, tableowner: OWNER, hasindexes: false, hasrules: false, hastriggers: false, rowsecurity: false,
  })),
  pg_views: (catalog) => relations(catalog).filter((r) => r.viewSql !== undefined).map((r) => ({
    schemaname: r.schema, viewname: r.name, viewowner: OWNER, definition: r.viewSql!,
  })),
  pg_stat_user_tables: (catalog) => relations(catalog).filter((r) => r.kind === 'r' && r.namespace !== PG_CATALOG_OID).map((r) => ({
    relid: r.oid, schemaname: r.schema, relname: r.name,
  })),
};

/** The owner of everything, then the users of the users file. */
function roles(catalog: Catalog): { oid: number; name: string; superuser: boolean }[] {
  return [
    { oid: OWNER_OID, name: OWNER, superuser: true },
    ...catalog.users.list().filter((u) => u.name !== OWNER).map((u) => ({ oid: stableOid('role', u.name), name: u.name, superuser: false })),
  ];
}

function alignOf(length: number): string {
  return length === 8 ? 'd' : length === 4 ? 'i' : length === 2 ? 's' : length === 1 ? 'c' : 'i';
}

/** pg_get_keywords(): word, catcode, barelabel, catdesc, baredesc. */
export function pgKeywordsTable(): SystemTable {
  return systemTable(fieldsOf('word:text catcode:char barelabel:bool catdesc:text baredesc:text'),
    POSTGRES_RESERVED_KEYWORDS.map((word) => ({ word, catcode: 'R', barelabel: false, catdesc: 'reserved', baredesc: 'requires AS' })));
}

/** A pg_catalog view whose rows the session has (pg_settings, pg_cursors), with Postgres's columns. */
export function pgCatalogSessionTable(name: string, rows: readonly SystemRow[]): SystemTable {
  return systemTable(fieldsOf(SPECS[name]), rows);
}

/** `pg_catalog.pg_type` and friends; undefined when `name` is not one of them. */
export function pgCatalogTable(catalog: Catalog, name: string): SystemTable | undefined {
  const key = name.toLowerCase();
  const spec = SPECS[key];
  if (spec === undefined) return undefined;
  return systemTable(fieldsOf(spec), ROWS[key]?.(catalog) ?? []);
}

export type ObjectKind = 'regclass' | 'regtype' | 'regproc' | 'regnamespace';

/** The OID of a relation, type or function by name, as ::regclass, ::regtype and ::regproc give it. */
export function objectOid(catalog: Catalog, kind: ObjectKind, name: string, currentDatabase?: string): number | undefined {
  const parts = name.replace(/"/g, '').toLowerCase().split('.');
  const last = parts[parts.length - 1];
  const inCatalog = parts.length === 1 || parts[0] === 'pg_catalog';
  if (kind === 'regtype') return inCatalog ? BUILTIN_TYPES.find((t) => t.name === last || TYPE_ALIASES[last] === t.name)?.oid : undefined;
  if (kind === 'regnamespace') return namespaces(catalog).find((n) => n.name === last)?.oid;
  if (kind === 'regproc') return inCatalog ? BUILTIN_FUNCTIONS.find(([, proname]) => proname === last)?.[0] : undefined;
  // Unqualified names resolve in the current database first, as the search path would.
  const candidates = relations(catalog).filter((r) => r.name === last && (parts.length === 1 || r.schema === parts[parts.length - 2]));
  return (candidates.find((r) => r.schema === currentDatabase) ?? candidates[0])?.oid;
}

// SQL spellings of type names ('integer'::regtype).
const TYPE_ALIASES: Record<string, string> = {
  integer: 'int4', int: 'int4', smallint: 'int2', bigint: 'int8', real: 'float4', 'double precision': 'float8',
  boolean: 'bool', 'character varying': 'varchar', character: 'bpchar', decimal: 'numeric',
  'timestamp without time zone': 'timestamp', 'timestamp with time zone': 'timestamptz',
};
