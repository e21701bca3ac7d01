import { Batch, sliceRows } from '../../common/batch.js';
import { ExecutionContext } from '../context.js';
import { ExecutionPlan } from './execution_plan.js';

/** LIMIT/OFFSET: stops pulling its input as soon as the limit is reached. */
export class LimitExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  constructor(readonly input: ExecutionPlan, readonly limit: number | null, readonly offset: number) {
    this.children = [input];
  }
  get schema() { return this.input.schema; }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    let toSkip = this.offset;
    let remaining = this.limit ?? Infinity;
    if (remaining <= 0) return;
    for await (const batch of this.input.execute(ctx)) {
      let start = 0;
      if (toSkip > 0) {
        start = Math.min(toSkip, batch.numRows);
        toSkip -= start;
      }
      const end = Math.min(batch.numRows, start + remaining);
      if (end > start) {
        yield start === 0 && end === batch.numRows ? batch : sliceRows(batch, start, end);
        remaining -= end - start;
      }
      if (remaining <= 0) return;
    }
  }

  describe() {
    return `Limit ${this.limit ?? 'ALL'}${this.offset ? ` OFFSET ${this.offset}` : ''}`;
  }
}
