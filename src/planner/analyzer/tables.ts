// Table names: `t` in the current database, `db.t`, `spark_catalog.db.t`.

import { Catalog, TableMetadata } from '../../catalog/index.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import * as ast from '../../parser/ast.js';

/** [database, table], lower-cased, or a 42601 error for names with too many parts. */
export function qualifyTableName(name: ast.QualifiedName, currentDatabase: string): [string, string] {
  const parts = name.parts.map((p) => p.toLowerCase());
  if (parts.length === 1) return [currentDatabase, parts[0]];
  if (parts.length === 2) return [parts[0], parts[1]];
  if (parts.length === 3 && parts[0] === 'spark_catalog') return [parts[1], parts[2]];
  throw new QuarryError(SqlState.syntaxError,
    `[REQUIRES_SINGLE_PART_NAMESPACE] spark_catalog requires a single-part namespace, but got \`${name.parts.join('`.`')}\`.`, name.pos);
}

export function resolveTable(catalog: Catalog, name: ast.QualifiedName, currentDatabase: string): TableMetadata {
  const [database, table] = qualifyTableName(name, currentDatabase);
  const found = catalog.getTable(database, table);
  if (!found) {
    throw new QuarryError(SqlState.undefinedTable,
      `[TABLE_OR_VIEW_NOT_FOUND] The table or view \`${name.parts.join('`.`')}\` cannot be found. Verify the spelling and correctness of the schema and catalog.`,
      name.pos, 'TABLE_OR_VIEW_NOT_FOUND');
  }
  return found;
}

/** How the analyzer finds a directory queried as a table: `parquet`.`dbfs:/x` → `parquet.dbfs:/x`. */
export const fileRelationKey = (parts: readonly string[]) => `${parts[0].toLowerCase()}.${parts[1]}`;
