// Statements that change or show the catalog: CREATE/DROP/ALTER/TRUNCATE TABLE, databases, USE,
// SHOW and DESCRIBE.

import {
  Catalog, TABLE_FORMATS, TableFormat, TableMetadata, addPartition, dropPartitions, listPartitionDirectories, listPartitions,
  renamePartition, truncateTableData,
} from '../catalog/index.js';
import { QuarryError, SqlState, notSupported } from '../common/errors.js';
import { TimeZone } from '../common/time_zone.js';
import { BooleanType, Field, containsMap, typeToSql, typeToString } from '../common/types.js';
import * as ast from '../parser/ast.js';
import { GLOBAL_TEMP_DATABASE, QueryBinder, TemporaryView, castTo, foldConstants, qualifyTableName, resolveTable } from '../planner/index.js';
import { Scalar, getScalar } from '../common/vector.js';
import { functionNames } from '../exec/functions/registry.js';
import { QUARRY_VERSION } from '../exec/functions/misc.js';
import { DESCRIBE_COLUMNS, commandResult, notice, rowsResult, stringField } from './results.js';
import { columnStatisticsRows, statisticsText } from './table_statistics.js';
import { StatementResult } from './types.js';

export function checkFormat(node: ast.CreateTable): TableFormat {
  const format = (node.using ?? 'parquet').toLowerCase();
  if (!(TABLE_FORMATS as readonly string[]).includes(format)) {
    throw new QuarryError(SqlState.featureNotSupported,
      `[UNSUPPORTED_DATA_SOURCE] Tables USING ${format} are not supported; supported formats: ${TABLE_FORMATS.join(', ')}.`, node.pos);
  }
  return format as TableFormat;
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

export async function createTable(catalog: Catalog, node: ast.CreateTable, session: Pick<DdlSession, 'database' | 'user'>, columns: Field[], creating = false): Promise<TableMetadata | undefined> {
  const format = checkFormat(node);
  // CSV has no form for a map (Spark refuses it too); Parquet and JSON store maps.
  const mapColumn = format === 'csv' ? columns.find((c) => containsMap(c.type)) : undefined;
  if (mapColumn) {
    throw new QuarryError(SqlState.featureNotSupported,
      `[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the column \`${mapColumn.name}\` of the type "${typeToSql(mapColumn.type)}".`,
      node.pos, 'UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE');
  }
  const [db, name] = qualifyTableName(node.name, session.database);
  const partitionColumns = partitionColumnsOf(columns, node.partitionedBy, node.pos);
  // Bucketing lays files out for joins; results do not depend on it, so it is checked and not applied.
  for (const bucketColumn of node.clusteredBy?.columns ?? []) {
    if (!columns.some((c) => c.name.toLowerCase() === bucketColumn.toLowerCase())) {
      throw new QuarryError(SqlState.undefinedColumn, `[COLUMN_NOT_DEFINED_IN_TABLE] Bucket column \`${bucketColumn}\` is not defined in table ${name}.`, node.pos);
    }
  }
  // OPTIONS (path '…') is Spark's other spelling of LOCATION.
  const pathOption = node.options.find((o) => o.key.toLowerCase() === 'path')?.value;
  const location = node.location ?? pathOption;
  try {
    return await catalog.createTable({
      database: db, name, columns, partitionColumns,
      format, location, comment: node.comment,
      properties: Object.fromEntries(node.properties.map((p) => [p.key, p.value])),
      options: Object.fromEntries(node.options.filter((o) => o.key.toLowerCase() !== 'path').map((p) => [p.key, p.value])),
      external: node.external || location !== undefined,
      creating, owner: session.user,
    }, { ifNotExists: node.ifNotExists, orReplace: node.orReplace });
  } catch (e) {
    throw e instanceof QuarryError ? e.at(node.name.pos) : e;
  }
}

/** VACUUM's default retention, as Databricks': files younger than a week may belong to writes under way elsewhere. */
const DEFAULT_VACUUM_RETAIN_HOURS = 168;

/** What catalog statements need of the session. */
export interface DdlSession {
  database: string;
  readonly user: string;
  readonly temporaryViews: Map<string, TemporaryView>;
  readonly globalTemporaryViews: Map<string, TemporaryView>;
}

export async function runDdl(catalog: Catalog, node: ast.Statement, session: DdlSession): Promise<StatementResult> {
  switch (node.kind) {
    case 'dropTable': return node.isView ? dropView(catalog, node, session) : dropTable(catalog, node, session);
    case 'showTables': {
      const db = (node.database ?? session.database).toLowerCase();
      requireDatabase(catalog, db, node.pos);
      const pattern = node.pattern ? sparkPattern(node.pattern) : null;
      const names = [...(node.viewsOnly ? [] : catalog.listTables(db)), ...catalog.listViews(db)].map((t): [string, string, boolean] => [t.database, t.name, false])
        .sort((a, b) => a[1].localeCompare(b[1]));
      const temporary = [...session.temporaryViews.keys()].sort().map((name): [string, string, boolean] => ['', name, true]);
      const rows = [...names, ...temporary].filter((r) => !pattern || pattern.test(r[1]));
      const header = [stringField('namespace', false), stringField(node.viewsOnly ? 'viewName' : 'tableName', false), { name: 'isTemporary', type: BooleanType, nullable: false }];
      if (!node.extended) return rowsResult(header, rows);
      return showTablesExtended(catalog, db, rows, header, node, session);
    }
    case 'describeTable': {
      const view = findView(catalog, node.name, session);
      const columns = view?.columns ?? resolveTable(catalog, node.name, session.database).columns;
      if (node.column) {
        const column = columns.find((c) => c.name.toLowerCase() === node.column!.toLowerCase());
        if (!column) throw new QuarryError(SqlState.undefinedColumn, `[UNRESOLVED_COLUMN] The column \`${node.column}\` cannot be resolved in \`${node.name.parts.join('.')}\`.`, node.pos);
        const statistics = node.extended && !view ? resolveTable(catalog, node.name, session.database).statistics : undefined;
        return rowsResult([stringField('info_name', false), stringField('info_value')], [
          ['col_name', column.name], ['data_type', typeToString(column.type)], ['comment', column.comment ?? 'NULL'],
          ...(node.extended ? columnStatisticsRows(statistics?.columns?.[column.name]) : []),
        ]);
      }
      if (view) {
        if (node.partition) throw new QuarryError('42601', `[INVALID_PARTITION_OPERATION] \`${node.name.parts.join('.')}\` is a view: it has no partitions.`, node.pos);
        return rowsResult(DESCRIBE_COLUMNS, view.columns.map((c) => [c.name, typeToString(c.type), c.comment ?? null]));
      }
      const table = resolveTable(catalog, node.name, session.database);
      if (!node.partition) return describeTable(table, node.extended);
      return describePartition(catalog, table, node.partition, node.extended, session.database, node.pos);
    }
    case 'createFunction':
      throw new QuarryError(SqlState.featureNotSupported,
        `[UNSUPPORTED_FEATURE] The function ${node.name.parts.join('.')} would run the JVM class '${node.className}': Quarry has no JVM.`, node.pos);
    case 'describeFunction': {
      const castAlias = describeCastAlias(node.name.toLowerCase(), node.extended === true);
      if (castAlias) return rowsResult([stringField('function_desc', false)], castAlias.map((line) => [line]));
      if (!functionNames().includes(node.name.toLowerCase())) {
        throw new QuarryError(SqlState.undefinedFunction, `[UNRESOLVED_ROUTINE] Cannot resolve routine \`${node.name}\` on search path [\`system\`.\`builtin\`, \`system\`.\`session\`].`, node.pos);
      }
      return rowsResult([stringField('function_desc', false)], [[`Function: ${node.name.toLowerCase()}`], ['Class: Quarry built-in'], ['Usage: N/A.']]);
    }
    case 'use': {
      requireDatabase(catalog, node.database.toLowerCase(), node.pos);
      session.database = node.database.toLowerCase();
      return commandResult('USE');
    }
    case 'createDatabase':
      if (node.collation && node.collation.toUpperCase() !== 'UTF8_BINARY') {
        throw new QuarryError(SqlState.featureNotSupported,
          `[UNSUPPORTED_FEATURE.COLLATION] The collation ${node.collation} is not supported: Quarry compares strings by code point (UTF8_BINARY).`, node.pos);
      }
      await catalog.createDatabase(node.name.toLowerCase(), {
        ifNotExists: node.ifNotExists, comment: node.comment, location: node.location,
        properties: node.properties && Object.fromEntries(node.properties.map((p) => [p.key, p.value])),
      });
      return commandResult('CREATE DATABASE');
    case 'dropDatabase':
      if (node.name.toLowerCase() === session.database) session.database = 'default';
      await catalog.dropDatabase(node.name.toLowerCase(), { ifExists: node.ifExists, cascade: node.cascade });
      return commandResult('DROP DATABASE');
    case 'showDatabases': {
      const pattern = node.pattern ? sparkPattern(node.pattern) : null;
      return rowsResult([stringField('namespace', false)], catalog.listDatabases().filter((d) => !pattern || pattern.test(d)).map((d) => [d]));
    }
    case 'truncateTable': {
      const table = resolveTable(catalog, node.name, session.database);
      if (!table.managed) {
        throw new QuarryError(SqlState.featureNotSupported,
          `[UNSUPPORTED_FEATURE.TABLE_OPERATION] TRUNCATE TABLE is not allowed on the external table \`${table.database}\`.\`${table.name}\`: its files belong to their owner.`, node.pos);
      }
      await truncateTableData(catalog, table);
      catalog.tableCache.invalidate(table.location);
      // Measured statistics now say what Spark's say after a truncation: empty.
      if (table.statistics) await catalog.alterTable(table.database, table.name, (t) => ({ ...t, statistics: { sizeInBytes: 0, rowCount: 0 } }));
      return commandResult('TRUNCATE TABLE');
    }
    case 'showPartitions': {
      const table = resolveTable(catalog, node.name, session.database);
      if (table.partitionColumns.length === 0) {
        throw new QuarryError('42601', `[INVALID_PARTITION_OPERATION.PARTITION_SCHEMA_IS_EMPTY] Table \`${table.database}\`.\`${table.name}\` is not partitioned.`, node.pos);
      }
      return rowsResult([stringField('partition', false)], (await listPartitions(catalog, table)).map((p) => [p]));
    }
    case 'showColumns':
      return rowsResult([stringField('col_name', false)], resolveTable(catalog, node.name, session.database).columns.map((c) => [c.name]));
    case 'showCreateTable': {
      const [db, name] = qualifyTableName(node.name, session.database);
      const view = catalog.getView(db, name);
      if (view) {
        const columns = view.columns.map((c) => `  ${c.name}${c.comment ? ` COMMENT '${c.comment.replace(/'/g, "\\'")}'` : ''}`).join(',\n');
        return rowsResult([stringField('createtab_stmt', false)], [[`CREATE VIEW spark_catalog.${db}.${name} (\n${columns})\nAS ${view.sql}\n`]]);
      }
      const table = resolveTable(catalog, node.name, session.database);
      if (node.asSerde) {
        throw new QuarryError(SqlState.featureNotSupported,
          `[UNSUPPORTED_SHOW_CREATE_TABLE.ON_DATA_SOURCE_TABLE_WITH_AS_SERDE] ${table.database}.${table.name} is a Spark data source table: use SHOW CREATE TABLE without AS SERDE.`, node.pos);
      }
      return rowsResult([stringField('createtab_stmt', false)], [[showCreateTable(table)]]);
    }
    case 'alterTable': {
      const { location } = resolveTable(catalog, node.name, session.database);
      const result = await alterTable(catalog, node, session.database);
      // Partitions added, dropped or renamed change the files a cached table holds.
      catalog.tableCache.invalidate(location);
      return result;
    }
    case 'describeDatabase': {
      const database = catalog.getDatabase(node.name);
      if (!database) requireDatabase(catalog, node.name.toLowerCase(), node.pos);
      return rowsResult([stringField('info_name', false), stringField('info_value')], [
        ['Catalog Name', 'spark_catalog'], ['Namespace Name', database!.name], ['Comment', database!.comment ?? ''],
        ['Location', database!.location], ['Owner', 'quarry'],
        // Spark prints the sorted pairs as Scala tuples: ((a,1), (b,2)).
        ...(node.extended ? [['Properties', databasePropertiesText(database!.properties ?? {})]] : []),
      ]);
    }
    case 'alterDatabase':
      requireDatabase(catalog, node.name.toLowerCase(), node.pos);
      await catalog.setDatabaseProperties(node.name, Object.fromEntries(node.properties.map((p) => [p.key, p.value])));
      return commandResult('ALTER DATABASE');
    case 'showTblProperties': return showTableProperties(catalog, node, session.database);
    case 'showFunctions': {
      const pattern = node.pattern ? sparkPattern(node.pattern) : null;
      return rowsResult([stringField('function', false)], functionNames().filter((f) => !pattern || pattern.test(f)).map((f) => [f]));
    }
    case 'refreshTable':
      // Files are listed when a query reads the table; only CACHE TABLE's data may be stale.
      catalog.tableCache.invalidate(resolveTable(catalog, node.name, session.database).location);
      return commandResult('REFRESH TABLE');
    case 'vacuum': {
      const table = resolveTable(catalog, node.name, session.database);
      const retainMs = (node.retainHours ?? DEFAULT_VACUUM_RETAIN_HOURS) * 3_600_000;
      await catalog.vacuum(table, retainMs);
      return commandResult('VACUUM');
    }
    case 'createTableLike': {
      const source = resolveTable(catalog, node.source, session.database);
      const [db, name] = qualifyTableName(node.name, session.database);
      const format = (node.using ?? source.format).toLowerCase();
      if (!(TABLE_FORMATS as readonly string[]).includes(format)) throw notSupported(`Tables USING ${format}`, node.pos);
      await catalog.createTable({
        database: db, name, columns: source.columns, partitionColumns: source.partitionColumns, format: format as TableFormat,
        location: node.location, options: { ...source.options }, properties: {}, owner: session.user,
      }, { ifNotExists: node.ifNotExists }).catch((e) => { throw e instanceof QuarryError ? e.at(node.name.pos) : e; });
      return commandResult('CREATE TABLE');
    }
    default: throw notSupported(`The ${node.kind} statement`, node.pos);
  }
}

