// INSERT INTO|OVERWRITE: the query's columns matched to the table's by position (or by the column
// list), static partition values filled in, every value cast to its column's type the ANSI way.

import { QuarryError } from '../../common/errors.js';
import { Field } from '../../common/types.js';
import * as ast from '../../parser/ast.js';
import { parseExpressionText } from '../../parser/index.js';
import { Expr, castTo, columnRef, literal, newAttribute } from '../expressions.js';
import { LogicalPlan, outputOf } from '../logical_plan.js';
import { foldConstants } from '../optimizer/constant_folding.js';
import { AnalyzerContext, QueryBinder } from './bind_query.js';
import { ExpressionBinder } from './bind_expression.js';
import { Scope } from './scope.js';
import { TableMetadata } from '../../catalog/index.js';
import { resolveTable } from './tables.js';
import { notNullConstraint } from '../../exec/functions/misc.js';

/** `target`: the table to fill when it is not (yet) the one the name resolves to (a staged CTAS). */
export function bindInsert(node: ast.InsertInto, ctx: AnalyzerContext, target?: TableMetadata): LogicalPlan {
  const table = target ?? resolveTable(ctx.catalog, node.table, ctx.database);
  const query = new QueryBinder(ctx).bindQuery(node.query);
  const data = outputOf(query.plan);
  const tableName = `\`spark_catalog\`.\`${table.database}\`.\`${table.name}\``;
  const columnIndex = (name: string, position: number) => {
    const i = table.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
    if (i < 0) {
      throw new QuarryError('42703', `[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name \`${name}\` cannot be resolved. Did you mean one of the following? [${table.columns.map((c) => `\`${c.name}\``).join(', ')}].`, position);
    }
    return i;
  };

  // Static partition values: PARTITION (city = 'Oslo').
  const staticValues = new Map<number, Expr>();
  const constants = new ExpressionBinder(new Scope([]), { timeZone: ctx.timeZone, clause: 'PARTITION', parameters: ctx.parameters });
  for (const p of node.partition ?? []) {
    if (p.value) staticValues.set(columnIndex(p.column, node.pos), foldConstants(constants.bind(p.value)));
  }
  // The columns the query fills, in the order it fills them.
  const named = node.columns ?? (node.byName ? data.map((a) => a.name) : undefined);
  const targets = named
    ? named.map((c) => columnIndex(c, node.pos))
    : table.columns.map((_, i) => i).filter((i) => !staticValues.has(i));
  if (targets.length !== data.length) {
    const reason = data.length > targets.length ? 'too many data columns' : 'not enough data columns';
    throw new QuarryError('21S01',
      `[INSERT_COLUMN_ARITY_MISMATCH.${data.length > targets.length ? 'TOO_MANY_DATA_COLUMNS' : 'NOT_ENOUGH_DATA_COLUMNS'}] Cannot write to ${tableName}, the reason is ${reason}: Table columns: ${targets.map((i) => `\`${table.columns[i].name}\``).join(', ')}. Data columns: ${data.map((a) => `\`${a.name}\``).join(', ')}.`,
      node.query.pos, 'INSERT_COLUMN_ARITY_MISMATCH');
  }
  // A column left out gets its DEFAULT (a constant, as Spark requires), else NULL.
  const defaultValue = (column: Field): Expr => {
    if (!column.defaultSql) return literal(null, column.type);
    const value = foldConstants(constants.bind(parseExpressionText(column.defaultSql)));
    if (value.kind !== 'literal') {
      throw new QuarryError('42623', `[INVALID_DEFAULT_VALUE.NOT_CONSTANT] The column \`${column.name}\` has the DEFAULT value ${column.defaultSql}, which is not a constant expression.`, node.pos, 'INVALID_DEFAULT_VALUE.NOT_CONSTANT');
    }
    return value;
  };
  const exprs = table.columns.map((column, i) => {
    const k = targets.indexOf(i);
    const value = k >= 0 ? columnRef(data[k]) : staticValues.get(i) ?? defaultValue(column);
    const cast = castTo(value, column.type, 'ansi');
    return column.nullable ? cast : { kind: 'call' as const, fn: notNullConstraint(column.type, column.name), args: [cast], type: column.type, position: node.pos };
  });
  const output = table.columns.map((c, i) => newAttribute(c.name, exprs[i].type));
  const input: LogicalPlan = { kind: 'project', input: query.plan, exprs, output };
  // The static partition values, typed as their columns, say which partitions an overwrite replaces.
  const overwritePartition = node.overwrite && staticValues.size > 0
    ? Object.fromEntries([...staticValues.keys()].map((i) => {
      const value = foldConstants(exprs[i]);
      if (value.kind !== 'literal') throw new QuarryError('42000', `Partition value of \`${table.columns[i].name}\` must be a constant.`, node.pos);
      return [table.columns[i].name, value.value];
    }))
    : undefined;
  // Dynamic mode replaces only the partitions the rows land in, once some partition column is
  // filled by the query (with every one static, the partition is known and the overwrite static).
  const dynamicPartitionOverwrite = node.overwrite
    && ctx.setting?.('spark.sql.sources.partitionOverwriteMode')?.toLowerCase() === 'dynamic'
    && table.partitionColumns.some((name) => !staticValues.has(table.columns.findIndex((c) => c.name === name)));
  return {
    kind: 'insert', input, table, overwrite: node.overwrite, overwritePartition, dynamicPartitionOverwrite,
    output: [newAttribute('num_affected_rows', { kind: 'bigint' }, false)],
  };
}
