// A semi or anti join over an inner join whose condition reads one side of it only filters that side
// first (Spark's PushLeftSemiLeftAntiThroughJoin), when that side is the smaller: TPC-H Q18's
// `o_orderkey IN (…)` keeps 54 orders before they meet 6 million line items, not after. A side
// larger than the other (a fact table) is left alone: the join to a filtered dimension narrows it
// more cheaply first (Q21).

import { referencedAttributes } from '../expressions.js';
import { LogicalPlan, outputOf } from '../logical_plan.js';
import type { SizeEstimator } from '../size_estimates.js';
import { transformUp } from './plan_rewrite.js';

export function pushSemiJoins(plan: LogicalPlan, _ctx: unknown, sizes?: SizeEstimator): LogicalPlan {
  if (!sizes) return plan;
  return transformUp(plan, (p) => (p.kind === 'join' && (p.type === 'semi' || p.type === 'anti') ? pushInto(p, sizes) : p));
}

function pushInto(semi: LogicalPlan & { kind: 'join' }, sizes: SizeEstimator): LogicalPlan {
  const inner = semi.left;
  if (inner.kind !== 'join' || inner.type !== 'inner' || !semi.condition) return semi;
  const ids = (p: LogicalPlan) => new Set(outputOf(p).map((a) => a.id));
  const subquery = ids(semi.right), left = ids(inner.left), right = ids(inner.right);
  const outer = [...referencedAttributes(semi.condition)].filter((id) => !subquery.has(id));
  if (outer.length === 0) return semi;
  if (outer.every((id) => left.has(id) && !right.has(id)) && sizes.bytes(inner.left) < sizes.bytes(inner.right)) {
    return { ...inner, left: pushInto({ ...semi, left: inner.left }, sizes) };
  }
  if (outer.every((id) => right.has(id) && !left.has(id)) && sizes.bytes(inner.right) < sizes.bytes(inner.left)) {
    return { ...inner, right: pushInto({ ...semi, left: inner.right }, sizes) };
  }
  return semi;
}
