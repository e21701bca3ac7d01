// Logical plan → physical operators: attribute ids become column indexes, joins find their
// equi-keys, sorts under a limit become top-N, partition filters become a predicate on the
// directory values the scan sees.

import { rowGroupBounds } from './row_group_bounds.js';
import { Catalog, ColumnBound } from '../catalog/index.js';
import { parseByteSize } from '../common/byte_size.js';
import { Field } from '../common/types.js';
import { Scalar, vectorFromScalars } from '../common/vector.js';
import { ExecutionContext } from '../exec/context.js';
import { EnforceSingleRowExec } from '../exec/operators/enforce_single_row.js';
import { ExecutionPlan } from '../exec/operators/execution_plan.js';
import { FilterExec } from '../exec/operators/filter.js';
import { ModelTransformExec } from '../exec/operators/model_transform.js';
import { GenerateExec } from '../exec/operators/generate.js';
import { HashAggregateExec } from '../exec/operators/hash_aggregate.js';
import { HashJoinExec } from '../exec/operators/hash_join.js';
import { InsertExec } from '../exec/operators/insert.js';
import { LimitExec } from '../exec/operators/limit.js';
import { ProjectExec } from '../exec/operators/project.js';
import { RangeExec } from '../exec/operators/range.js';
import { CteResultExec, SharedCteExec } from '../exec/operators/cte_results.js';
import { RecursiveCteExec } from '../exec/operators/recursive_cte.js';
import { ParallelScanExec } from '../exec/operators/parallel_scan.js';
import { DEFAULT_PARALLEL_SCAN_THRESHOLD } from '../exec/parallel/worker_pool.js';
import { RuntimeFilterExec, RuntimeKeySet } from '../exec/operators/runtime_filter.js';
import { ScanExec } from '../exec/operators/scan.js';
import { SortExec } from '../exec/operators/sort.js';
import { UnionExec } from '../exec/operators/union.js';
import { ValuesExec } from '../exec/operators/values.js';
import { WindowExec, WindowExpr, WindowFunction } from '../exec/operators/window.js';
import {
  Attribute, Expr, aggregateToString, exprToString, generatorToString, referencedAttributes, splitConjunction, windowToString,
} from './expressions.js';
import { JoinType, LogicalPlan, outputOf } from './logical_plan.js';
import { andAll } from './optimizer/predicates.js';
import { toPhysicalExpr } from './physical_expressions.js';
import { SizeEstimator } from './size_estimates.js';

export const schemaOf = (attributes: readonly Attribute[]): Field[] =>
  attributes.map((a) => (a.pgType ? { name: a.name, type: a.type, nullable: a.nullable, pgType: a.pgType } : { name: a.name, type: a.type, nullable: a.nullable }));

export class PhysicalPlanner {
  constructor(
    private readonly catalog: Catalog,
    private readonly ctx: ExecutionContext,
    private readonly sizes = new SizeEstimator(catalog),
  ) {}

  /** Set while planning the pipeline a ParallelScanExec runs: it is not split again. */
  private inParallelScan = false;

