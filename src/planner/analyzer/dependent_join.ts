// General decorrelation (Neumann and Kemper's unnesting, as DuckDB does it): a subquery that names
// outer columns anywhere (in a generator, under an aggregate, in a non-equality) is computed once
// for each distinct combination of those outer values. The distinct values D are joined in at the
// subquery's leftmost leaf, every operator above carries D's columns (aggregates and windows group
// by them), and the outer query joins the result back on them.

import { notSupported } from '../../common/errors.js';
import { Attribute, Expr, columnRef, literal, mapWindowExprs, newAttribute, transformExpr } from '../expressions.js';
import { LogicalPlan, outputOf } from '../logical_plan.js';
import { BooleanType, IntegerType } from '../../common/types.js';
import { lookupScalarFunction } from '../../exec/functions/registry.js';
import { mapExpressions } from '../optimizer/plan_rewrite.js';

export interface DependentPlan {
  /** The subquery, now over D: it outputs its own columns and then D's. */
  readonly plan: LogicalPlan;
  /** The distinct outer values the subquery depends on, as the outer query computes them. */
  readonly outerColumns: readonly Attribute[];
  /** D's columns in the rewritten subquery, one per outer column. */
  readonly valueColumns: readonly Attribute[];
  /** Whether an aggregate without GROUP BY above the correlation now groups by D: one row per value. */
  readonly aggregated: boolean;
}

/** The outer attributes `plan` refers to: those not produced inside it. */
export function outerReferences(plan: LogicalPlan, outerIds: ReadonlySet<number>): Attribute[] {
  const found = new Map<number, Attribute>();
  mapExpressions(plan, (e) => transformExpr(e, (node) => {
    if (node.kind === 'column' && outerIds.has(node.attribute.id)) found.set(node.attribute.id, node.attribute);
    return undefined;
  }));
  return [...found.values()];
}

/**
 * Rewrites `plan` (a subquery naming `outerColumns`) to run over `distinctOuter`, the distinct
 * values of those columns, whose output `values` stands for them. A join's correlated right side
 * runs over a copy of D joined to the left's on its values. Operators whose meaning would change
 * per value in ways not rewritten here are refused.
 */
