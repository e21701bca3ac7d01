// INSERT OVERWRITE DIRECTORY 'dbfs:/out' USING fmt [OPTIONS (…)] query: the query's rows replace the
// files of a directory that belongs to no table, published under plain names (directory_writes.ts).

import { Catalog, TABLE_FORMATS, TableFormat, TableMetadata, checkTextColumns, writeDirectory } from '../catalog/index.js';
import { QuarryError, SqlState } from '../common/errors.js';
import { ExecutionContext } from '../exec/context.js';
import * as ast from '../parser/ast.js';
import { AnalyzerContext, QueryBinder, outputOf, planQuery, schemaOf } from '../planner/index.js';

/** Writes the rows; returns how many. */
export async function insertDirectory(catalog: Catalog, node: ast.InsertDirectory, analyzer: AnalyzerContext, ctx: ExecutionContext): Promise<number> {
  const table = directoryTable(catalog, node);
  const { optimized: plan, physical } = planQuery(catalog, new QueryBinder(analyzer).bindQuery(node.query).plan, ctx);
  const columns = schemaOf(outputOf(plan));
  checkColumnNames(columns.map((c) => c.name));
  if (table.format === 'text') checkTextColumns(columns);
  const batches = physical.execute(ctx);
  return writeDirectory(catalog, { ...table, columns }, batches, ctx.signal);
}

/** The directory as an unpartitioned, unnamed table (its columns come from the query). */
function directoryTable(catalog: Catalog, node: ast.InsertDirectory): TableMetadata {
  if (node.local) {
    throw new QuarryError(SqlState.featureNotSupported,
      '[UNSUPPORTED_FEATURE] INSERT OVERWRITE LOCAL DIRECTORY is not supported: the server writes DBFS paths only (dbfs:/…).', node.pos, 'UNSUPPORTED_FEATURE');
  }
  const format = node.format.toLowerCase();
  if (!(TABLE_FORMATS as readonly string[]).includes(format)) {
    throw new QuarryError(SqlState.featureNotSupported,
      `[UNSUPPORTED_DATA_SOURCE] Writing USING ${format} is not supported; supported formats: ${TABLE_FORMATS.join(', ')}.`, node.pos);
  }
  const options = Object.fromEntries(node.options.filter((o) => o.key.toLowerCase() !== 'path').map((o) => [o.key, o.value]));
  const pathOption = node.options.find((o) => o.key.toLowerCase() === 'path')?.value;
  if (node.path !== undefined && pathOption !== undefined) {
    throw new QuarryError(SqlState.syntaxError, "[_LEGACY_ERROR_TEMP_0049] Directory path and 'path' in OPTIONS should be specified one, but not both.", node.pos);
  }
  const target = node.path ?? pathOption;
  if (target === undefined) throw new QuarryError(SqlState.syntaxError, '[_LEGACY_ERROR_TEMP_0050] You need to specify directory path.', node.pos);
  const location = catalog.dbfs.normalize(target).replace(/\/+$/, '');
  checkNotTableData(catalog, location, node.pos);
  return {
    database: '', name: location, columns: [], partitionColumns: [], format: format as TableFormat, location, managed: false,
    properties: {}, options, createdAt: new Date().toISOString(),
  };
}

/** An overwrite of a directory holding (or inside) a table's files would destroy the table. */
function checkNotTableData(catalog: Catalog, location: string, position: number): void {
  const within = (inner: string, outer: string) => inner === outer || inner.startsWith(outer.endsWith('/') ? outer : `${outer}/`);
  for (const database of catalog.listDatabases()) {
    for (const table of catalog.listTables(database)) {
      if (within(table.location, location) || within(location, table.location)) {
        throw new QuarryError(SqlState.featureNotSupported,
          `[UNSUPPORTED_OVERWRITE.PATH] Can't overwrite ${location}: it holds or lies inside the data of the table \`spark_catalog\`.\`${table.database}\`.\`${table.name}\`.`,
          position, 'UNSUPPORTED_OVERWRITE.PATH');
      }
    }
  }
}

function checkColumnNames(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    const key = name.toLowerCase();
    if (seen.has(key)) {
      throw new QuarryError(SqlState.duplicateColumn, `[COLUMN_ALREADY_EXISTS] The column \`${key}\` already exists. Choose another name or rename the existing column.`, undefined, 'COLUMN_ALREADY_EXISTS');
    }
    seen.add(key);
  }
}