  plan(plan: LogicalPlan): ExecutionPlan {
    if (!this.inParallelScan && this.runsInParallel(plan)) {
      this.inParallelScan = true;
      try {
        return new ParallelScanExec(this.plan(plan));
      } finally {
        this.inParallelScan = false;
      }
    }
    switch (plan.kind) {
      case 'scan': return this.scan(plan);
      case 'filter': {
        // Over a Parquet scan, simple comparisons also skip row groups by their statistics.
        const input = plan.input.kind === 'scan' ? this.scan(plan.input, rowGroupBounds(plan.condition, plan.input)) : this.plan(plan.input);
        return new FilterExec(input, toPhysicalExpr(plan.condition, outputOf(plan.input)));
      }
      case 'project': {
        const input = outputOf(plan.input);
        return new ProjectExec(this.plan(plan.input), plan.exprs.map((e) => toPhysicalExpr(e, input)), schemaOf(plan.output));
      }
      case 'aggregate': {
        const input = outputOf(plan.input);
        const filter = this.runtimeFilters.get(plan);
        const rows = filter ? new RuntimeFilterExec(this.plan(plan.input), filter.keys.map((e) => toPhysicalExpr(e, input)), filter.set) : this.plan(plan.input);
        return new HashAggregateExec(rows, plan.groupBy.map((e) => toPhysicalExpr(e, input)),
          plan.aggregates.map((a) => ({
            fn: a.fn, args: a.args.map((e) => toPhysicalExpr(e, input)), display: aggregateToString(a),
            filter: a.filter && toPhysicalExpr(a.filter, input),
          })), schemaOf(plan.output));
      }
      case 'join': return this.join(plan);
      case 'sort': return this.sort(plan, null);
      case 'limit': {
        if (plan.input.kind === 'sort' && plan.limit !== null) {
          const topN = this.sort(plan.input, plan.limit + plan.offset);
          return plan.offset > 0 ? new LimitExec(topN, plan.limit, plan.offset) : topN;
        }
        return new LimitExec(this.plan(plan.input), plan.limit, plan.offset);
      }
      case 'values':
        return new ValuesExec(schemaOf(plan.output), plan.rows.map((row) => row.map((e) => toPhysicalExpr(e, []))));
      case 'enforceSingleRow': return new EnforceSingleRowExec(this.plan(plan.input));
      case 'window': return this.window(plan);
      case 'generate': {
        const input = outputOf(plan.input);
        const generators = plan.generators.map((g) => ({
          kind: g.kind, type: g.type, display: generatorToString(g), args: g.args.map((e) => toPhysicalExpr(e, input)),
        }));
        return new GenerateExec(this.plan(plan.input), generators, plan.outer, schemaOf(outputOf(plan)));
      }
      case 'modelTransform': {
        const input = outputOf(plan.input);
        return new ModelTransformExec(this.plan(plan.input), plan.model, plan.modelName, plan.inputNames,
          plan.inputs.map((e) => toPhysicalExpr(e, input)), schemaOf(outputOf(plan)));
      }
      case 'range': return new RangeExec(plan.start, plan.end, plan.step, schemaOf(plan.output));
      case 'union': return new UnionExec(plan.inputs.map((p) => this.plan(p)), schemaOf(plan.output));
      case 'recursiveCte':
        return new RecursiveCteExec(plan.loopId, this.plan(plan.anchor), this.plan(plan.recursive), schemaOf(plan.output), plan.maxLevel);
      case 'workingTable': return new CteResultExec(plan.loopId, schemaOf(plan.output), 'UnionLoopRef');
      case 'sharedCte': return new SharedCteExec(plan.id, this.plan(plan.definition), this.plan(plan.body));
      case 'cteRef': return new CteResultExec(plan.id, schemaOf(plan.output), 'CTERelationRef');
      case 'insert': return new InsertExec(this.plan(plan.input), this.catalog, plan.table, plan.overwrite, plan.overwritePartition, plan.dynamicPartitionOverwrite);
    }
  }

  private window(plan: LogicalPlan & { kind: 'window' }): ExecutionPlan {
    const input = outputOf(plan.input);
    const physical = (e: Expr) => toPhysicalExpr(e, input);
    const windows = plan.windows.map((w): WindowExpr => {
      const f = w.function;
      let fn: WindowFunction;
      if (f.kind === 'aggregate') {
        fn = { kind: 'aggregate', fn: f.call.fn, args: f.call.args.map(physical), frame: w.frame, ...(f.call.filter ? { filter: physical(f.call.filter) } : {}) };
      }
      else if (f.kind === 'lag' || f.kind === 'lead') {
        fn = { kind: f.kind, offset: f.offset, value: physical(f.value), default: f.default && physical(f.default), ignoreNulls: f.ignoreNulls };
      }
      else fn = f as Exclude<typeof f, { kind: 'lag' | 'lead' | 'aggregate' }>;
      return {
        fn, type: w.type, display: windowToString(w), partitionBy: w.partitionBy.map(physical),
        orderBy: w.orderBy.map((k) => ({ expr: physical(k.expr), ascending: k.ascending, nullsFirst: k.nullsFirst })),
      };
    });
    return new WindowExec(this.plan(plan.input), windows, schemaOf(outputOf(plan)));
  }

  private sort(plan: LogicalPlan & { kind: 'sort' }, limit: number | null): ExecutionPlan {
    const input = outputOf(plan.input);
    return new SortExec(this.plan(plan.input), plan.keys.map((k) => ({
      expr: toPhysicalExpr(k.expr, input), ascending: k.ascending, nullsFirst: k.nullsFirst,
    })), limit);
  }

