// Logical plans: what a query computes, independent of how. Every node reports its output
// attributes; optimizer rules rewrite trees of these.

import { TableMetadata } from '../catalog/index.js';
import { typeToString } from '../common/types.js';
import { Scalar } from '../common/vector.js';
import type { LoadedModel } from '../ml/index.js';
import {
  AggregateCall, Attribute, Expr, GeneratorCall, WindowCall, aggregateToString, exprToString, generatorToString, windowToString,
} from './expressions.js';

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'cross' | 'semi' | 'anti';

export type LogicalPlan =
  | { readonly kind: 'scan'; readonly table: TableMetadata; readonly output: readonly Attribute[];
      /** Conjuncts on partition columns only: decide which directories are read at all. */
      readonly partitionFilters: readonly Expr[] }
  | { readonly kind: 'filter'; readonly input: LogicalPlan; readonly condition: Expr }
  | { readonly kind: 'project'; readonly input: LogicalPlan; readonly exprs: readonly Expr[]; readonly output: readonly Attribute[] }
  | { readonly kind: 'aggregate'; readonly input: LogicalPlan; readonly groupBy: readonly Expr[];
      readonly aggregates: readonly AggregateCall[]; readonly output: readonly Attribute[] }
  | { readonly kind: 'join'; readonly left: LogicalPlan; readonly right: LogicalPlan; readonly type: JoinType;
      readonly condition?: Expr }
  | { readonly kind: 'sort'; readonly input: LogicalPlan; readonly keys: readonly SortKey[] }
  | { readonly kind: 'limit'; readonly input: LogicalPlan; readonly limit: number | null; readonly offset: number }
  /** Window functions: the input's columns, then one per call. */
  | { readonly kind: 'window'; readonly input: LogicalPlan; readonly windows: readonly WindowCall[]; readonly windowOutput: readonly Attribute[] }
  /** Generators: the input's columns, then one per generator, a row per generated value. */
  | { readonly kind: 'generate'; readonly input: LogicalPlan; readonly generators: readonly GeneratorCall[];
      readonly outer: boolean; readonly generatorOutput: readonly Attribute[] }
  /** ml_transform(model, TABLE(t)): t's columns, then every column the model writes. */
  | { readonly kind: 'modelTransform'; readonly input: LogicalPlan; readonly model: LoadedModel; readonly modelName: string;
      readonly inputNames: readonly string[]; readonly inputs: readonly Expr[]; readonly modelOutput: readonly Attribute[] }
  /** `range(start, end, step)`: a bigint column `id`, generated batch by batch. */
  | { readonly kind: 'range'; readonly start: number; readonly end: number; readonly step: number; readonly output: readonly Attribute[] }
  /** A scalar subquery's input: at most one row, more is an error (21000). */
  | { readonly kind: 'enforceSingleRow'; readonly input: LogicalPlan }
  | { readonly kind: 'values'; readonly output: readonly Attribute[]; readonly rows: readonly (readonly Expr[])[] }
  | { readonly kind: 'union'; readonly inputs: readonly LogicalPlan[]; readonly output: readonly Attribute[] }
  /**
   * WITH RECURSIVE (Spark's UnionLoop): the anchor's rows, then the recursive part run again and
   * again, each run reading the rows of the one before through its `workingTable` leaves (those
   * of this `loopId`), until a run yields no rows. Columns are positional in both parts.
   */
  | { readonly kind: 'recursiveCte'; readonly loopId: number; readonly name: string; readonly anchor: LogicalPlan;
      readonly recursive: LogicalPlan; readonly output: readonly Attribute[];
      /** `MAX RECURSION LEVEL n`, when the query sets its own limit. */
      readonly maxLevel?: number }
  /** In a recursive CTE's recursive part (Spark's UnionLoopRef): the rows of the previous iteration. */
  | { readonly kind: 'workingTable'; readonly loopId: number; readonly name: string; readonly output: readonly Attribute[] }
  /**
   * A CTE computed once and read by every `cteRef` of its `id` in `body` (Spark's WithCTE over a
   * CTE it does not inline: a non-deterministic one must give every reference the same rows).
   */
  | { readonly kind: 'sharedCte'; readonly id: number; readonly name: string; readonly definition: LogicalPlan; readonly body: LogicalPlan }
  | { readonly kind: 'cteRef'; readonly id: number; readonly name: string; readonly output: readonly Attribute[] }
  | { readonly kind: 'insert'; readonly input: LogicalPlan; readonly table: TableMetadata; readonly overwrite: boolean;
      /** INSERT OVERWRITE … PARTITION (k = v): only these partitions are replaced. */
      readonly overwritePartition?: Readonly<Record<string, Scalar>>;
      /** spark.sql.sources.partitionOverwriteMode=dynamic: only the partitions written are replaced. */
      readonly dynamicPartitionOverwrite?: boolean;
      readonly output: readonly Attribute[] };

export interface SortKey {
  readonly expr: Expr;
  readonly ascending: boolean;
  readonly nullsFirst: boolean;
}

export function outputOf(plan: LogicalPlan): readonly Attribute[] {
  switch (plan.kind) {
    case 'filter': case 'sort': case 'limit': case 'enforceSingleRow': return outputOf(plan.input);
    case 'sharedCte': return outputOf(plan.body);
    case 'window': return [...outputOf(plan.input), ...plan.windowOutput];
    case 'generate': return [...outputOf(plan.input), ...plan.generatorOutput];
    case 'modelTransform': return [...outputOf(plan.input), ...plan.modelOutput];
    case 'join':
      return plan.type === 'semi' || plan.type === 'anti'
        ? outputOf(plan.left)
        : [...nullableIf(outputOf(plan.left), plan.type === 'right' || plan.type === 'full'),
           ...nullableIf(outputOf(plan.right), plan.type === 'left' || plan.type === 'full')];
    default: return plan.output;
  }
}