async function dropTable(catalog: Catalog, node: ast.DropTable, session: DdlSession): Promise<StatementResult> {
  const [db, name] = qualifyTableName(node.name, session.database);
  if (findView(catalog, node.name, session)) {
    throw new QuarryError('42809', `[WRONG_COMMAND_FOR_OBJECT_TYPE] \`${name}\` is a view: use DROP VIEW.`, node.name.pos);
  }
  if (!catalog.getTable(db, name)) {
    if (node.ifExists) return commandResult('DROP TABLE', notice(`table "${name}" does not exist, skipping`));
    resolveTable(catalog, node.name, session.database); // raises the not-found error
  }
  await catalog.dropTable(db, name);
  return commandResult('DROP TABLE');
}

async function dropView(catalog: Catalog, node: ast.DropTable, session: DdlSession): Promise<StatementResult> {
  const [db, name] = qualifyTableName(node.name, session.database);
  if (node.name.parts.length === 1 && session.temporaryViews.delete(name)) return commandResult('DROP VIEW');
  if (db === GLOBAL_TEMP_DATABASE && session.globalTemporaryViews.delete(name)) return commandResult('DROP VIEW');
  if (catalog.getView(db, name)) {
    await catalog.dropView(db, name);
    return commandResult('DROP VIEW');
  }
  if (catalog.getTable(db, name)) {
    throw new QuarryError('42809', `[WRONG_COMMAND_FOR_OBJECT_TYPE] \`${name}\` is a table: use DROP TABLE.`, node.name.pos);
  }
  if (node.ifExists) return commandResult('DROP VIEW', notice(`view "${name}" does not exist, skipping`));
  throw new QuarryError(SqlState.undefinedTable, `[TABLE_OR_VIEW_NOT_FOUND] The view \`${node.name.parts.join('`.`')}\` cannot be found.`, node.name.pos, 'TABLE_OR_VIEW_NOT_FOUND');
}

