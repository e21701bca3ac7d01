// `SELECT … FROM parquet.`dbfs:/path``: tables that are just a directory of files. Their schema
// is read from the files before analysis (which is synchronous), and handed to the analyzer.

import { Catalog, SystemTable, TABLE_FORMATS, TableFormat, TableMetadata, inferSchema, listPath } from '../catalog/index.js';
import { LIST_COLUMNS } from './dbfs_statements.js';
import { QuarryError } from '../common/errors.js';
import * as ast from '../parser/ast.js';
import { walkAst } from '../parser/index.js';
import { fileRelationKey } from '../planner/index.js';

const FILE_FORMATS = new Set<string>(TABLE_FORMATS);

/** `parquet`.`dbfs:/x` is a path, `parquet`.`orders` a table in a database named parquet. */
function isFileRelation(parts: readonly string[]): boolean {
  return parts.length === 2 && FILE_FORMATS.has(parts[0].toLowerCase()) && /[/:]/.test(parts[1]);
}

/** Finds the file relations of a statement and infers each one's schema. */
export async function resolveFileRelations(catalog: Catalog, statement: ast.Statement): Promise<Map<string, TableMetadata>> {
  const found = new Map<string, ast.TableRef>();
  walkAst(statement, (node) => {
    const ref = node as ast.TableRef;
    if (node.kind === 'table' && isFileRelation(ref.name.parts)) found.set(fileRelationKey(ref.name.parts), ref);
  });
  const tables = new Map<string, TableMetadata>();
  for (const [key, ref] of found) {
    const [format, uri] = ref.name.parts;
    try {
      const tableFormat = format.toLowerCase() as TableFormat;
      const location = catalog.dbfs.locate(uri);
      const schema = await inferSchema(tableFormat, location, uri);
      tables.set(key, {
        database: format.toLowerCase(), name: uri, columns: schema.columns, partitionColumns: schema.partitionColumns,
        format: tableFormat, location: location.uri, managed: false,
        properties: {}, options: {}, createdAt: new Date().toISOString(),
      });
    } catch (e) {
      throw e instanceof QuarryError ? e.at(ref.name.pos) : e;
    }
  }
  return tables;
}

/**
 * `dbfs_ls('path')` in FROM: the listing LIST shows, as a table. Listing is asynchronous and
 * analysis is not, so the listings are read first, keyed by the path as written.
 */
export async function resolveFileListings(catalog: Catalog, statement: ast.Statement): Promise<Map<string, SystemTable>> {
  const calls: ast.TableFunctionRef[] = [];
  walkAst(statement, (node) => {
    const ref = node as ast.TableFunctionRef;
    if (node.kind === 'tableFunction' && ref.name.parts.length === 1 && ref.name.parts[0].toLowerCase() === 'dbfs_ls') calls.push(ref);
  });
  const listings = new Map<string, SystemTable>();
  for (const call of calls) {
    const arg = call.args[0];
    if (call.args.length !== 1 || arg.kind !== 'string') {
      throw new QuarryError('42K08', '[NON_FOLDABLE_ARGUMENT] The function `dbfs_ls` requires the parameter `path` to be a foldable expression of the type "STRING".', call.pos);
    }
    if (listings.has(arg.value)) continue;
    try {
      const entries = await listPath(catalog.dbfs, arg.value);
      listings.set(arg.value, { columns: LIST_COLUMNS, rows: entries.map((e) => [e.path, e.name, e.size, e.modificationTime]) });
    } catch (e) {
      throw e instanceof QuarryError ? e.at(arg.pos) : e;
    }
  }
  return listings;
}
