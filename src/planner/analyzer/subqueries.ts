// Subqueries become joins, never per-row re-execution: [NOT] EXISTS and [NOT] IN in a WHERE
// conjunct become semi and anti joins, with the subquery's correlated conditions pulled up into
// the join condition; scalar subqueries become a left join with a single-row input. A correlated
// scalar subquery over an aggregate groups by its correlation keys (Spark's
// RewriteCorrelatedScalarSubquery); one without counts its matches per outer row, so that more
// than one is still the error it must be. Correlation that cannot be pulled up (in a generator,
// under an aggregate through a non-equality) goes through the general dependent join
// (dependent_join.ts). EXISTS and IN inside other expressions become scalar subqueries.

import { BooleanType, IntegerType, LongType, StringType } from '../../common/types.js';
import { Scalar, getScalar } from '../../common/vector.js';
import { defaultExecutionContext } from '../../exec/context.js';
import { foldConstants } from '../optimizer/constant_folding.js';
import { lookupAggregateFunction, lookupScalarFunction } from '../../exec/functions/registry.js';
import type { Frame } from '../../exec/operators/window.js';
import {
  Attribute, ColumnReference, Expr, SubqueryExpression, castTo, children, columnRef, literal, newAttribute, referencedAttributes,
  splitConjunction, transformExpr,
} from '../expressions.js';
import { LogicalPlan, outputOf } from '../logical_plan.js';
import { andAll } from '../optimizer/predicates.js';
import { mapExpressions } from '../optimizer/plan_rewrite.js';
import { ExpressionBinder } from './bind_expression.js';
import { dependentPlan, distinctValues, outerReferences } from './dependent_join.js';

const isSubquery = (e: Expr): e is SubqueryExpression => e.kind === 'subquery';

export function containsSubquery(e: Expr): boolean {
  return isSubquery(e) || children(e).some(containsSubquery);
}

/** A WHERE condition over `input`: subquery conjuncts become joins, the rest a Filter. */
export function applyCondition(input: LogicalPlan, condition: Expr, binder: ExpressionBinder): LogicalPlan {
  let plan = input;
  const rest: Expr[] = [];
  for (const conjunct of splitConjunction(condition)) {
    const negated = conjunct.kind === 'call' && conjunct.fn.name === 'not' && isSubquery(conjunct.args[0]) && conjunct.args[0].predicate !== 'scalar';
    const test = negated ? (conjunct as { args: readonly Expr[] }).args[0] : conjunct;
    if (isSubquery(test) && test.predicate !== 'scalar') {
      plan = semiJoin(plan, test, negated, binder);
      continue;
    }
    rest.push(conjunct);
  }
  if (rest.length === 0) return plan;
  const scalar = replaceScalarSubqueries(plan, rest);
  return { kind: 'filter', input: scalar.plan, condition: andAll(scalar.exprs) };
}

function semiJoin(outer: LogicalPlan, test: SubqueryExpression, negated: boolean, binder: ExpressionBinder): LogicalPlan {
  const outerIds = new Set(outputOf(outer).map((a) => a.id));
  const { plan: inner, conditions } = decorrelate(test.plan, outerIds) ?? dependentJoin(outer, test.plan, outerIds, test.position);
  const joinConditions = [...conditions];
  if (test.predicate === 'in') {
    const equal = binder.call('equal', [test.operand!, columnRef(outputOf(inner)[0])], test.position);
    // NOT IN is null-aware: a NULL on either side makes the test unknown, which keeps no row.
    joinConditions.push(negated ? binder.call('or', [equal, binder.call('isnull', [equal], test.position)], test.position) : equal);
  }
  return {
    kind: 'join', left: outer, right: inner, type: negated ? 'anti' : 'semi',
    condition: joinConditions.length > 0 ? andAll(joinConditions) : undefined,
  };
}