/** A temporary view (single-part name) or a persistent one. */
function findView(catalog: Catalog, name: ast.QualifiedName, session: DdlSession): { columns: readonly Field[] } | undefined {
  if (name.parts.length === 1) {
    const temporary = session.temporaryViews.get(name.parts[0].toLowerCase());
    if (temporary) return temporary;
  }
  const [db, table] = qualifyTableName(name, session.database);
  return catalog.getView(db, table);
}

async function alterTable(catalog: Catalog, node: ast.AlterTable, database: string): Promise<StatementResult> {
  const table = resolveTable(catalog, node.name, database);
  const action = node.action;
  const at = (e: unknown) => (e instanceof QuarryError ? e.at(node.pos) : e);
  switch (action.kind) {
    case 'rename': {
      const [toDatabase, toName] = qualifyTableName(action.to, table.database);
      await catalog.renameTable(table.database, table.name, toDatabase, toName).catch((e) => { throw at(e); });
      break;
    }
    case 'addColumns': {
      const added = action.columns.map((c): Field => ({ name: c.name, type: c.type.type, nullable: c.nullable, comment: c.comment, ...(c.defaultSql ? { defaultSql: c.defaultSql } : {}) }));
      await catalog.alterTable(table.database, table.name, (t) => ({ ...t, columns: [...t.columns, ...added] })).catch((e) => { throw at(e); });
      break;
    }
    case 'setProperties':
      await catalog.alterTable(table.database, table.name, (t) => ({
        ...t, properties: { ...t.properties, ...Object.fromEntries(action.properties.map((p) => [p.key, p.value])) },
      }));
      break;
    case 'changeColumn': {
      const column = table.columns.find((c) => c.name.toLowerCase() === action.column.toLowerCase());
      if (!column) throw new QuarryError(SqlState.undefinedColumn, `[UNRESOLVED_COLUMN] Column \`${action.column}\` does not exist in \`${table.name}\`.`, node.pos);
      // Files keep the type they were written with: only a change that leaves it as it is can be made.
      if (action.type && typeToString(action.type.type) !== typeToString(column.type)) {
        throw new QuarryError(SqlState.featureNotSupported,
          `[NOT_SUPPORTED_CHANGE_COLUMN] ALTER TABLE CHANGE COLUMN cannot change \`${column.name}\` from ${typeToString(column.type)} to ${typeToString(action.type.type)}.`, action.type.pos);
      }
      if (action.comment !== undefined) {
        await catalog.alterTable(table.database, table.name, (t) => ({
          ...t, columns: t.columns.map((c) => (c.name === column.name ? { ...c, comment: action.comment } : c)),
        }));
      }
      break;
    }
    case 'renamePartition': {
      if (!table.managed) throw notSupported('RENAME PARTITION on an external table (its files belong to their owner)', node.pos);
      const from = partitionValues(catalog, table, action.from, database, true);
      const to = partitionValues(catalog, table, action.to, database, true);
      if (!(await renamePartition(catalog, table, from, to))) {
        throw new QuarryError('42P01', `[PARTITIONS_NOT_FOUND] The partition (${describeSpec(from)}) cannot be found in \`${table.name}\`, or (${describeSpec(to)}) exists.`, node.pos);
      }
      break;
    }
    case 'addPartitions': case 'dropPartitions': {
      if (action.kind === 'addPartitions' && action.locations?.some((l) => l !== undefined)) {
        throw notSupported('ADD PARTITION … LOCATION (partitions live under their table)', node.pos);
      }
      if (table.partitionColumns.length === 0) {
        throw new QuarryError('42601', `[INVALID_PARTITION_OPERATION.PARTITION_SCHEMA_IS_EMPTY] Table \`${table.database}\`.\`${table.name}\` is not partitioned.`, node.pos);
      }
      if (action.kind === 'dropPartitions' && !table.managed) throw notSupported('DROP PARTITION on an external table (its files belong to their owner)', node.pos);
      for (const spec of action.partitions) {
        const values = partitionValues(catalog, table, spec, database, action.kind === 'addPartitions');
        if (action.kind === 'addPartitions') {
          if (!(await addPartition(catalog, table, values)) && !action.ifNotExists) {
            throw new QuarryError('42P07', `[PARTITIONS_ALREADY_EXIST] The partition (${describeSpec(values)}) already exists in \`${table.name}\`.`, node.pos);
          }
        } else if ((await dropPartitions(catalog, table, values)) === 0 && !action.ifExists) {
          throw new QuarryError('42P01', `[PARTITIONS_NOT_FOUND] The partition (${describeSpec(values)}) cannot be found in \`${table.name}\`.`, node.pos);
        }
      }
      break;
    }
    case 'unsetProperties': {
      const missing = action.keys.find((k) => !(k in table.properties));
      if (missing !== undefined && !action.ifExists) {
        throw new QuarryError('42703', `[UNSET_NONEXISTENT_PROPERTIES] Attempted to unset non-existent property \`${missing}\` in table \`${table.database}\`.\`${table.name}\`.`, node.pos);
      }
      await catalog.alterTable(table.database, table.name, (t) => ({
        ...t, properties: Object.fromEntries(Object.entries(t.properties).filter(([k]) => !action.keys.includes(k))),
      }));
      break;
    }
  }
  return commandResult('ALTER TABLE');
}

