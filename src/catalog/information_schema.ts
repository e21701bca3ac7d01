// information_schema, the standard catalog views that drivers and BI tools read to browse tables
// and columns: Spark databases appear as schemas, and column types under their Postgres names.

import { pgTypeOf } from '../common/postgres_types.js';
import { Field, IntegerType, StringType, typeToString } from '../common/types.js';
import { Scalar } from '../common/vector.js';
import { Catalog } from './catalog.js';

export interface SystemTable {
  readonly columns: readonly Field[];
  readonly rows: readonly (readonly Scalar[])[];
}

const text = (name: string): Field => ({ name, type: StringType, nullable: true });
const int = (name: string): Field => ({ name, type: IntegerType, nullable: true });

function relations(catalog: Catalog) {
  return catalog.listDatabases().flatMap((database) => [
    ...catalog.listTables(database).map((t) => ({ database, name: t.name, kind: 'BASE TABLE', columns: t.columns, sql: null as string | null })),
    ...catalog.listViews(database).map((v) => ({ database, name: v.name, kind: 'VIEW', columns: v.columns, sql: v.sql })),
  ]);
}

const TABLES: Record<string, (catalog: Catalog) => SystemTable> = {
  schemata: (catalog) => ({
    columns: [text('catalog_name'), text('schema_name'), text('schema_owner')],
    rows: catalog.listDatabases().map((d) => ['spark_catalog', d, 'quarry']),
  }),
  tables: (catalog) => ({
    columns: [text('table_catalog'), text('table_schema'), text('table_name'), text('table_type'), text('is_insertable_into')],
    rows: relations(catalog).map((r) => ['spark_catalog', r.database, r.name, r.kind, r.kind === 'VIEW' ? 'NO' : 'YES']),
  }),
  views: (catalog) => ({
    columns: [text('table_catalog'), text('table_schema'), text('table_name'), text('view_definition')],
    rows: relations(catalog).filter((r) => r.kind === 'VIEW').map((r) => ['spark_catalog', r.database, r.name, r.sql]),
  }),
  columns: (catalog) => ({
    columns: [
      text('table_catalog'), text('table_schema'), text('table_name'), text('column_name'), int('ordinal_position'),
      text('column_default'), text('is_nullable'), text('data_type'), int('character_maximum_length'), int('numeric_precision'),
      int('numeric_scale'), text('udt_name'), text('spark_data_type'),
    ],
    rows: relations(catalog).flatMap((r) => r.columns.map((c, i) => {
      const { sqlName: dataType, name: udtName } = pgTypeOf(c.type);
      return [
        'spark_catalog', r.database, r.name, c.name, i + 1, null, c.nullable ? 'YES' : 'NO', dataType, null,
        c.type.kind === 'decimal' ? c.type.precision : null, c.type.kind === 'decimal' ? c.type.scale : null, udtName, typeToString(c.type),
      ];
    })),
  }),
};

/** `information_schema.tables` and friends, read from the catalog at the time of the query. */
export function informationSchemaTable(catalog: Catalog, name: string): SystemTable | undefined {
  return TABLES[name.toLowerCase()]?.(catalog);
}

