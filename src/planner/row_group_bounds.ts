// The conjuncts of a filter over a Parquet scan that row-group statistics can decide:
// `column <op> constant` (either side), the column perhaps widened by a cast between integer types.

import { ColumnBound } from '../catalog/index.js';
import { DataType } from '../common/types.js';
import { Expr, splitConjunction } from './expressions.js';
import { LogicalPlan } from './logical_plan.js';

const OPERATORS: Record<string, ColumnBound['op']> = {
  equal: 'eq', less_than: 'lt', less_than_or_equal: 'le', greater_than: 'gt', greater_than_or_equal: 'ge',
};
const MIRRORED: Record<ColumnBound['op'], ColumnBound['op']> = { eq: 'eq', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };
const INTEGER_RANK: Partial<Record<DataType['kind'], number>> = { tinyint: 1, smallint: 2, int: 3, bigint: 4 };

export function rowGroupBounds(condition: Expr, scan: LogicalPlan & { kind: 'scan' }): ColumnBound[] {
  if (scan.table.format !== 'parquet') return [];
  const partitions = new Set(scan.table.partitionColumns.map((p) => p.toLowerCase()));
  const bounds: ColumnBound[] = [];
  for (const conjunct of splitConjunction(condition)) {
    if (conjunct.kind !== 'call' || conjunct.args.length !== 2) continue;
    const op = OPERATORS[conjunct.fn.name];
    if (!op) continue;
    const [left, right] = conjunct.args;
    const [columnSide, constant, operator] = right.kind === 'literal' ? [left, right, op] : left.kind === 'literal' ? [right, left, MIRRORED[op]] : [];
    if (!columnSide || constant?.kind !== 'literal' || constant.value === null || operator === undefined) continue;
    const column = scannedColumn(columnSide);
    if (!column || partitions.has(column.name.toLowerCase()) || !scan.output.some((a) => a.id === column.id)) continue;
    const kind = INTEGER_RANK[column.type.kind] !== undefined ? 'integer' : column.type.kind === 'date' ? 'date' : column.type.kind === 'string' ? 'string' : undefined;
    const value = constant.value;
    if (!kind || !(typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string')) continue;
    bounds.push({ column: column.name, op: operator, value, kind });
  }
  return bounds;
}

/** The column a comparison side reads, through casts that widen one integer type to another. */
function scannedColumn(expr: Expr): { id: number; name: string; type: DataType } | undefined {
  if (expr.kind === 'column') return { id: expr.attribute.id, name: expr.attribute.name, type: expr.type };
  if (expr.kind !== 'cast' || expr.child.kind !== 'column') return undefined;
  const from = INTEGER_RANK[expr.child.type.kind], to = INTEGER_RANK[expr.type.kind];
  if (from === undefined || to === undefined || to < from) return undefined;
  return { id: expr.child.attribute.id, name: expr.child.attribute.name, type: expr.child.type };
}
