// Spark sorts no MAP values (nor values holding maps): ORDER BY one is an analysis error.

import { QuarryError, SqlState } from '../../common/errors.js';
import { containsMap, typeToSql } from '../../common/types.js';
import { Expr, exprToString } from '../expressions.js';

/** Throws Spark's INVALID_ORDERING_TYPE for a sort key holding a map. */
export function requireOrderable(key: Expr, position?: number): void {
  if (!containsMap(key.type)) return;
  throw new QuarryError(SqlState.invalidArgumentType,
    `[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] Cannot resolve "${key.kind === 'column' ? key.attribute.name : exprToString(key)}" due to data type mismatch: The \`sortorder\` does not support ordering on type "${typeToSql(key.type)}".`,
    position, 'DATATYPE_MISMATCH.INVALID_ORDERING_TYPE');
}