  /** Filters and projections over a scan of a Parquet table large enough to be worth splitting across threads. */
  private runsInParallel(plan: LogicalPlan): boolean {
    while (plan.kind === 'filter' || plan.kind === 'project') plan = plan.input;
    if (plan.kind !== 'scan' || plan.table.format !== 'parquet') return false;
    const threshold = parseByteSize(this.ctx.setting?.('quarry.parallel_scan_threshold') ?? DEFAULT_PARALLEL_SCAN_THRESHOLD) ?? 0;
    return this.sizes.tableBytes(plan.table) >= threshold;
  }

  private scan(plan: LogicalPlan & { kind: 'scan' }, rowGroupBounds: readonly ColumnBound[] = []): ExecutionPlan {
    const partitionFilter = plan.partitionFilters.length === 0 ? undefined : this.partitionPredicate(plan);
    return new ScanExec(this.catalog, plan.table, schemaOf(plan.output), partitionFilter,
      plan.partitionFilters.map(exprToString), rowGroupBounds);
  }

  /** Partition filters as a test on one directory's partition values. */
  private partitionPredicate(plan: LogicalPlan & { kind: 'scan' }): (values: Record<string, Scalar>) => boolean {
    const attributes = plan.output.filter((a) => plan.partitionFilters.some((f) => referencedAttributes(f).has(a.id)));
    const predicate = toPhysicalExpr(andAll(plan.partitionFilters), attributes);
    const schema = schemaOf(attributes);
    return (values) => {
      const columns = attributes.map((a) => vectorFromScalars(a.type, [lookup(values, a.name)]));
      const result = predicate.evaluate({ schema, columns, numRows: 1 }, this.ctx);
      return result.validity?.[0] !== 0 && (result.data as Uint8Array)[0] === 1;
    };
  }

  private join(plan: LogicalPlan & { kind: 'join' }): ExecutionPlan {
    const leftOutput = outputOf(plan.left), rightOutput = outputOf(plan.right);
    const leftIds = new Set(leftOutput.map((a) => a.id)), rightIds = new Set(rightOutput.map((a) => a.id));
    const within = (e: Expr, ids: Set<number>) => [...referencedAttributes(e)].every((id) => ids.has(id));
    const notIn = plan.type === 'anti' && plan.condition ? notInKeys(plan.condition) : undefined;
    if (notIn && within(notIn[0], leftIds) && within(notIn[1], rightIds)) {
      // Spark's null-aware anti join: a hash lookup instead of comparing every pair.
      return new HashJoinExec(this.plan(plan.left), this.plan(plan.right), 'anti', [toPhysicalExpr(notIn[0], leftOutput)],
        [toPhysicalExpr(notIn[1], rightOutput)], null, schemaOf(outputOf(plan)), 'right', undefined, true);
    }
    const leftKeys: Expr[] = [], rightKeys: Expr[] = [], residual: Expr[] = [];
    for (const c of plan.condition ? splitConjunction(plan.condition) : []) {
      if (c.kind === 'call' && c.fn.name === 'equal') {
        const [a, b] = c.args;
        if (within(a, leftIds) && within(b, rightIds) && referencedAttributes(a).size > 0 && referencedAttributes(b).size > 0) {
          leftKeys.push(a); rightKeys.push(b); continue;
        }
        if (within(b, leftIds) && within(a, rightIds) && referencedAttributes(a).size > 0 && referencedAttributes(b).size > 0) {
          leftKeys.push(b); rightKeys.push(a); continue;
        }
      }
      residual.push(c);
    }
    const both = [...leftOutput, ...rightOutput];
    // The hash table is built on the right input: an inner or outer equi-join builds on the smaller
    // side instead (estimated from file sizes; a left join becomes a right join), then puts the
    // columns back in left-then-right order.
    const swappedType = SWAPPED_JOIN_TYPES[plan.type];
    if (swappedType && leftKeys.length > 0 && this.sizes.bytes(plan.left) < this.sizes.bytes(plan.right)
      && !(plan.type === 'left' && this.runtimeFilterTarget(plan, rightKeys) !== undefined)) {
      const swapped = [...rightOutput, ...leftOutput];
      const join = new HashJoinExec(this.plan(plan.right), this.plan(plan.left), swappedType,
        rightKeys.map((e) => toPhysicalExpr(e, rightOutput)), leftKeys.map((e) => toPhysicalExpr(e, leftOutput)),
        residual.length > 0 ? toPhysicalExpr(andAll(residual), swapped) : null, schemaOf(swapped));
      return new ProjectExec(join, both.map((a) => toPhysicalExpr({ kind: 'column', attribute: a, type: a.type }, swapped)), schemaOf(outputOf(plan)));
    }
    // A semi or anti join builds on its left input instead when that is the smaller.
    const buildLeft = (plan.type === 'semi' || plan.type === 'anti') && leftKeys.length > 0 && this.sizes.bytes(plan.left) < this.sizes.bytes(plan.right);
    const runtimeKeys = buildLeft ? undefined : this.runtimeFilter(plan, rightKeys);
    return new HashJoinExec(this.plan(plan.left), this.plan(plan.right), plan.type,
      leftKeys.map((e) => toPhysicalExpr(e, leftOutput)), rightKeys.map((e) => toPhysicalExpr(e, rightOutput)),
      residual.length > 0 ? toPhysicalExpr(andAll(residual), both) : null, schemaOf(outputOf(plan)), buildLeft ? 'left' : 'right', runtimeKeys);
  }

