import { Batch, takeRows } from '../../common/batch.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { PhysicalExpr } from '../expressions/physical_expr.js';
import { ExecutionPlan } from './execution_plan.js';
import { selectWhere } from './hash_join.js';
import { KeyTable } from './key_table.js';

/**
 * The join keys of a join's probe side, handed at run time to a filter deep in its build side
 * (Spark's InjectRuntimeFilter): the join reads its probe side first, then the build side, whose
 * aggregate then only groups the rows some probe row can match.
 */
export class RuntimeKeySet {
  keys: KeyTable | null = null;
}

/** Keeps the rows whose keys are in the runtime key set (all rows while it is not set). */
export class RuntimeFilterExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  constructor(readonly input: ExecutionPlan, readonly keys: readonly PhysicalExpr[], readonly set: RuntimeKeySet) {
    this.children = [input];
  }
  get schema() { return this.input.schema; }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    for await (const batch of this.input.execute(ctx)) {
      await checkpoint(ctx);
      const table = this.set.keys;
      if (table === null) {
        yield batch;
        continue;
      }
      const rows = selectWhere(table.find(this.keys.map((e) => e.evaluate(batch, ctx)), batch.numRows), batch.numRows, true);
      if (rows.length === batch.numRows) yield batch;
      else if (rows.length > 0) yield takeRows(batch, rows);
    }
  }

  describe() { return `RuntimeFilter [${this.keys.join(', ')}] IN the join's probe keys`; }
}
