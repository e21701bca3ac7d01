// CTE results computed once and read by reference: a shared (non-deterministic) CTE's rows, and
// the reference leaves that read them or a recursive loop's previous iteration from the context.

import { Batch, makeBatch } from '../../common/batch.js';
import { QuarryError } from '../../common/errors.js';
import { Schema } from '../../common/types.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { ExecutionPlan } from './execution_plan.js';

/**
 * A CTE computed once for every query that names it (Spark does not inline a non-deterministic
 * CTE): the definition's rows are collected, then the body runs reading them by id.
 */
export class SharedCteExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  constructor(readonly id: number, readonly definition: ExecutionPlan, readonly body: ExecutionPlan) {
    this.children = [definition, body];
  }
  get schema() { return this.body.schema; }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    const rows = await collect(this.definition, ctx, this.definition.schema);
    yield* this.body.execute({ ...ctx, cteResults: new Map(ctx.cteResults ?? []).set(this.id, rows) });
  }

  describe() { return `WithCTE ${this.id}`; }
}

/** Rows computed elsewhere (a loop's previous iteration, a shared CTE), relabelled with this reference's columns. */
export class CteResultExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[] = [];
  constructor(readonly id: number, readonly schema: Schema, readonly label: string) {}

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    const batches = ctx.cteResults?.get(this.id);
    if (!batches) throw new QuarryError('XX000', `The rows of CTE ${this.id} are read outside the plan that computes them.`);
    for (const batch of batches) yield makeBatch(this.schema, batch.columns, batch.numRows);
  }

  describe() { return `${this.label} ${this.id}`; }
}

/** All of a plan's rows (empty batches dropped), relabelled with `schema`. */
export async function collect(plan: ExecutionPlan, ctx: ExecutionContext, schema: Schema): Promise<Batch[]> {
  const batches: Batch[] = [];
  for await (const batch of plan.execute(ctx)) {
    if (batch.numRows > 0) batches.push(makeBatch(schema, batch.columns, batch.numRows));
    await checkpoint(ctx);
  }
  return batches;
}

