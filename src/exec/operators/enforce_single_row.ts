import { Batch } from '../../common/batch.js';
import { QuarryError } from '../../common/errors.js';
import { ExecutionContext } from '../context.js';
import { ExecutionPlan } from './execution_plan.js';

/** Passes at most one row through; a second is an error, as a scalar subquery must give one value. */
export class EnforceSingleRowExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  constructor(readonly input: ExecutionPlan) {
    this.children = [input];
  }
  get schema() { return this.input.schema; }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    let rows = 0;
    for await (const batch of this.input.execute(ctx)) {
      rows += batch.numRows;
      if (rows > 1) {
        throw new QuarryError('21000', '[SCALAR_SUBQUERY_TOO_MANY_ROWS] More than one row returned by a subquery used as an expression.',
          undefined, 'SCALAR_SUBQUERY_TOO_MANY_ROWS');
      }
      if (batch.numRows > 0) yield batch;
    }
  }

  describe() { return 'EnforceSingleRow'; }
}