/** SHOW TABLE EXTENDED: each table's DESCRIBE EXTENDED details (or its partition's) as one text column. */
async function showTablesExtended(
  catalog: Catalog, database: string, rows: [string, string, boolean][], header: Field[], node: ast.ShowTables, session: DdlSession,
): Promise<StatementResult> {
  const out: Scalar[][] = [];
  for (const [namespace, name, temporary] of rows) {
    const table = temporary ? undefined : catalog.getTable(database, name);
    const columns = table?.columns ?? (temporary ? session.temporaryViews.get(name)!.columns : catalog.getView(database, name)!.columns);
    const lines = [`Catalog: spark_catalog`, `Database: ${namespace}`, `Table: ${name}`];
    if (table) {
      lines.push(`Type: ${table.managed ? 'MANAGED' : 'EXTERNAL'}`, `Provider: ${table.format}`, `Location: ${table.location}`);
      if (table.partitionColumns.length > 0) lines.push(`Partition Columns: [${table.partitionColumns.map((c) => `\`${c}\``).join(', ')}]`);
    } else lines.push(`Type: ${temporary ? 'TEMPORARY VIEW' : 'VIEW'}`);
    if (node.partition) {
      if (!table) throw new QuarryError('42601', `[INVALID_PARTITION_OPERATION] \`${name}\` has no partitions.`, node.pos);
      const values = partitionValues(catalog, table, node.partition, database, true);
      const [directory] = await listPartitionDirectories(catalog, table, (v) => table.partitionColumns.every((c) => v[c] === values[c]));
      if (!directory) throw new QuarryError('42P01', `[PARTITIONS_NOT_FOUND] The partition (${describeSpec(values)}) cannot be found in \`${table.name}\`.`, node.pos);
      lines.push(`Partition Values: [${table.partitionColumns.map((c) => `${c}=${String(values[c])}`).join(', ')}]`);
    }
    // Spark's tree names: integer, long, short, byte.
    const treeName = (t: Field['type']) => ({ int: 'integer', bigint: 'long', smallint: 'short', tinyint: 'byte' } as Record<string, string>)[t.kind] ?? typeToString(t);
    lines.push('Schema: root', ...columns.map((c) => ` |-- ${c.name}: ${treeName(c.type)} (nullable = ${c.nullable})`));
    out.push([namespace, name, temporary, `${lines.join('\n')}\n`]);
  }
  return rowsResult([...header, stringField('information', false)], out);
}

