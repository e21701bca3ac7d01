import { BATCH_SIZE, Batch, makeBatch } from '../../common/batch.js';
import { Schema } from '../../common/types.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { ExecutionPlan } from './execution_plan.js';

/** `range(start, end, step)`: the numbers of a half-open interval, a batch at a time. */
export class RangeExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[] = [];
  constructor(readonly start: number, readonly end: number, readonly step: number, readonly schema: Schema) {}

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    const count = Math.max(0, Math.ceil((this.end - this.start) / this.step));
    for (let offset = 0; offset < count; offset += BATCH_SIZE) {
      await checkpoint(ctx);
      const n = Math.min(BATCH_SIZE, count - offset);
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = this.start + (offset + i) * this.step;
      yield makeBatch(this.schema, [{ type: this.schema[0].type, length: n, data: values, validity: null }], n);
    }
  }

  describe() { return `Range (${this.start}, ${this.end}, step=${this.step})`; }
}