interface Decorrelated {
  readonly plan: LogicalPlan;
  readonly conditions: Expr[];
  /** The conditions were pulled through an aggregate, now grouped by their inner columns. */
  readonly aggregated?: boolean;
}

/**
 * Pulls correlated filter conditions up out of a subquery (through projections, and through an
 * aggregate when they are equalities); undefined when the correlation sits anywhere else, which
 * the general dependent-join rewrite then handles.
 */
function decorrelate(plan: LogicalPlan, outerIds: Set<number>, throughAggregate = false): Decorrelated | undefined {
  let unsupported = false;
  const correlated = (e: Expr) => [...referencedAttributes(e)].some((id) => outerIds.has(id));
  const pull = (p: LogicalPlan): Decorrelated => {
    // A shared CTE computed for the subquery is transparent: its body holds the correlation.
    if (p.kind === 'sharedCte') {
      const below = pull(p.body);
      return { ...below, plan: { ...p, body: below.plan } };
    }
    if (p.kind === 'aggregate' && throughAggregate && p.groupBy.length === 0) {
      const below = pull(p.input);
      if (below.conditions.length === 0) return { plan: { ...p, input: below.plan }, conditions: [] };
      // Only `inner column = outer expression` can become a grouping key: each outer row then meets one group.
      const keys: Attribute[] = [];
      const conditions = below.conditions.map((c) => {
        const split = splitEquality(c, outerIds);
        if (!split) {
          unsupported = true;
          return c;
        }
        const key = split.inner.attribute;
        if (!keys.some((k) => k.id === key.id)) keys.push(key);
        return c;
      });
      return {
        plan: { ...p, input: below.plan, groupBy: keys.map(columnRef), output: [...keys, ...p.output] },
        conditions, aggregated: true,
      };
    }
    if (p.kind === 'filter') {
      const below = pull(p.input);
      const conjuncts = splitConjunction(p.condition);
      const conditions = conjuncts.filter(correlated);
      const kept = conjuncts.filter((c) => !correlated(c));
      const filtered: LogicalPlan = kept.length > 0 ? { ...p, input: below.plan, condition: andAll(kept) } : below.plan;
      return { plan: filtered, conditions: [...below.conditions, ...conditions] };
    }
    if (p.kind === 'project') {
      const below = pull(p.input);
      // The join needs the inner columns its conditions name: carry them through the projection.
      const have = new Set(p.output.map((a) => a.id));
      const inputAttributes = outputOf(below.plan);
      const needed: Attribute[] = [];
      for (const c of below.conditions) {
        for (const id of referencedAttributes(c)) {
          const attribute = inputAttributes.find((a) => a.id === id);
          if (attribute && !have.has(id)) { needed.push(attribute); have.add(id); }
        }
      }
      return {
        plan: { ...p, input: below.plan, exprs: [...p.exprs, ...needed.map(columnRef)], output: [...p.output, ...needed] },
        conditions: below.conditions, aggregated: below.aggregated,
      };
    }
    return { plan: p, conditions: [] };
  };
  const result = pull(plan);
  mapExpressions(result.plan, (e) => {
    if (correlated(e)) unsupported = true;
    return e;
  });
  return unsupported ? undefined : result;
}

