import { Batch, makeBatch } from '../../common/batch.js';
import { Schema } from '../../common/types.js';
import { ExecutionContext } from '../context.js';
import { ExecutionPlan } from './execution_plan.js';

/** UNION ALL: the inputs one after another, relabelled with the union's schema. */
export class UnionExec implements ExecutionPlan {
  constructor(readonly children: readonly ExecutionPlan[], readonly schema: Schema) {}

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    for (const child of this.children) {
      for await (const batch of child.execute(ctx)) yield makeBatch(this.schema, batch.columns, batch.numRows);
    }
  }

  describe() { return 'Union'; }
}
