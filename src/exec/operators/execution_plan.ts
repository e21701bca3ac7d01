// The one interface of physical operators: each pulls batches from its children and yields its own.

import { Batch } from '../../common/batch.js';
import { Schema } from '../../common/types.js';
import { ExecutionContext } from '../context.js';

export interface ExecutionPlan {
  readonly schema: Schema;
  readonly children: readonly ExecutionPlan[];
  execute(ctx: ExecutionContext): AsyncGenerator<Batch>;
  /** One line for EXPLAIN: the operator and its arguments. */
  describe(): string;
  /** Operators that hold rows count here what they held and spilled, for EXPLAIN ANALYZE. */
  readonly metrics?: MemoryMetrics;
  /** EXPLAIN FORMATTED: the operator's name and fields; without it, its EXPLAIN line's arguments. */
  formatted?(): FormattedOperator;
}

export interface FormattedOperator {
  readonly name: string;
  /** Label and value: ['Input [2]', '[a, b]'], ['Condition', '(a > 1)']. */
  readonly fields: readonly (readonly [string, string])[];
}

export interface MemoryMetrics {
  /** The most bytes of the query's budget the operator held at once. */
  peakBytes: number;
  spilledRows: number;
  spilledBytes: number;
  spillFiles: number;
}

export const newMemoryMetrics = (): MemoryMetrics => ({ peakBytes: 0, spilledRows: 0, spilledBytes: 0, spillFiles: 0 });

/** The plan as an indented tree, as Spark's EXPLAIN prints it. */
export function formatPhysicalPlan(plan: ExecutionPlan): string {
  return formatTree(plan, (node) => node.describe());
}

/** A plan as Spark's indented tree (`:- ` before a child with siblings after it, `+- ` before the last), one line per operator. */
export function formatTree(plan: ExecutionPlan, line: (node: ExecutionPlan) => string, prefix = '', childPrefix = ''): string {
  return [
    prefix + line(plan),
    ...plan.children.map((c, i) => {
      const last = i === plan.children.length - 1;
      return formatTree(c, line, childPrefix + (last ? '+- ' : ':- '), childPrefix + (last ? '   ' : ':  '));
    }),
  ].join('\n');
}
