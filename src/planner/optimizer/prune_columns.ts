// Projection pruning: every node keeps only the columns something above it uses, down to the scan,
// which then reads only those columns from the files.

import { Attribute, Expr, referencedAttributes, windowExprs } from '../expressions.js';
import { LogicalPlan, outputOf } from '../logical_plan.js';

export function pruneColumns(plan: LogicalPlan): LogicalPlan {
  return prune(plan, new Set(outputOf(plan).map((a) => a.id)));
}

function refs(exprs: readonly (Expr | undefined)[], into: Set<number>): Set<number> {
  for (const e of exprs) if (e) referencedAttributes(e, into);
  return into;
}

/**
 * A join's input without the columns the join does not use: a filter's input keeps the columns
 * only its condition reads, and a join would copy them into every output row.
 */
function narrow(plan: LogicalPlan, needed: Set<number>): LogicalPlan {
  const output = outputOf(plan);
  const kept = output.filter((a) => needed.has(a.id));
  if (kept.length === output.length || kept.length === 0) return plan;
  return { kind: 'project', input: plan, exprs: kept.map((a) => ({ kind: 'column', attribute: a, type: a.type })), output: kept };
}

function prune(plan: LogicalPlan, required: Set<number>): LogicalPlan {
  switch (plan.kind) {
    case 'scan': {
      let output = plan.output.filter((a) => required.has(a.id));
      // Counting rows still needs one column to read: take the first.
      if (output.length === 0 && plan.output.length > 0) output = [plan.output[0]];
      return { ...plan, output };
    }
    case 'values': case 'range': case 'workingTable': case 'cteRef': return plan;
    // A shared CTE's references each read all its columns.
    case 'sharedCte': return { ...plan, definition: pruneColumns(plan.definition), body: prune(plan.body, required) };
    // Every column of a recursive CTE feeds the next iteration: its parts keep all their columns.
    case 'recursiveCte': return { ...plan, anchor: pruneColumns(plan.anchor), recursive: pruneColumns(plan.recursive) };
    case 'filter': return { ...plan, input: prune(plan.input, refs([plan.condition], new Set(required))) };
    case 'sort': return { ...plan, input: prune(plan.input, refs(plan.keys.map((k) => k.expr), new Set(required))) };
    case 'limit': case 'enforceSingleRow': return { ...plan, input: prune(plan.input, required) };
    case 'project': {
      const keep = plan.output.map((_, i) => i).filter((i) => required.has(plan.output[i].id));
      // A projection whose output nobody needs still defines the row count: keep one column.
      const indexes = keep.length > 0 ? keep : plan.output.length > 0 ? [0] : [];
      const exprs = indexes.map((i) => plan.exprs[i]);
      return { ...plan, exprs, output: indexes.map((i) => plan.output[i]), input: prune(plan.input, refs(exprs, new Set())) };
    }
    case 'aggregate': {
      const needed = refs([...plan.groupBy, ...plan.aggregates.flatMap((a) => [...a.args, a.filter])], new Set());
      return { ...plan, input: prune(plan.input, needed) };
    }
    case 'join': {
      const needed = refs([plan.condition], new Set(required));
      return { ...plan, left: narrow(prune(plan.left, needed), needed), right: narrow(prune(plan.right, needed), needed) };
    }
    case 'union': {
      // Union columns are positional: prune the same positions in every input.
      const keep = plan.output.map((_, i) => i).filter((i) => required.has(plan.output[i].id));
      const indexes = keep.length > 0 ? keep : [0];
      const inputs = plan.inputs.map((input) => {
        const out = outputOf(input);
        const exprs: Expr[] = indexes.map((i) => ({ kind: 'column', attribute: out[i], type: out[i].type }));
        const projected: LogicalPlan = { kind: 'project', input, exprs, output: indexes.map((i) => out[i]) };
        return prune(projected, new Set(indexes.map((i) => out[i].id)));
      });
      return { ...plan, inputs, output: indexes.map((i) => plan.output[i]) };
    }
    case 'window': {
      const needed = refs(plan.windows.flatMap(windowExprs), new Set(required));
      return { ...plan, input: prune(plan.input, needed) };
    }
    case 'insert': return { ...plan, input: prune(plan.input, new Set(outputOf(plan.input).map((a: Attribute) => a.id))) };
    case 'generate': return { ...plan, input: prune(plan.input, refs(plan.generators.flatMap((g) => g.args), new Set(required))) };
    case 'modelTransform': return { ...plan, input: prune(plan.input, refs(plan.inputs, new Set(required))) };
  }
}
