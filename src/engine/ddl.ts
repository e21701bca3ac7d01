// Statements that change or show the catalog: CREATE/DROP TABLE and DATABASE, USE, SHOW, DESCRIBE.

import { Catalog, TableMetadata } from '../catalog/index.js';
import { QuarryError, SqlState, notSupported } from '../common/errors.js';
import { BooleanType, Field, typeToString } from '../common/types.js';
import * as ast from '../parser/ast.js';
import { qualifyTableName, resolveTable } from '../planner/index.js';
import { commandResult, rowsResult, stringField } from './results.js';
import { StatementResult } from './types.js';

export const SUPPORTED_FORMATS = ['parquet'];

export function checkFormat(node: ast.CreateTable): string {
  const format = (node.using ?? 'parquet').toLowerCase();
  if (!SUPPORTED_FORMATS.includes(format)) {
    throw new QuarryError(SqlState.featureNotSupported,
      `[UNSUPPORTED_DATA_SOURCE] Tables USING ${format} are not supported; supported formats: ${SUPPORTED_FORMATS.join(', ')}.`, node.pos);
  }
  return format;
}

/**
 * The partition columns, checked against the table's columns. Unlike Spark's datasource tables,
 * the columns keep the order they were declared in, so `INSERT … VALUES` in that order fills them
 * as written (Spark would move partition columns last and match by that position).
 */
export function partitionColumnsOf(columns: readonly Field[], partitionedBy: readonly string[], position: number): string[] {
  return partitionedBy.map((name) => {
    const column = columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!column) {
      throw new QuarryError(SqlState.undefinedColumn,
        `[COLUMN_NOT_DEFINED_IN_TABLE] Partition column \`${name}\` is not defined in the table's columns: ${columns.map((c) => `\`${c.name}\``).join(', ')}.`, position);
    }
    return column.name;
  });
}

export async function createTable(catalog: Catalog, node: ast.CreateTable, database: string, columns: Field[]): Promise<TableMetadata | undefined> {
  const format = checkFormat(node);
  const [db, name] = qualifyTableName(node.name, database);
  const partitionColumns = partitionColumnsOf(columns, node.partitionedBy, node.pos);
  try {
    return await catalog.createTable({
      database: db, name, columns, partitionColumns,
      format: format as 'parquet', location: node.location, comment: node.comment,
      properties: Object.fromEntries(node.properties.map((p) => [p.key, p.value])),
      options: Object.fromEntries(node.options.map((p) => [p.key, p.value])),
      external: node.external || node.location !== undefined,
    }, { ifNotExists: node.ifNotExists, orReplace: node.orReplace });
  } catch (e) {
    throw e instanceof QuarryError ? e.at(node.name.pos) : e;
  }
}

export async function runDdl(catalog: Catalog, node: ast.Statement, session: { database: string }): Promise<StatementResult> {
  switch (node.kind) {
    case 'dropTable': {
      if (node.isView) throw notSupported('Views', node.pos);
      const [db, name] = qualifyTableName(node.name, session.database);
      if (!catalog.getTable(db, name)) {
        if (node.ifExists) return commandResult('DROP TABLE');
        resolveTable(catalog, node.name, session.database); // raises the not-found error
      }
      await catalog.dropTable(db, name);
      return commandResult('DROP TABLE');
    }
    case 'showTables': {
      const db = (node.database ?? session.database).toLowerCase();
      requireDatabase(catalog, db, node.pos);
      const pattern = node.pattern ? sparkPattern(node.pattern) : null;
      const rows = catalog.listTables(db).filter((t) => !pattern || pattern.test(t.name)).map((t) => [t.database, t.name, false]);
      return rowsResult([stringField('namespace', false), stringField('tableName', false), { name: 'isTemporary', type: BooleanType, nullable: false }], rows);
    }
    case 'describeTable': return describeTable(resolveTable(catalog, node.name, session.database), node.extended);
    case 'use': {
      requireDatabase(catalog, node.database.toLowerCase(), node.pos);
      session.database = node.database.toLowerCase();
      return commandResult('USE');
    }
    case 'createDatabase':
      await catalog.createDatabase(node.name.toLowerCase(), { ifNotExists: node.ifNotExists, comment: node.comment, location: node.location });
      return commandResult('CREATE DATABASE');
    case 'dropDatabase':
      if (node.name.toLowerCase() === session.database) session.database = 'default';
      await catalog.dropDatabase(node.name.toLowerCase(), { ifExists: node.ifExists, cascade: node.cascade });
      return commandResult('DROP DATABASE');
    case 'showDatabases': {
      const pattern = node.pattern ? sparkPattern(node.pattern) : null;
      return rowsResult([stringField('namespace', false)], catalog.listDatabases().filter((d) => !pattern || pattern.test(d)).map((d) => [d]));
    }
    default: throw notSupported(`The ${node.kind} statement`, node.pos);
  }
}

export function requireDatabase(catalog: Catalog, name: string, position: number): void {
  if (!catalog.databaseExists(name)) {
    throw new QuarryError(SqlState.undefinedSchema,
      `[SCHEMA_NOT_FOUND] The schema \`${name}\` cannot be found. Verify the spelling and correctness of the schema and catalog.`, position, 'SCHEMA_NOT_FOUND');
  }
}

/** Spark's SHOW … LIKE patterns: `*` any characters, `|` alternatives, case-insensitive. */
function sparkPattern(pattern: string): RegExp {
  const alternatives = pattern.split('|').map((p) => p.trim().replace(/[.+?^${}()[\]\\]/g, '\\$&').replace(/\*/g, '.*'));
  return new RegExp(`^(?:${alternatives.join('|')})$`, 'i');
}

/** DESCRIBE in Spark's layout: columns, then the partition section, then details when EXTENDED. */
function describeTable(table: TableMetadata, extended: boolean): StatementResult {
  const rows: (string | null)[][] = table.columns.map((c) => [c.name, typeToString(c.type), c.comment ?? null]);
  if (table.partitionColumns.length > 0) {
    rows.push(['# Partition Information', '', ''], ['# col_name', 'data_type', 'comment']);
    for (const p of table.partitionColumns) {
      const c = table.columns.find((col) => col.name === p)!;
      rows.push([c.name, typeToString(c.type), c.comment ?? null]);
    }
  }
  if (extended) {
    rows.push(['', '', ''], ['# Detailed Table Information', '', '']);
    const details: [string, string | undefined][] = [
      ['Catalog', 'spark_catalog'], ['Database', table.database], ['Table', table.name],
      ['Created Time', table.createdAt], ['Type', table.managed ? 'MANAGED' : 'EXTERNAL'],
      ['Provider', table.format], ['Comment', table.comment], ['Location', table.location],
      ['Table Properties', Object.keys(table.properties).length > 0 ? `[${Object.entries(table.properties).map(([k, v]) => `${k}=${v}`).join(', ')}]` : undefined],
      ['Partition Provider', table.partitionColumns.length > 0 ? 'Catalog' : undefined],
    ];
    for (const [k, v] of details) if (v !== undefined) rows.push([k, v, '']);
  }
  return rowsResult([stringField('col_name', false), stringField('data_type', false), stringField('comment')], rows);
}