/** DESC t PARTITION (…): the table's columns, then (EXTENDED) the partition's values and place. */
async function describePartition(
  catalog: Catalog, table: TableMetadata, spec: ast.PartitionSpec, extended: boolean, database: string, position: number,
): Promise<StatementResult> {
  if (table.partitionColumns.length === 0) {
    throw new QuarryError('42601', `[INVALID_PARTITION_OPERATION.PARTITION_SCHEMA_IS_EMPTY] Table \`${table.database}\`.\`${table.name}\` is not partitioned.`, position);
  }
  const values = partitionValues(catalog, table, spec, database, true);
  const [directory] = await listPartitionDirectories(catalog, table, (v) => table.partitionColumns.every((c) => v[c] === values[c]));
  if (!directory) throw new QuarryError('42P01', `[PARTITIONS_NOT_FOUND] The partition (${describeSpec(values)}) cannot be found in \`${table.name}\`.`, position);
  const described = describeTable(table, false) as Extract<StatementResult, { kind: 'rows' }>;
  if (!extended) return described;
  const rows: (string | null)[][] = [];
  for await (const batch of described.batches) {
    for (let i = 0; i < batch.numRows; i++) rows.push(batch.columns.map((c) => getScalar(c, i) as string | null));
  }
  rows.push(['', '', ''], ['# Detailed Partition Information', '', ''],
    ['Database', table.database, ''], ['Table', table.name, ''],
    ['Partition Values', `[${table.partitionColumns.map((c) => `${c}=${String(values[c])}`).join(', ')}]`, ''],
    ['Location', `${table.location}/${directory.relative}`, '']);
  return rowsResult(DESCRIBE_COLUMNS, rows);
}

