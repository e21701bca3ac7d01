// information_schema, the standard catalog views that drivers and BI tools read to browse tables
// and columns: Spark databases appear as schemas, and column types under their Postgres names.
// Views about constraints, privileges and routines exist with all their columns and are empty:
// Quarry has no keys and one user.

import { pgTypeOfField } from '../common/postgres_types.js';
import { typeToString } from '../common/types.js';
import { Catalog } from './catalog.js';
import { INFORMATION_SCHEMA_COLUMNS } from './postgres_catalog_columns.js';
import { SystemRow, SystemTable, fieldsOf, systemTable } from './system_tables.js';

const CATALOG_NAME = 'spark_catalog';
const OWNER = 'quarry';

function relations(catalog: Catalog) {
  return catalog.listDatabases().flatMap((database) => [
    ...catalog.listTables(database).map((t) => ({ database, name: t.name, kind: 'BASE TABLE', columns: t.columns, sql: null as string | null })),
    ...catalog.listViews(database).map((v) => ({ database, name: v.name, kind: 'VIEW', columns: v.columns, sql: v.sql })),
  ]);
}

const yesNo = (b: boolean) => (b ? 'YES' : 'NO');

const ROWS: Record<string, (catalog: Catalog) => SystemRow[]> = {
  schemata: (catalog) => catalog.listDatabases().map((d) => ({ catalog_name: CATALOG_NAME, schema_name: d, schema_owner: OWNER })),
  tables: (catalog) => relations(catalog).map((r) => ({
    table_catalog: CATALOG_NAME, table_schema: r.database, table_name: r.name, table_type: r.kind,
    is_insertable_into: yesNo(r.kind !== 'VIEW'), is_typed: 'NO',
  })),
  views: (catalog) => relations(catalog).filter((r) => r.kind === 'VIEW').map((r) => ({
    table_catalog: CATALOG_NAME, table_schema: r.database, table_name: r.name, view_definition: r.sql, check_option: 'NONE',
    is_updatable: 'NO', is_insertable_into: 'NO', is_trigger_updatable: 'NO', is_trigger_deletable: 'NO', is_trigger_insertable_into: 'NO',
  })),
  columns: (catalog) => relations(catalog).flatMap((r) => r.columns.map((c, i) => {
    const pg = pgTypeOfField(c);
    const decimal = c.type.kind === 'decimal' ? c.type : null;
    const integral = ({ tinyint: 16, smallint: 16, int: 32, bigint: 64 } as Record<string, number>)[c.type.kind];
    const floating = ({ float: 24, double: 53 } as Record<string, number>)[c.type.kind];
    return {
      table_catalog: CATALOG_NAME, table_schema: r.database, table_name: r.name, column_name: c.name, ordinal_position: i + 1,
      is_nullable: yesNo(c.nullable), data_type: pg.sqlName,
      numeric_precision: decimal?.precision ?? integral ?? floating ?? null,
      numeric_precision_radix: decimal ? 10 : integral || floating ? 2 : null,
      numeric_scale: decimal?.scale ?? (integral ? 0 : null),
      datetime_precision: ['date'].includes(c.type.kind) ? 0 : ['timestamp', 'timestamp_ntz', 'interval_dt'].includes(c.type.kind) ? 6
        : 'precision' in c.type && c.type.kind !== 'decimal' ? c.type.precision : null,
      udt_catalog: CATALOG_NAME, udt_schema: 'pg_catalog', udt_name: pg.name, dtd_identifier: String(i + 1),
      is_self_referencing: 'NO', is_identity: 'NO', identity_cycle: 'NO', is_generated: 'NEVER', is_updatable: yesNo(r.kind !== 'VIEW'),
      spark_data_type: typeToString(c.type),
    };
  })),
  // Registered ML models are functions (predict(model, …)), so SQL tools list them with the routines.
  routines: (catalog) => catalog.listDatabases().flatMap((db) => catalog.listModels(db)).map((m) => ({
    specific_catalog: CATALOG_NAME, specific_schema: m.database, specific_name: m.name, routine_catalog: CATALOG_NAME,
    routine_schema: m.database, routine_name: m.name, routine_type: 'FUNCTION', data_type: 'USER-DEFINED',
    routine_body: 'EXTERNAL', external_name: m.className, external_language: 'SPARK_ML', is_deterministic: 'YES',
    created: Date.parse(m.createdAt) * 1000,
  })),
  character_sets: () => [{
    character_set_name: 'UTF8', character_repertoire: 'UCS', form_of_use: 'UTF8', default_collate_catalog: CATALOG_NAME,
    default_collate_schema: 'pg_catalog', default_collate_name: 'C',
  }],
};

// Quarry's own addition: the column's Spark type, as DESCRIBE shows it.
const EXTRA_COLUMNS: Record<string, string> = { columns: 'spark_data_type:varchar' };

/** `information_schema.tables` and friends, read from the catalog at the time of the query. */
export function informationSchemaTable(catalog: Catalog, name: string): SystemTable | undefined {
  const key = name.toLowerCase();
  const spec = INFORMATION_SCHEMA_COLUMNS[key];
  if (spec === undefined) return undefined;
  return systemTable(fieldsOf(`${spec} ${EXTRA_COLUMNS[key] ?? ''}`), ROWS[key]?.(catalog) ?? []);
}
