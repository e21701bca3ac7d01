// The planner's public surface: analyze, optimize, plan physically, explain.

export { GLOBAL_TEMP_DATABASE, QueryBinder } from './analyzer/bind_query.js';
export type { AnalyzerContext, TemporaryView } from './analyzer/bind_query.js';
export { bindInsert } from './analyzer/bind_insert.js';
export { fileRelationKey, qualifyTableName, resolveTable } from './analyzer/tables.js';
export { optimize } from './optimizer/optimizer.js';
export { PhysicalPlanner, schemaOf } from './physical_planner.js';
export { planQuery } from './plan_query.js';
export { SizeEstimator } from './size_estimates.js';
export { formatLogicalPlan, outputOf } from './logical_plan.js';
export type { LogicalPlan } from './logical_plan.js';
export { castTo, literal } from './expressions.js';
export { foldConstants } from './optimizer/constant_folding.js';
export type { Expr, Literal } from './expressions.js';
export { MODEL_FUNCTIONS, MODEL_TABLE_FUNCTIONS } from './analyzer/models.js';