/** A PARTITION (k = v, …) spec as typed values of the table's partition columns. */
function partitionValues(catalog: Catalog, table: TableMetadata, spec: ast.PartitionSpec, database: string, complete: boolean): Record<string, Scalar> {
  const binder = new QueryBinder({ catalog, database, timeZone: TimeZone.UTC });
  const values: Record<string, Scalar> = {};
  for (const { column, value } of spec) {
    const name = table.partitionColumns.find((p) => p.toLowerCase() === column.toLowerCase());
    if (!name) throw new QuarryError(SqlState.undefinedColumn, `[PARTITIONS_NOT_FOUND] \`${column}\` is not a partition column of \`${table.name}\`.`, value.pos);
    const type = table.columns.find((c) => c.name === name)!.type;
    const typed = foldConstants(castTo(binder.bindConstant(value, 'PARTITION'), type, 'ansi'));
    if (typed.kind !== 'literal') throw new QuarryError('22018', `The partition value of \`${name}\` is not a valid ${typeToString(type)}.`, value.pos);
    values[name] = typed.value;
  }
  if (complete && Object.keys(values).length !== table.partitionColumns.length) {
    throw new QuarryError('42000', `[PARTITION_SPEC_INCOMPLETE] ADD PARTITION needs a value for each of ${table.partitionColumns.join(', ')}.`, spec[0]?.value.pos);
  }
  return values;
}

