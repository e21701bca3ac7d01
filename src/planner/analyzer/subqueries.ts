// Subqueries become joins, never per-row re-execution: [NOT] EXISTS and [NOT] IN in a WHERE
// conjunct become semi and anti joins, with the subquery's correlated conditions pulled up into
// the join condition; scalar subqueries become a left join with a single-row input.

import { notSupported } from '../../common/errors.js';
import {
  Attribute, Expr, SubqueryExpression, castTo, children, columnRef, referencedAttributes, splitConjunction, transformExpr,
} from '../expressions.js';
import { LogicalPlan, outputOf } from '../logical_plan.js';
import { andAll } from '../optimizer/predicates.js';
import { mapExpressions } from '../optimizer/plan_rewrite.js';
import { ExpressionBinder } from './bind_expression.js';

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
  for (const e of scalar.exprs) {
    if (containsSubquery(e)) throw notSupported('EXISTS or IN subqueries inside OR or other expressions', firstSubquery(e)!.position);
  }
  return { kind: 'filter', input: scalar.plan, condition: andAll(scalar.exprs) };
}

function semiJoin(outer: LogicalPlan, test: SubqueryExpression, negated: boolean, binder: ExpressionBinder): LogicalPlan {
  const outerIds = new Set(outputOf(outer).map((a) => a.id));
  const { plan: inner, conditions } = decorrelate(test.plan, outerIds, test.position);
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

/**
 * Pulls the conditions that name outer columns out of a subquery's filters (through projections),
 * so they can join. Correlation anywhere else is refused rather than planned wrongly.
 */
function decorrelate(plan: LogicalPlan, outerIds: Set<number>, position: number): { plan: LogicalPlan; conditions: Expr[] } {
  const correlated = (e: Expr) => [...referencedAttributes(e)].some((id) => outerIds.has(id));
  const pull = (p: LogicalPlan): { plan: LogicalPlan; conditions: Expr[] } => {
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
        conditions: below.conditions,
      };
    }
    return { plan: p, conditions: [] };
  };
  const result = pull(plan);
  mapExpressions(result.plan, (e) => {
    if (correlated(e)) throw notSupported('A correlated subquery with aggregation, or with outer columns outside its WHERE clause,', position);
    return e;
  });
  return result;
}

/** Scalar subqueries in `exprs` become columns of single-row inputs left-joined to `plan`. */
export function replaceScalarSubqueries(plan: LogicalPlan, exprs: readonly Expr[]): { plan: LogicalPlan; exprs: Expr[] } {
  let current = plan;
  const outerIds = new Set(outputOf(plan).map((a) => a.id));
  const rewritten = exprs.map((e) => transformExpr(e, (node) => {
    if (!isSubquery(node) || node.predicate !== 'scalar') return undefined;
    const { plan: inner, conditions } = decorrelate(node.plan, outerIds, node.position);
    if (conditions.length > 0) throw notSupported('Correlated scalar subqueries', node.position);
    current = { kind: 'join', left: current, right: { kind: 'enforceSingleRow', input: inner }, type: 'left' };
    return castTo(columnRef(outputOf(inner)[0]), node.type);
  }));
  return { plan: current, exprs: rewritten };
}

function firstSubquery(e: Expr): SubqueryExpression | undefined {
  if (isSubquery(e)) return e;
  for (const c of children(e)) {
    const found = firstSubquery(c);
    if (found) return found;
  }
  return undefined;
}
