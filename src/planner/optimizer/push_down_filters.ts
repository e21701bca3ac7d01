// Filter pushdown: conjuncts move below projections and into the side of a join they reference,
// down to the scans, where PrunePartitions can use them. Terms common to every branch of an OR are
// factored out first, and an OR across the two sides of an inner join also leaves behind, on each
// side, the disjunction of that side's terms.

import { Expr, referencedAttributes, splitConjunction, transformExpr } from '../expressions.js';
import { LogicalPlan, outputOf } from '../logical_plan.js';
import { andAll, factorDisjunction, impliedDisjunction } from './predicates.js';

export function pushDownFilters(plan: LogicalPlan): LogicalPlan {
  switch (plan.kind) {
    case 'filter': return pushFilter(pushDownFilters(plan.input), splitConjunction(plan.condition).flatMap((c) => factorDisjunction(c, isDeterministic)));
    case 'scan': case 'values': case 'range': case 'workingTable': case 'cteRef': return plan;
    case 'sharedCte': return { ...plan, definition: pushDownFilters(plan.definition), body: pushDownFilters(plan.body) };
    // A filter above the loop must not reach its parts: they also make the rows the next iteration reads.
    case 'recursiveCte': return { ...plan, anchor: pushDownFilters(plan.anchor), recursive: pushDownFilters(plan.recursive) };
    case 'join': {
      const next = { ...plan, left: pushDownFilters(plan.left), right: pushDownFilters(plan.right) };
      // An inner join's conjuncts on one side filter that side first, as Spark does: `ON a.x[0] = b.x[0]
      // AND size(a.x) = 1` never evaluates a.x[0] for rows the size test drops.
      if (!plan.condition) return next;
      if (plan.type === 'inner') {
        return pushFilter({ ...next, type: 'cross', condition: undefined }, splitConjunction(plan.condition).flatMap((c) => factorDisjunction(c, isDeterministic)));
      }
      return pushOnConditions(next as LogicalPlan & { kind: 'join' });
    }
    case 'union': return { ...plan, inputs: plan.inputs.map(pushDownFilters) };
    default: return { ...plan, input: pushDownFilters(plan.input) } as LogicalPlan;
  }
}

function pushFilter(input: LogicalPlan, conjuncts: Expr[]): LogicalPlan {
  if (conjuncts.length === 0) return input;
  switch (input.kind) {
    case 'filter':
      return pushFilter(input.input, [...splitConjunction(input.condition), ...conjuncts]);
    case 'project': {
      // Substitute the projection's definitions; only deterministic, cheap-to-duplicate filters go below.
      const definitions = new Map(input.output.map((a, i) => [a.id, input.exprs[i]]));
      const below: Expr[] = [], above: Expr[] = [];
      for (const c of conjuncts) {
        const rewritten = transformExpr(c, (e) => (e.kind === 'column' ? definitions.get(e.attribute.id) : undefined));
        (isDeterministic(rewritten) ? below : above).push(rewritten === c ? c : rewritten);
      }
      const pushed: LogicalPlan = { ...input, input: pushFilter(input.input, below) };
      return wrap(pushed, above.map((c) => c));
    }
    case 'join': {
      const leftIds = new Set(outputOf(input.left).map((a) => a.id));
      const rightIds = new Set(outputOf(input.right).map((a) => a.id));
      const toLeft: Expr[] = [], toRight: Expr[] = [], stay: Expr[] = [];
      const canLeft = input.type === 'inner' || input.type === 'cross' || input.type === 'left' || input.type === 'semi' || input.type === 'anti';
      const canRight = input.type === 'inner' || input.type === 'cross' || input.type === 'right';
      for (const c of conjuncts) {
        const refs = [...referencedAttributes(c)];
        if (canLeft && refs.every((id) => leftIds.has(id))) toLeft.push(c);
        else if (canRight && refs.every((id) => rightIds.has(id))) toRight.push(c);
        else stay.push(c);
      }
      // An inner join absorbs the remaining conjuncts into its condition (they may be equi-keys).
      if ((input.type === 'inner' || input.type === 'cross') && stay.length > 0) {
        // What a disjunction across both sides implies for one side filters that side early too.
        for (const c of stay) {
          const left = impliedDisjunction(c, leftIds, isDeterministic);
          const right = impliedDisjunction(c, rightIds, isDeterministic);
          if (left) toLeft.push(left);
          if (right) toRight.push(right);
        }
        const condition = andAll([...(input.condition ? [input.condition] : []), ...stay]);
        return { ...input, type: 'inner', condition, left: pushFilter(input.left, toLeft), right: pushFilter(input.right, toRight) };
      }
      return wrap({ ...input, left: pushFilter(input.left, toLeft), right: pushFilter(input.right, toRight) }, stay);
    }
    default:
      return wrap(input, conjuncts);
  }
}

/**
 * An outer, semi or anti join's ON conjuncts on one side only filter that side first where that
 * keeps the join's meaning (Spark's PushPredicateThroughJoin): the right side of LEFT, semi and
 * anti joins (its rows that fail can match nothing), the left side of RIGHT and semi joins.
 */
function pushOnConditions(join: LogicalPlan & { kind: 'join' }): LogicalPlan {
  const leftIds = new Set(outputOf(join.left).map((a) => a.id));
  const rightIds = new Set(outputOf(join.right).map((a) => a.id));
  const toRight = join.type === 'left' || join.type === 'semi' || join.type === 'anti';
  const toLeft = join.type === 'right' || join.type === 'semi';
  const left: Expr[] = [], right: Expr[] = [], stay: Expr[] = [];
  for (const c of splitConjunction(join.condition!)) {
    const refs = [...referencedAttributes(c)];
    // A column both sides output (a dependent join's correlated copy) keeps the conjunct in the join.
    if (refs.length === 0 || !isDeterministic(c)) stay.push(c);
    else if (toRight && refs.every((id) => rightIds.has(id) && !leftIds.has(id))) right.push(c);
    else if (toLeft && refs.every((id) => leftIds.has(id) && !rightIds.has(id))) left.push(c);
    else stay.push(c);
  }
  if (left.length === 0 && right.length === 0) return join;
  return { ...join, left: pushFilter(join.left, left), right: pushFilter(join.right, right), condition: stay.length > 0 ? andAll(stay) : undefined };
}

function wrap(input: LogicalPlan, conjuncts: Expr[]): LogicalPlan {
  return conjuncts.length === 0 ? input : { kind: 'filter', input, condition: andAll(conjuncts) };
}

export function isDeterministic(e: Expr): boolean {
  if (e.kind === 'call' && e.fn.deterministic === false) return false;
  return e.kind === 'call' ? e.args.every(isDeterministic) : e.kind === 'cast' ? isDeterministic(e.child) : true;
}