  /** Aggregates whose input a runtime filter narrows to the keys a join's probe side holds. */
  private readonly runtimeFilters = new Map<LogicalPlan, { keys: Expr[]; set: RuntimeKeySet }>();

  /**
   * An inner or left join whose build side aggregates by the join keys (a decorrelated subquery:
   * TPC-H Q17's per-part average) over more than the probe side holds: the probe side is read
   * first and the aggregate only groups rows with its keys. Registers the filter for the aggregate.
   */
  private runtimeFilter(plan: LogicalPlan & { kind: 'join' }, rightKeys: readonly Expr[]): RuntimeKeySet | undefined {
    const target = this.runtimeFilterTarget(plan, rightKeys);
    if (target === undefined) return undefined;
    const set = new RuntimeKeySet();
    this.runtimeFilters.set(target.aggregate, { keys: target.keys, set });
    return set;
  }

  /** The aggregate under a join's build side that a runtime filter would narrow, and its keys. */
  private runtimeFilterTarget(plan: LogicalPlan & { kind: 'join' }, rightKeys: readonly Expr[]) {
    if ((plan.type !== 'inner' && plan.type !== 'left') || rightKeys.length === 0) return undefined;
    // Down through renaming projections to the aggregate, following each key to its grouping expression.
    let ids = rightKeys.map((k) => (k.kind === 'column' ? k.attribute.id : -1));
    let node = plan.right;
    while (node.kind === 'project') {
      const project = node;
      ids = ids.map((id) => {
        const e = project.exprs[project.output.findIndex((a) => a.id === id)];
        return e?.kind === 'column' ? e.attribute.id : -1;
      });
      node = node.input;
    }
    if (node.kind !== 'aggregate' || this.sizes.bytes(plan.left) >= this.sizes.bytes(node.input)) return undefined;
    const aggregate = node;
    const groups = ids.map((id) => aggregate.output.findIndex((a) => a.id === id));
    if (groups.some((g) => g < 0 || g >= aggregate.groupBy.length)) return undefined;
    return { aggregate, keys: groups.map((g) => aggregate.groupBy[g]) };
  }

}

function lookup(values: Record<string, Scalar>, name: string): Scalar {
  if (name in values) return values[name];
  const key = Object.keys(values).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? null : values[key];
}

/** A join's type with its inputs swapped, for the types whose build side may be either input. */
const SWAPPED_JOIN_TYPES: Partial<Record<JoinType, 'inner' | 'left' | 'right' | 'full'>> = { inner: 'inner', left: 'right', right: 'left', full: 'full' };

/**
 * The two sides of `a NOT IN (subquery)` as the analyzer writes it, `(a = b) OR ((a = b) IS NULL)`,
 * when that is the whole condition (one column, not correlated).
 */
function notInKeys(condition: Expr): [Expr, Expr] | undefined {
  if (condition.kind !== 'call' || condition.fn.name !== 'or') return undefined;
  const [equal, unknown] = condition.args;
  if (equal.kind !== 'call' || equal.fn.name !== 'equal' || unknown.kind !== 'call' || unknown.fn.name !== 'isnull') return undefined;
  if (exprToString(unknown.args[0]) !== exprToString(equal)) return undefined;
  return [equal.args[0], equal.args[1]];
}
