// A bound plan through the optimizer and the physical planner, one size estimator for both: the
// tables' files are listed once per statement.

import { Catalog } from '../catalog/index.js';
import { ExecutionContext } from '../exec/context.js';
import { ExecutionPlan } from '../exec/operators/execution_plan.js';
import { LogicalPlan } from './logical_plan.js';
import { optimize } from './optimizer/optimizer.js';
import { PhysicalPlanner } from './physical_planner.js';
import { SizeEstimator } from './size_estimates.js';

export function planQuery(catalog: Catalog, analyzed: LogicalPlan, ctx: ExecutionContext): { optimized: LogicalPlan; physical: ExecutionPlan } {
  const sizes = new SizeEstimator(catalog);
  const optimized = optimize(analyzed, ctx, sizes);
  return { optimized, physical: new PhysicalPlanner(catalog, ctx, sizes).plan(optimized) };
}