function nullableIf(attributes: readonly Attribute[], nullable: boolean): readonly Attribute[] {
  return nullable ? attributes.map((a) => (a.nullable ? a : { ...a, nullable: true })) : attributes;
}

export function planChildren(plan: LogicalPlan): readonly LogicalPlan[] {
  switch (plan.kind) {
    case 'scan': case 'values': case 'range': case 'workingTable': case 'cteRef': return [];
    case 'join': return [plan.left, plan.right];
    case 'recursiveCte': return [plan.anchor, plan.recursive];
    case 'sharedCte': return [plan.definition, plan.body];
    case 'union': return plan.inputs;
    default: return [plan.input];
  }
}

export function withChildren(plan: LogicalPlan, next: readonly LogicalPlan[]): LogicalPlan {
  switch (plan.kind) {
    case 'scan': case 'values': case 'range': case 'workingTable': case 'cteRef': return plan;
    case 'join': return { ...plan, left: next[0], right: next[1] };
    case 'recursiveCte': return { ...plan, anchor: next[0], recursive: next[1] };
    case 'sharedCte': return { ...plan, definition: next[0], body: next[1] };
    case 'union': return { ...plan, inputs: next };
    default: return { ...plan, input: next[0] } as LogicalPlan;
  }
}

const attributeList = (attributes: readonly Attribute[]) => attributes.map((a) => `${a.name}#${a.id}`).join(', ');

function describe(plan: LogicalPlan): string {
  switch (plan.kind) {
    case 'scan': {
      const partitions = plan.partitionFilters.length > 0 ? `, PartitionFilters: [${plan.partitionFilters.map(exprToString).join(', ')}]` : '';
      return `Relation ${plan.table.database}.${plan.table.name}[${attributeList(plan.output)}] ${plan.table.format}${partitions}`;
    }
    case 'filter': return `Filter ${exprToString(plan.condition)}`;
    case 'project': return `Project [${plan.exprs.map((e, i) => projectItem(e, plan.output[i])).join(', ')}]`;
    case 'aggregate':
      return `Aggregate [${plan.groupBy.map(exprToString).join(', ')}], [${[
        ...plan.groupBy.map((e, i) => projectItem(e, plan.output[i])),
        ...plan.aggregates.map((a, i) => `${aggregateToString(a)} AS ${plan.output[plan.groupBy.length + i].name}#${plan.output[plan.groupBy.length + i].id}`),
      ].join(', ')}]`;
    case 'join': return `Join ${plan.type === 'semi' ? 'LeftSemi' : plan.type === 'anti' ? 'LeftAnti' : plan.type[0].toUpperCase() + plan.type.slice(1)}${plan.condition ? `, ${exprToString(plan.condition)}` : ''}`;
    case 'sort': return `Sort [${plan.keys.map((k) => `${exprToString(k.expr)} ${k.ascending ? 'ASC' : 'DESC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ')}]`;
    case 'limit': return `Limit ${plan.limit ?? 'ALL'}${plan.offset ? ` Offset ${plan.offset}` : ''}`;
    case 'enforceSingleRow': return 'EnforceSingleRow';
    case 'range': return `Range (${plan.start}, ${plan.end}, step=${plan.step})`;
    case 'window': return `Window [${plan.windows.map((w, i) => `${windowToString(w)} AS ${plan.windowOutput[i].name}#${plan.windowOutput[i].id}`).join(', ')}]`;
    case 'modelTransform': return `ModelTransform ${plan.modelName} [${plan.inputs.map(exprToString).join(', ')}]`;
    case 'generate': return `Generate${plan.outer ? ' outer' : ''} [${plan.generators.map((g, i) => `${generatorToString(g)} AS ${plan.generatorOutput[i].name}#${plan.generatorOutput[i].id}`).join(', ')}]`;
    case 'values': return `LocalRelation [${attributeList(plan.output)}], ${plan.rows.length} rows`;
    case 'union': return `Union [${attributeList(plan.output)}]`;
    case 'recursiveCte': return `UnionLoop ${plan.loopId} ${plan.name} [${attributeList(plan.output)}]${plan.maxLevel !== undefined ? `, maxLevel=${plan.maxLevel}` : ''}`;
    case 'workingTable': return `UnionLoopRef ${plan.loopId} ${plan.name} [${attributeList(plan.output)}]`;
    case 'sharedCte': return `WithCTE ${plan.id} ${plan.name}`;
    case 'cteRef': return `CTERelationRef ${plan.id} ${plan.name} [${attributeList(plan.output)}]`;
    case 'insert': return `InsertIntoTable ${plan.table.database}.${plan.table.name}${plan.overwrite ? ' (overwrite)' : ''}, [${plan.table.columns.map((c) => `${c.name}: ${typeToString(c.type)}`).join(', ')}]`;
  }
}

function projectItem(e: Expr, a: Attribute): string {
  return e.kind === 'column' && e.attribute.id === a.id ? exprToString(e) : `${exprToString(e)} AS ${a.name}#${a.id}`;
}

/** The plan as an indented tree, as Spark's EXPLAIN prints it. */
export function formatLogicalPlan(plan: LogicalPlan, prefix = '', childPrefix = ''): string {
  const children = planChildren(plan);
  return [
    prefix + describe(plan),
    ...children.map((c, i) => {
      const last = i === children.length - 1;
      return formatLogicalPlan(c, childPrefix + (last ? '+- ' : ':- '), childPrefix + (last ? '   ' : ':  '));
    }),
  ].join('\n');
}