/** Scalar subqueries in `exprs` become columns of inputs left-joined to `plan`. */
export function replaceScalarSubqueries(plan: LogicalPlan, exprs: readonly Expr[]): { plan: LogicalPlan; exprs: Expr[] } {
  let current = plan;
  const outerIds = new Set(outputOf(plan).map((a) => a.id));
  const rewritten = exprs.map((e) => transformExpr(e, (found) => {
    if (!isSubquery(found)) return undefined;
    // EXISTS and IN inside other expressions (OR, CASE, the SELECT list) become scalar subqueries:
    // whether any row exists, and the values to compare with, as an array.
    const { node, finish } = asScalar(found);
    const { plan: inner, conditions, aggregated } = decorrelate(node.plan, outerIds, true) ?? dependentJoin(current, node.plan, outerIds, node.position);
    const value = outputOf(inner)[0];
    if (conditions.length === 0) {
      current = { kind: 'join', left: current, right: { kind: 'enforceSingleRow', input: inner }, type: 'left' };
      return finish(castTo(columnRef(value), node.type));
    }
    if (aggregated) {
      // An outer row no group matched gets what the subquery gives over no rows: COUNT's 0, not
      // NULL (the "count bug"), or ARRAY()'s {}.
      const empty = valueOverNoRows(inner);
      const matched = newAttribute('__matched', BooleanType, true);
      const marked = markRows(inner, matched);
      current = { kind: 'join', left: current, right: marked, type: 'left', condition: andAll(conditions) };
      const result = empty === null ? columnRef(value) : call('casewhen', [call('isnotnull', [columnRef(matched)]), columnRef(value), literal(empty, value.type)]);
      return finish(castTo(result, node.type));
    }
    const matched = countMatches(current, inner, conditions);
    current = matched.plan;
    return finish(castTo(call('scalar_subquery_value', [columnRef(matched.count), columnRef(value)]), node.type));
  }));
  return { plan: current, exprs: rewritten };
}

/**
 * The general case: the subquery computed once per distinct value of the outer columns it names,
 * joined back on those values (NULLs match NULLs: they are values the subquery saw).
 */
function dependentJoin(outer: LogicalPlan, subquery: LogicalPlan, outerIds: Set<number>, position: number): Decorrelated {
  const columns = outerReferences(subquery, outerIds);
  const distinct = distinctValues(outer, columns);
  const dependent = dependentPlan(subquery, columns, distinct.plan, distinct.values, position);
  const conditions = columns.map((c, i) => call('null_safe_equal', [columnRef(c), columnRef(distinct.values[i])]));
  return { plan: dependent.plan, conditions, aggregated: dependent.aggregated };
}

/**
 * Left-joins `inner` on `conditions` and keeps one row per outer row, with how many inner rows it
 * matched: the outer rows are numbered, matches counted over each number, and the first kept.
 */
function countMatches(outer: LogicalPlan, inner: LogicalPlan, conditions: Expr[]): { plan: LogicalPlan; count: Attribute } {
  const everything: Frame = { units: 'ROWS', start: { kind: 'unboundedPreceding' }, end: { kind: 'unboundedFollowing' } };
  const rowId = newAttribute('__outer_row', IntegerType, false);
  const numbered: LogicalPlan = {
    kind: 'window', input: outer, windowOutput: [rowId],
    windows: [{ function: { kind: 'row_number' }, partitionBy: [], orderBy: [], frame: everything, type: IntegerType }],
  };
  const joined: LogicalPlan = { kind: 'join', left: numbered, right: inner, type: 'left', condition: andAll(conditions) };
  const count = newAttribute('__matches', LongType, false);
  const rank = newAttribute('__match', IntegerType, false);
  const matchedColumn = outputOf(inner)[0];
  const countCall = { fn: lookupAggregateFunction('count')!.bind([matchedColumn.type]), args: [columnRef(matchedColumn)], distinct: false };
  const byRow = [columnRef(rowId)];
  const counted: LogicalPlan = {
    kind: 'window', input: joined, windowOutput: [count, rank],
    windows: [
      { function: { kind: 'aggregate', call: countCall }, partitionBy: byRow, orderBy: [], frame: everything, type: LongType },
      { function: { kind: 'row_number' }, partitionBy: byRow, orderBy: [{ expr: columnRef(rowId), ascending: true, nullsFirst: true }], frame: everything, type: IntegerType },
    ],
  };
  return { plan: { kind: 'filter', input: counted, condition: call('equal', [columnRef(rank), literal(1, IntegerType)]) }, count };
}

