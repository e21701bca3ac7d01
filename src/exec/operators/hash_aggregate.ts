import { BATCH_SIZE, Batch, makeBatch, sliceRows, takeRows } from '../../common/batch.js';
import { Schema } from '../../common/types.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { BoundAggregateFunction, GroupAccumulator } from '../aggregates/aggregate_function.js';
import { PhysicalExpr } from '../expressions/physical_expr.js';
import { KeyTable } from './key_table.js';
import { selectTrue } from './filter.js';
import { ExecutionPlan } from './execution_plan.js';

export interface AggregateCall {
  readonly fn: BoundAggregateFunction;
  readonly args: readonly PhysicalExpr[];
  /** `FILTER (WHERE …)`: only rows where it is true are aggregated. */
  readonly filter?: PhysicalExpr;
  readonly display: string;
}

/**
 * GROUP BY: assigns each row a dense group id through a hash map on the key, then feeds whole
 * batches to grouped accumulators. Output: the key columns, then one column per aggregate.
 */
export class HashAggregateExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  constructor(
    readonly input: ExecutionPlan,
    readonly groupBy: readonly PhysicalExpr[],
    readonly aggregates: readonly AggregateCall[],
    readonly schema: Schema,
  ) {
    this.children = [input];
  }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    const groups = new KeyTable(this.groupBy.map((e) => e.type), 'group');
    const accumulators: GroupAccumulator[] = this.aggregates.map((a) => a.fn.createAccumulator());
    // Without GROUP BY there is exactly one group, even over no rows.
    if (this.groupBy.length === 0) groups.size = 1;
    // Each group holds its keys and accumulator states (about 16 bytes each) and a hash slot or two.
    const bytesPerGroup = 16 * (this.groupBy.length + this.aggregates.length) + 16;
    let held = 0;
    try {
      for await (const batch of this.input.execute(ctx)) {
        await checkpoint(ctx);
        const keys = this.groupBy.map((e) => e.evaluate(batch, ctx));
        const groupIds = this.groupBy.length === 0 ? new Int32Array(batch.numRows) : groups.insert(keys, batch.numRows);
        this.aggregates.forEach((call, k) => {
          const args = call.args.map((e) => e.evaluate(batch, ctx));
          if (call.filter) {
            const selected = selectTrue(call.filter.evaluate(batch, ctx), batch.numRows);
            const subset = takeRows({ schema: [], columns: args, numRows: batch.numRows }, selected);
            accumulators[k].update(subset.columns, Int32Array.from(selected, (i) => groupIds[i]), selected.length, groups.size, ctx);
          } else {
            accumulators[k].update(args, groupIds, batch.numRows, groups.size, ctx);
          }
        });
        if (ctx.memory && groups.size * bytesPerGroup > held) {
          ctx.memory.reserve(groups.size * bytesPerGroup - held, 'HashAggregate');
          held = groups.size * bytesPerGroup;
        }
      }
      const numGroups = groups.size;
      const keyColumns = this.groupBy.map((_, c) => groups.keyVector(c));
      const aggregateColumns = accumulators.map((a) => a.finish(numGroups, ctx));
      const all = makeBatch(this.schema, [...keyColumns, ...aggregateColumns], numGroups);
      for (let start = 0; start < numGroups; start += BATCH_SIZE) {
        yield sliceRows(all, start, Math.min(numGroups, start + BATCH_SIZE));
      }
    } finally {
      ctx.memory?.release(held);
    }
  }

  describe() {
    const keys = this.groupBy.map(String).join(', ');
    return `HashAggregate(keys=[${keys}], functions=[${this.aggregates.map((a) => a.display).join(', ')}])`;
  }
}
