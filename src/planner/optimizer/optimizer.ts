// The optimizer: rules applied in order, each a small function from plan to plan in its own file.

import { ExecutionContext, defaultExecutionContext } from '../../exec/context.js';
import { LogicalPlan } from '../logical_plan.js';
import type { SizeEstimator } from '../size_estimates.js';
import { constantFolding } from './constant_folding.js';
import { pruneColumns } from './prune_columns.js';
import { prunePartitions } from './prune_partitions.js';
import { pushDownFilters } from './push_down_filters.js';
import { pushSemiJoins } from './push_semi_joins.js';
import { reorderJoins } from './reorder_joins.js';
import { reuseSubplans } from './reuse_subplans.js';

export interface OptimizerRule {
  readonly name: string;
  /**
   * `ctx` carries the session settings some rewrites depend on (constant folding); `sizes`, when
   * the tables' sizes can be looked up, guides join ordering.
   */
  apply(plan: LogicalPlan, ctx: ExecutionContext, sizes?: SizeEstimator): LogicalPlan;
}

export const rules: readonly OptimizerRule[] = [
  { name: 'ConstantFolding', apply: constantFolding },
  { name: 'PushDownFilters', apply: pushDownFilters },
  { name: 'ReorderJoins', apply: reorderJoins },
  { name: 'PushSemiJoins', apply: pushSemiJoins },
  { name: 'PrunePartitions', apply: prunePartitions },
  { name: 'PruneColumns', apply: pruneColumns },
  { name: 'ReuseSubplans', apply: reuseSubplans },
];

export function optimize(plan: LogicalPlan, ctx: ExecutionContext = defaultExecutionContext, sizes?: SizeEstimator): LogicalPlan {
  return rules.reduce((p, rule) => rule.apply(p, ctx, sizes), plan);
}