/** `inner_column = outer_expression` (either way round), or undefined. */
function splitEquality(c: Expr, outerIds: Set<number>): { inner: ColumnReference; outer: Expr } | undefined {
  if (c.kind !== 'call' || c.fn.name !== 'equal') return undefined;
  const isOuter = (e: Expr) => [...referencedAttributes(e)].every((id) => outerIds.has(id));
  const [a, b] = c.args;
  const column = (e: Expr) => (e.kind === 'column' ? e : e.kind === 'cast' && e.child.kind === 'column' ? e.child : undefined);
  if (column(a) && !outerIds.has(column(a)!.attribute.id) && isOuter(b)) return { inner: column(a)!, outer: b };
  if (column(b) && !outerIds.has(column(b)!.attribute.id) && isOuter(a)) return { inner: column(b)!, outer: a };
  return undefined;
}

/**
 * The subquery's value over an empty input, for a Project over an aggregate without GROUP BY
 * (the accumulators' empty results folded through the projection); null when unknown or NULL.
 */
function valueOverNoRows(plan: LogicalPlan): Scalar {
  if (plan.kind !== 'project') return null;
  const aggregate = plan.input;
  if (aggregate.kind !== 'aggregate') return null;
  const keys = aggregate.groupBy.length;
  const empties = new Map(aggregate.aggregates.map((a, i) => {
    const value = getScalar(a.fn.createAccumulator().finish(1, defaultExecutionContext), 0);
    return [aggregate.output[keys + i].id, literal(value, a.fn.returnType)];
  }));
  const folded = foldConstants(transformExpr(plan.exprs[0], (e) => (e.kind === 'column' ? empties.get(e.attribute.id) ?? literal(null, e.type) : undefined)));
  return folded.kind === 'literal' ? folded.value : null;
}

/** `plan` with one more output column, TRUE on every row: tells matched rows from a left join's NULLs. */
function markRows(plan: LogicalPlan, marker: Attribute): LogicalPlan {
  const output = outputOf(plan);
  return { kind: 'project', input: plan, exprs: [...output.map(columnRef), literal(true, BooleanType)], output: [...output, marker] };
}

/**
 * A subquery as a scalar one, and how its value becomes the original's: EXISTS counts rows
 * (count(*) > 0), `x IN (…)` collects the values (`x = ANY(ARRAY(…))`, with IN's NULL semantics).
 */
function asScalar(node: SubqueryExpression): { node: SubqueryExpression; finish: (value: Expr) => Expr } {
  if (node.predicate === 'scalar') return { node, finish: (value) => value };
  const column = outputOf(node.plan)[0];
  const fn = node.predicate === 'exists'
    ? lookupAggregateFunction('count')!.bind([])
    : lookupAggregateFunction('array_agg')!.bind([column.type]);
  const collected = newAttribute(fn.name, fn.returnType);
  const aggregate: LogicalPlan = {
    kind: 'aggregate', input: node.plan, groupBy: [], output: [collected],
    aggregates: [{ fn, args: node.predicate === 'exists' ? [] : [castTo(columnRef(column), fn.argTypes[0])], distinct: false }],
  };
  const value = node.predicate === 'exists'
    ? call('greater_than', [columnRef(collected), literal(0, LongType)])
    : call('coalesce', [columnRef(collected), castTo(call('array', []), fn.returnType)]);
  const output = newAttribute(node.predicate, value.type);
  const scalar: SubqueryExpression = {
    kind: 'subquery', predicate: 'scalar', type: value.type, position: node.position,
    plan: { kind: 'project', input: aggregate, exprs: [value], output: [output] },
  };
  return {
    node: scalar,
    finish: (result) => (node.predicate === 'exists' ? result : call('any_array', [literal('=', StringType), node.operand!, result])),
  };
}

function call(name: string, args: Expr[]): Expr {
  const fn = lookupScalarFunction(name)!.bind(args.map((a) => a.type), args.map((a) => (a.kind === 'literal' ? a.value : undefined)));
  return { kind: 'call', fn, args: args.map((a, i) => castTo(a, fn.argTypes[i] ?? a.type)), type: fn.returnType };
}