const describeSpec = (values: Record<string, Scalar>) => Object.entries(values).map(([k, v]) => `${k} = ${String(v)}`).join(', ');

/** Spark's SHOW CREATE TABLE text. */
function showCreateTable(t: TableMetadata): string {
  const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const columns = t.columns.map((c) => `  ${c.name} ${typeToString(c.type).toUpperCase()}${c.nullable ? '' : ' NOT NULL'}${c.defaultSql ? ` DEFAULT ${c.defaultSql}` : ''}${c.comment ? ` COMMENT ${quote(c.comment)}` : ''}`);
  const lines = [`CREATE TABLE spark_catalog.${t.database}.${t.name} (`, `${columns.join(',\n')})`, `USING ${t.format}`];
  if (t.partitionColumns.length > 0) lines.push(`PARTITIONED BY (${t.partitionColumns.join(', ')})`);
  if (t.comment) lines.push(`COMMENT ${quote(t.comment)}`);
  if (!t.managed) lines.push(`LOCATION ${quote(t.location)}`);
  const properties = Object.entries(t.properties);
  if (properties.length > 0) lines.push(`TBLPROPERTIES (\n${properties.map(([k, v]) => `  ${quote(k)} = ${quote(v)}`).join(',\n')})`);
  return `${lines.join('\n')}\n`;
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
    const serde = HIVE_SERDES[table.format === 'parquet' ? 'parquet' : 'other'];
    const options = Object.entries(table.options);
    const details: [string, string | undefined][] = [
      ['Catalog', 'spark_catalog'], ['Database', table.database], ['Table', table.name], ['Owner', table.owner],
      ['Created Time', javaDateText(table.createdAt)], ['Last Access', 'UNKNOWN'], ['Created By', QUARRY_VERSION],
      ['Type', table.managed ? 'MANAGED' : 'EXTERNAL'], ['Provider', table.format], ['Comment', table.comment],
      ['Table Properties', Object.keys(table.properties).length > 0 ? `[${Object.entries(table.properties).map(([k, v]) => `${k}=${v}`).join(', ')}]` : undefined],
      ['Statistics', table.statistics && statisticsText(table.statistics)],
      ['Location', table.location],
      ['Serde Library', serde[0]], ['InputFormat', serde[1]], ['OutputFormat', serde[2]],
      ['Storage Properties', options.length > 0 ? `[${options.map(([k, v]) => `${k}=${v}`).join(', ')}]` : undefined],
      ['Partition Provider', table.partitionColumns.length > 0 ? 'Catalog' : undefined],
    ];
    for (const [k, v] of details) if (v !== undefined) rows.push([k, v, '']);
  }
  return rowsResult(DESCRIBE_COLUMNS, rows);
}

