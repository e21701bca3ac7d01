// Traversal helpers shared by optimizer rules.

import { Expr, mapWindowExprs } from '../expressions.js';
import { LogicalPlan, planChildren, withChildren } from '../logical_plan.js';
import { isDeterministic } from './push_down_filters.js';

/** Rebuilds the plan bottom-up, letting `fn` replace any node after its children were rewritten. */
export function transformUp(plan: LogicalPlan, fn: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  const children = planChildren(plan);
  const next = children.map((c) => transformUp(c, fn));
  const rebuilt = next.some((c, i) => c !== children[i]) ? withChildren(plan, next) : plan;
  return fn(rebuilt);
}

/** Applies `fn` to every expression of every node. */
export function mapExpressions(plan: LogicalPlan, fn: (e: Expr) => Expr): LogicalPlan {
  return transformUp(plan, (p) => mapNodeExpressions(p, fn));
}

/** Whether no expression anywhere in the plan is non-deterministic (rand(), uuid()…). */
export function isDeterministicPlan(plan: LogicalPlan): boolean {
  let deterministic = true;
  mapExpressions(plan, (e) => {
    if (!isDeterministic(e)) deterministic = false;
    return e;
  });
  return deterministic;
}

/** Applies `fn` to the expressions of this one node, not its children's. */
export function mapNodeExpressions(p: LogicalPlan, fn: (e: Expr) => Expr): LogicalPlan {
  switch (p.kind) {
    case 'filter': return { ...p, condition: fn(p.condition) };
    case 'project': return { ...p, exprs: p.exprs.map(fn) };
    case 'aggregate': return {
      ...p, groupBy: p.groupBy.map(fn),
      aggregates: p.aggregates.map((a) => ({ ...a, args: a.args.map(fn), filter: a.filter && fn(a.filter) })),
    };
    case 'join': return p.condition ? { ...p, condition: fn(p.condition) } : p;
    case 'sort': return { ...p, keys: p.keys.map((k) => ({ ...k, expr: fn(k.expr) })) };
    case 'values': return { ...p, rows: p.rows.map((r) => r.map(fn)) };
    case 'scan': return { ...p, partitionFilters: p.partitionFilters.map(fn) };
    case 'window': return { ...p, windows: p.windows.map((w) => mapWindowExprs(w, fn)) };
    case 'generate': return { ...p, generators: p.generators.map((g) => ({ ...g, args: g.args.map(fn) })) };
    case 'modelTransform': return { ...p, inputs: p.inputs.map(fn) };
    default: return p;
  }
}
