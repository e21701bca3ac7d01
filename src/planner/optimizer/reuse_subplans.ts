// The same aggregate written twice (a CTE inlined at each of its references, as TPC-H Q15's revenue
// view, or a dashboard's repeated subquery) is computed once and read by both, as Spark's
// ReuseExchange does: the first becomes a shared CTE's definition, every copy a reference to it.
// Only deterministic aggregates over tables, filters, projections, joins, sorts and limits qualify.

import { formatLogicalPlan, LogicalPlan, outputOf, planChildren, withChildren } from '../logical_plan.js';
import { nextCteId } from '../analyzer/recursive_ctes.js';
import { isDeterministicPlan } from './plan_rewrite.js';

const REUSABLE_KINDS = new Set<LogicalPlan['kind']>(['scan', 'filter', 'project', 'aggregate', 'join', 'sort', 'limit']);

export function reuseSubplans(plan: LogicalPlan): LogicalPlan {
  // The largest repeated aggregate first: the aggregates inside it are then computed once anyway.
  for (;;) {
    const counts = new Map<string, number>();
    const visit = (p: LogicalPlan) => {
      if (p.kind === 'aggregate' && reusable(p)) {
        const f = fingerprint(p);
        counts.set(f, (counts.get(f) ?? 0) + 1);
      }
      planChildren(p).forEach(visit);
    };
    visit(plan);
    const repeated = [...counts].filter(([, n]) => n > 1).map(([f]) => f).sort((a, b) => b.length - a.length)[0];
    if (repeated === undefined) return plan;
    plan = shareAll(plan, repeated);
  }
}

/** Every subplan with this fingerprint replaced by a reference to one computation of it. */
function shareAll(plan: LogicalPlan, repeated: string): LogicalPlan {
  const id = nextCteId();
  let definition: LogicalPlan | undefined;
  const replace = (p: LogicalPlan): LogicalPlan => {
    if (p.kind === 'aggregate' && fingerprint(p) === repeated) {
      definition ??= p;
      return { kind: 'cteRef', id, name: 'reused', output: outputOf(p) };
    }
    const children = planChildren(p);
    const next = children.map(replace);
    return next.some((c, i) => c !== children[i]) ? withChildren(p, next) : p;
  };
  const body = replace(plan);
  return { kind: 'sharedCte', id, name: 'reused', definition: definition!, body };
}

/** The plan's text without attribute ids: equal for copies of one query. */
const fingerprint = (p: LogicalPlan): string => formatLogicalPlan(p).replace(/#\d+/g, '');

const reusable = (p: LogicalPlan): boolean => onlyReusableKinds(p) && isDeterministicPlan(p);

const onlyReusableKinds = (p: LogicalPlan): boolean => REUSABLE_KINDS.has(p.kind) && planChildren(p).every(onlyReusableKinds);
