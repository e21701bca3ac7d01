import { Batch, takeRows } from '../../common/batch.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { PhysicalExpr } from '../expressions/physical_expr.js';
import { ExecutionPlan, FormattedOperator } from './execution_plan.js';
import { columnNames, countedList } from './formatted_plan.js';

/** Keeps the rows where the predicate is true (not false, not NULL). */
export class FilterExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  constructor(readonly input: ExecutionPlan, readonly predicate: PhysicalExpr) {
    this.children = [input];
  }
  get schema() { return this.input.schema; }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    for await (const batch of this.input.execute(ctx)) {
      await checkpoint(ctx);
      const selected = selectTrue(this.predicate.evaluate(batch, ctx), batch.numRows);
      if (selected.length === batch.numRows) yield batch;
      else if (selected.length > 0) yield takeRows(batch, selected);
    }
  }

  describe() { return `Filter ${this.predicate}`; }

  formatted(): FormattedOperator {
    return { name: 'Filter', fields: [countedList('Input', columnNames(this.input.schema)), ['Condition', String(this.predicate)]] };
  }
}

/** Indices of the rows where a boolean vector is true. */
export function selectTrue(mask: ReturnType<PhysicalExpr['evaluate']>, n: number): Int32Array {
  const values = mask.data as Uint8Array | null;
  const out = new Int32Array(n);
  let k = 0;
  if (values === null) return out.subarray(0, 0);
  const valid = mask.validity;
  for (let i = 0; i < n; i++) if (values[i] === 1 && (valid === null || valid[i] === 1)) out[k++] = i;
  return out.subarray(0, k);
}