/**
 * The Hive storage Spark's Hive metastore records for data source tables: Parquet's own SerDe, and
 * for the formats Hive cannot read natively the placeholder SerDe and sequence-file formats.
 */
const HIVE_SERDES = {
  parquet: ['org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'],
  other: ['org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe', 'org.apache.hadoop.mapred.SequenceFileInputFormat',
    'org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat'],
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** As java.util.Date#toString prints an instant in UTC, which DESCRIBE shows: `Wed Nov 25 03:10:00 UTC 2026`. */
function javaDateText(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** Type names Spark registers as functions that cast their argument: `boolean(x)`, `int(x)`. */
const CAST_ALIASES = ['boolean', 'tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'decimal', 'binary', 'string', 'date', 'timestamp'];

/** DESCRIBE FUNCTION of a cast alias, in Spark's words (its ExpressionInfo for Cast). */
function describeCastAlias(name: string, extended: boolean): string[] | undefined {
  if (!CAST_ALIASES.includes(name)) return undefined;
  return [
    'Class: org.apache.spark.sql.catalyst.expressions.Cast',
    ...(extended ? [`Extended Usage:\n    No example/argument for ${name}.\n\n    Since: 2.0.1\n`] : []),
    `Function: ${name}`,
    `Usage: ${name}(expr) - Casts the value \`expr\` to the target data type \`${name}\`.`,
  ];
}

function databasePropertiesText(properties: Readonly<Record<string, string>>): string {
  const entries = Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '' : `(${entries.map(([k, v]) => `(${k},${v})`).join(', ')})`;
}

/** SHOW TBLPROPERTIES t [('key')]: the table's properties, sorted by key, or the one asked for. */
function showTableProperties(catalog: Catalog, node: ast.ShowTblProperties, database: string): StatementResult {
  const columns = [stringField('key', false), stringField('value')];
  const [db, name] = qualifyTableName(node.name, database);
  const view = node.name.parts.length <= 3 ? catalog.getView(db, name) : undefined;
  const properties: Readonly<Record<string, string>> = view ? {} : resolveTable(catalog, node.name, database).properties;
  if (node.key !== undefined) {
    const value = properties[node.key] ?? `Table spark_catalog.${db}.${name} does not have property: ${node.key}`;
    return rowsResult(columns, [[node.key, value]]);
  }
  return rowsResult(columns, Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
