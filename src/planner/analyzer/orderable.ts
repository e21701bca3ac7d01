// Spark sorts and compares no MAP values (nor values holding maps): ORDER BY one, or PIVOT on
// one, is an analysis error.

import { QuarryError, SqlState } from '../../common/errors.js';
import { containsMap, typeToSql } from '../../common/types.js';
import type * as ast from '../../parser/ast.js';
import { Expr, exprToString } from '../expressions.js';
import { columnName } from './naming.js';

/** Throws Spark's INVALID_ORDERING_TYPE for a sort key holding a map. */
export function requireOrderable(key: Expr, position?: number): void {
  if (!containsMap(key.type)) return;
  throw new QuarryError(SqlState.invalidArgumentType,
    `[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] Cannot resolve "${key.kind === 'column' ? key.attribute.name : exprToString(key)}" due to data type mismatch: The \`sortorder\` does not support ordering on type "${typeToSql(key.type)}".`,
    position, 'DATATYPE_MISMATCH.INVALID_ORDERING_TYPE');
}

/** PIVOT matches rows to its values by equality, which maps lack: INCOMPARABLE_PIVOT_COLUMN. */
export function requireComparablePivot(columns: readonly ast.Expr[], binder: { bind(e: ast.Expr): Expr }): void {
  const types = columns.map((c) => binder.bind(c).type);
  if (!types.some(containsMap)) return;
  const name = columns.length === 1 ? columnName(columns[0]) : `named_struct(${columns.map(columnName).join(', ')})`;
  throw new QuarryError('42818', `[INCOMPARABLE_PIVOT_COLUMN] Invalid pivot column \`${name}\`. Pivot columns must be comparable.`, columns[0].pos, 'INCOMPARABLE_PIVOT_COLUMN');
}
