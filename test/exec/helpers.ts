// Small builders for operator tests: batches from rows, and rows back from batches.

import { Batch, makeBatch } from '../../src/common/batch.js';
import { Field, Schema } from '../../src/common/types.js';
import { Scalar, getScalar, vectorFromScalars } from '../../src/common/vector.js';
import { ExecutionContext, defaultExecutionContext } from '../../src/exec/context.js';
import { ExecutionPlan } from '../../src/exec/operators/execution_plan.js';

export function batchOf(schema: Schema, rows: Scalar[][]): Batch {
  return makeBatch(schema, schema.map((f, c) => vectorFromScalars(f.type, rows.map((r) => r[c]))), rows.length);
}

/** An input operator yielding the given batches. */
export function source(schema: Schema, ...batches: Scalar[][][]): ExecutionPlan {
  return {
    schema, children: [], describe: () => 'Source',
    async *execute() { for (const rows of batches) yield batchOf(schema, rows); },
  };
}

export async function collect(plan: ExecutionPlan, ctx: ExecutionContext = defaultExecutionContext): Promise<Scalar[][]> {
  const rows: Scalar[][] = [];
  for await (const batch of plan.execute(ctx)) {
    for (let i = 0; i < batch.numRows; i++) rows.push(batch.columns.map((c) => getScalar(c, i)));
  }
  return rows;
}

export const field = (name: string, type: Field['type']): Field => ({ name, type, nullable: true });
