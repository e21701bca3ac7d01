// Constant folding: calls and casts whose inputs are all literals are evaluated once at planning.

import { getScalar } from '../../common/vector.js';
import { ExecutionContext, defaultExecutionContext } from '../../exec/context.js';
import { Expr, literal, transformExpr } from '../expressions.js';
import { LogicalPlan } from '../logical_plan.js';
import { toPhysicalExpr } from '../physical_expressions.js';
import { mapExpressions } from './plan_rewrite.js';

const ONE_ROW = { schema: [], columns: [], numRows: 1 };

/** Folds with the session's settings: casts between timestamps and text depend on its time zone. */
export function foldConstants(e: Expr, ctx: ExecutionContext = defaultExecutionContext): Expr {
  return transformExpr(e, (node) => {
    if (node.kind !== 'call' && node.kind !== 'cast') return undefined;
    const folded = node.kind === 'call' ? { ...node, args: node.args.map((a) => foldConstants(a, ctx)) } : { ...node, child: foldConstants(node.child, ctx) };
    const inputs = folded.kind === 'call' ? folded.args : [folded.child];
    if (!inputs.every((a) => a.kind === 'literal')) return folded;
    if (folded.kind === 'call' && folded.fn.deterministic === false) return folded;
    try {
      return literal(getScalar(toPhysicalExpr(folded, []).evaluate(ONE_ROW, ctx), 0), folded.type);
    } catch {
      // An error (1/0, a bad cast) is raised at run time, where the row that causes it is known
      // and where a branch not taken never raises it.
      return folded;
    }
  });
}

export function constantFolding(plan: LogicalPlan, ctx: ExecutionContext): LogicalPlan {
  return mapExpressions(plan, (e) => foldConstants(e, ctx));
}