export function dependentPlan(
  plan: LogicalPlan, outerColumns: readonly Attribute[], distinctOuter: LogicalPlan, values: readonly Attribute[], position: number,
): DependentPlan {
  const replacement = new Map(outerColumns.map((a, i) => [a.id, values[i]]));
  const outerIds = new Set(outerColumns.map((a) => a.id));
  const dColumns = values.map(columnRef);
  const substitute = (e: Expr): Expr => transformExpr(e, (node) =>
    (node.kind === 'column' && replacement.has(node.attribute.id) ? columnRef(replacement.get(node.attribute.id)!) : undefined));
  const correlated = (p: LogicalPlan) => outerReferences(p, outerIds).length > 0;
  let aggregated = false;

  const rewrite = (p: LogicalPlan, leftmost: boolean): LogicalPlan => {
    if (!leftmost) return p;
    switch (p.kind) {
      case 'values':
        if (correlated(p)) throw notSupported('VALUES naming outer columns', position);
        // The one-row relation of FROM-less SELECTs and FROM functions: D itself.
        if (p.output.length === 0 && p.rows.length === 1) return distinctOuter;
        return { kind: 'join', left: distinctOuter, right: p, type: 'cross' };
      case 'scan': case 'range': case 'workingTable': case 'cteRef':
        return { kind: 'join', left: distinctOuter, right: p, type: 'cross' };
      case 'recursiveCte':
        if (correlated(p)) throw notSupported('A correlated subquery with a recursive CTE naming outer columns', position);
        return { kind: 'join', left: distinctOuter, right: p, type: 'cross' };
      case 'filter': return { ...p, input: rewrite(p.input, true), condition: substitute(p.condition) };
      case 'project': return {
        ...p, input: rewrite(p.input, true), exprs: [...p.exprs.map(substitute), ...dColumns], output: [...p.output, ...values],
      };
      case 'aggregate': {
        if (p.groupBy.length === 0) aggregated = true;
        return {
          ...p, input: rewrite(p.input, true), groupBy: [...p.groupBy.map(substitute), ...dColumns],
          aggregates: p.aggregates.map((a) => ({ ...a, args: a.args.map(substitute), filter: a.filter && substitute(a.filter) })),
          output: [...p.output.slice(0, p.groupBy.length), ...values, ...p.output.slice(p.groupBy.length)],
        };
      }
      case 'join': {
        if (p.type === 'right' || p.type === 'full') {
          if (correlated(p)) throw notSupported('A correlated subquery with a RIGHT or FULL join', position);
        }
        if (!correlated(p.right)) return { ...p, left: rewrite(p.left, true), right: p.right, condition: p.condition && substitute(p.condition) };
        // A correlated right side runs over its own copy of D, matched to the left's value by value.
        const copy = values.map((v) => newAttribute(v.name, v.type, true));
        const distinctCopy: LogicalPlan = { kind: 'project', input: distinctOuter, exprs: dColumns, output: copy };
        const right = dependentPlan(p.right, outerColumns, distinctCopy, copy, position);
        const matches = values.map((v, i): Expr => ({
          kind: 'call', fn: lookupScalarFunction('null_safe_equal')!.bind([v.type, v.type]), args: [columnRef(v), columnRef(copy[i])], type: BooleanType, position,
        }));
        const and = (x: Expr, y: Expr): Expr => ({ kind: 'call', fn: lookupScalarFunction('and')!.bind([BooleanType, BooleanType]), args: [x, y], type: BooleanType, position });
        const condition = [...(p.condition ? [substitute(p.condition)] : []), ...matches].reduce(and);
        return { ...p, type: p.type === 'cross' ? 'inner' : p.type, left: rewrite(p.left, true), right: right.plan, condition };
      }
      case 'sort': return { ...p, input: rewrite(p.input, true), keys: p.keys.map((k) => ({ ...k, expr: substitute(k.expr) })) };
      case 'generate': return { ...p, input: rewrite(p.input, true), generators: p.generators.map((g) => ({ ...g, args: g.args.map(substitute) })) };
      case 'modelTransform': return { ...p, input: rewrite(p.input, true), inputs: p.inputs.map(substitute) };
      case 'window': return {
        ...p, input: rewrite(p.input, true),
        windows: p.windows.map((w) => {
          const substituted = mapWindowExprs(w, substitute);
          return { ...substituted, partitionBy: [...substituted.partitionBy, ...dColumns] };
        }),
      };
      case 'sharedCte':
        if (correlated(p.definition)) throw notSupported('A non-deterministic CTE naming outer columns', position);
        return { ...p, body: rewrite(p.body, true) };
      case 'limit': {
        // LIMIT per outer value: rows numbered within each D partition, in the order a Sort below
        // gives them, and kept while within OFFSET … OFFSET + LIMIT.
        const input = rewrite(p.input, true);
        const order = input.kind === 'sort' ? input.keys : [];
        const rowNumber = newAttribute('__row_number', IntegerType, false);
        const numbered: LogicalPlan = {
          kind: 'window', input, windowOutput: [rowNumber],
          windows: [{ function: { kind: 'row_number' }, partitionBy: dColumns, orderBy: order, type: IntegerType,
            frame: { units: 'ROWS', start: { kind: 'unboundedPreceding' }, end: { kind: 'currentRow' } } }],
        };
        const n = columnRef(rowNumber);
        const bound = (op: string, value: number): Expr => ({ kind: 'call', fn: lookupScalarFunction(op)!.bind([IntegerType, IntegerType]), args: [n, literal(value, IntegerType)], type: BooleanType, position });
        const conditions = [bound('greater_than', p.offset), ...(p.limit === null ? [] : [bound('less_than_or_equal', p.offset + p.limit)])];
        const condition = conditions.reduce((x, y): Expr => ({ kind: 'call', fn: lookupScalarFunction('and')!.bind([BooleanType, BooleanType]), args: [x, y], type: BooleanType, position }));
        const kept = outputOf(input);
        return { kind: 'project', input: { kind: 'filter', input: numbered, condition }, exprs: kept.map(columnRef), output: kept };
      }
      case 'union': {
        // Each branch per outer value, its D columns lined up at the end (union columns are positional).
        const inputs = p.inputs.map((branch): LogicalPlan => {
          const rewritten = rewrite(branch, true);
          const own = outputOf(branch);
          return {
            kind: 'project', input: rewritten, exprs: [...own.map(columnRef), ...dColumns],
            output: [...own, ...values.map((v) => newAttribute(v.name, v.type, true))],
          };
        });
        return { ...p, inputs, output: [...p.output, ...values] };
      }
      case 'enforceSingleRow': case 'insert':
        throw notSupported('A correlated subquery of this shape', position);
    }
  };
  return { plan: rewrite(plan, true), outerColumns, valueColumns: values, aggregated };
}

/** D: the distinct values of `columns` in `outer`, as fresh attributes. */
export function distinctValues(outer: LogicalPlan, columns: readonly Attribute[]): { plan: LogicalPlan; values: Attribute[] } {
  const values = columns.map((a) => newAttribute(a.name, a.type, true));
  const projected: LogicalPlan = { kind: 'project', input: outer, exprs: columns.map(columnRef), output: values };
  return { plan: { kind: 'aggregate', input: projected, groupBy: values.map(columnRef), aggregates: [], output: values }, values };
}
