// Partition pruning: conjuncts of a Filter right above a Scan that read only partition columns
// become the scan's partition filters, so directories that cannot match are never listed. The
// Filter stays: pruning saves reading, it is not the only check.

import { exprToString, referencedAttributes, splitConjunction } from '../expressions.js';
import { LogicalPlan } from '../logical_plan.js';
import { transformUp } from './plan_rewrite.js';
import { isDeterministic } from './push_down_filters.js';

export function prunePartitions(plan: LogicalPlan): LogicalPlan {
  return transformUp(plan, (node) => {
    if (node.kind !== 'filter' || node.input.kind !== 'scan') return node;
    const scan = node.input;
    const partitionColumns = new Set(scan.table.partitionColumns.map((p) => p.toLowerCase()));
    const partitionIds = new Set(scan.output.filter((a) => partitionColumns.has(a.name.toLowerCase())).map((a) => a.id));
    const known = new Set(scan.partitionFilters.map(exprToString));
    const added = splitConjunction(node.condition).filter((c) => {
      const refs = [...referencedAttributes(c)];
      return refs.length > 0 && refs.every((id) => partitionIds.has(id)) && isDeterministic(c) && !known.has(exprToString(c));
    });
    if (added.length === 0) return node;
    return { ...node, input: { ...scan, partitionFilters: [...scan.partitionFilters, ...added] } };
  });
}
