// CACHE [LAZY] TABLE name AS SELECT …: the query runs once; its rows are kept as Parquet under
// dbfs:/tmp/.quarry_cache (Spark's default level for CACHE TABLE keeps what memory cannot hold on
// disk too) and in the table cache, and `name` becomes a temporary view over them. The files go
// when the session ends, or at the next start after a crash.

import { randomUUID } from 'node:crypto';
import { Catalog, TableMetadata, removePath, scanTable, writeTableData } from '../catalog/index.js';
import { QuarryError, SqlState } from '../common/errors.js';
import { ExecutionContext } from '../exec/context.js';
import * as ast from '../parser/ast.js';
import { parseStatement } from '../parser/index.js';
import { AnalyzerContext, QueryBinder, TemporaryView, fileRelationKey, outputOf, planQuery, schemaOf } from '../planner/index.js';

export const QUERY_CACHE_ROOT = 'dbfs:/tmp/.quarry_cache';

/** Runs the query into its cache folder; the view to register under the name, and that folder. */
export async function cacheQuery(
  catalog: Catalog, query: ast.Query, lazy: boolean, analyzer: AnalyzerContext, ctx: ExecutionContext,
): Promise<{ view: TemporaryView; location: string }> {
  const { optimized: plan, physical } = planQuery(catalog, new QueryBinder(analyzer).bindQuery(query).plan, ctx);
  const columns = schemaOf(outputOf(plan));
  const names = new Set<string>();
  for (const c of columns) {
    if (names.has(c.name.toLowerCase())) {
      throw new QuarryError(SqlState.duplicateColumn, `[COLUMN_ALREADY_EXISTS] The column \`${c.name.toLowerCase()}\` already exists. Choose another name or rename the existing column.`, query.pos, 'COLUMN_ALREADY_EXISTS');
    }
    names.add(c.name.toLowerCase());
  }
  const location = `${QUERY_CACHE_ROOT}/${randomUUID()}`;
  const table: TableMetadata = {
    database: 'parquet', name: location, columns, partitionColumns: [], format: 'parquet', location, managed: false,
    properties: {}, options: {}, createdAt: new Date().toISOString(),
  };
  try {
    await writeTableData(catalog, table, physical.execute(ctx), { overwrite: true, signal: ctx.signal });
    catalog.tableCache.register(location);
    if (!lazy) for await (const _ of scanTable(catalog, table, { columns: [], signal: ctx.signal })) { /* loading */ }
  } catch (e) {
    await dropCachedQuery(catalog, location);
    throw e;
  }
  const select = parseStatement(`SELECT * FROM parquet.\`${location}\``) as ast.QueryStatement;
  const view: TemporaryView = { query: select.query, columns, fileTables: new Map([[fileRelationKey(['parquet', location]), table]]) };
  return { view, location };
}

export async function dropCachedQuery(catalog: Catalog, location: string): Promise<void> {
  catalog.tableCache.remove(location);
  await removePath(catalog.dbfs, location, { recursive: true }).catch(() => undefined);
}
