// Constant folding: calls and casts whose inputs are all literals are evaluated once at planning.

import { getScalar } from '../../common/vector.js';
import { defaultExecutionContext } from '../../exec/context.js';
import { Expr, literal, transformExpr } from '../expressions.js';
import { LogicalPlan } from '../logical_plan.js';
import { toPhysicalExpr } from '../physical_expressions.js';
import { mapExpressions } from './plan_rewrite.js';

const ONE_ROW = { schema: [], columns: [], numRows: 1 };

export function foldConstants(e: Expr): Expr {
  return transformExpr(e, (node) => {
    if (node.kind !== 'call' && node.kind !== 'cast') return undefined;
    const folded = node.kind === 'call' ? { ...node, args: node.args.map(foldConstants) } : { ...node, child: foldConstants(node.child) };
    const inputs = folded.kind === 'call' ? folded.args : [folded.child];
    if (!inputs.every((a) => a.kind === 'literal')) return folded;
    if (folded.kind === 'call' && folded.fn.deterministic === false) return folded;
    try {
      return literal(getScalar(toPhysicalExpr(folded, []).evaluate(ONE_ROW, defaultExecutionContext), 0), folded.type);
    } catch {
      // An error (1/0, a bad cast) is raised at run time, where the row that causes it is known
      // and where a branch not taken never raises it.
      return folded;
    }
  });
}

export function constantFolding(plan: LogicalPlan): LogicalPlan {
  return mapExpressions(plan, foldConstants);
}
