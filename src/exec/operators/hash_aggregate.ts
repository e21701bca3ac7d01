import { BATCH_SIZE, Batch, makeBatch, sliceRows, takeRows } from '../../common/batch.js';
import { Schema } from '../../common/types.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { BoundAggregateFunction, GroupAccumulator } from '../aggregates/aggregate_function.js';
import { PhysicalExpr } from '../expressions/physical_expr.js';
import { gatherInt32 } from '../../common/vector.js';
import { KeyTable } from './key_table.js';
import { selectTrue } from './filter.js';
import { selectWhere } from './hash_join.js';
import { MAX_SPILL_DEPTH, PARTITIONS, SpillPartitions } from './spill_partitions.js';
import { ExecutionPlan, FormattedOperator, newMemoryMetrics } from './execution_plan.js';
import { columnNames, countedList } from './formatted_plan.js';

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
  readonly metrics = newMemoryMetrics();
  constructor(
    readonly input: ExecutionPlan,
    readonly groupBy: readonly PhysicalExpr[],
    readonly aggregates: readonly AggregateCall[],
    readonly schema: Schema,
  ) {
    this.children = [input];
  }

  execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    return this.aggregate(this.input.execute(ctx), ctx, 0);
  }

  /**
   * Aggregates in memory until the groups would pass the query's budget; from then on (hybrid hash
   * aggregation) rows of groups already held still aggregate in place and rows of new groups spill,
   * partitioned by key. The held groups are output, then each partition is aggregated the same way.
   * No accumulator state is ever merged, so every aggregate function can spill.
   */
  private async *aggregate(input: AsyncIterable<Batch>, ctx: ExecutionContext, depth: number): AsyncGenerator<Batch> {
    const { output, spilled } = await this.consume(input, ctx, depth);
    try {
      for (let start = 0; start < output.numRows; start += BATCH_SIZE) {
        yield sliceRows(output, start, Math.min(output.numRows, start + BATCH_SIZE));
      }
      for (let p = 0; spilled !== null && p < PARTITIONS; p++) {
        if (spilled.rows[p] > 0) yield* this.aggregate(spilled.read(p, ctx), ctx, depth + 1);
      }
    } finally {
      await spilled?.remove();
    }
  }

  /** The groups held in memory, aggregated, and the rows of those that were not, partitioned on disk. */
  private async consume(input: AsyncIterable<Batch>, ctx: ExecutionContext, depth: number) {
    const groups = new KeyTable(this.groupBy.map((e) => e.type), 'group');
    const accumulators: GroupAccumulator[] = this.aggregates.map((a) => a.fn.createAccumulator());
    // Without GROUP BY there is exactly one group, even over no rows.
    if (this.groupBy.length === 0) groups.size = 1;
    // Each group holds its keys and accumulator states (about 16 bytes each) and a hash slot or two.
    const bytesPerGroup = 16 * (this.groupBy.length + this.aggregates.length) + 16;
    const memory = ctx.memory;
    const canSpill = memory !== undefined && this.groupBy.length > 0 && depth < MAX_SPILL_DEPTH;
    let spilled: SpillPartitions | null = null;
    let held = 0;
    try {
      for await (let batch of input) {
        await checkpoint(ctx);
        const keys = this.groupBy.map((e) => e.evaluate(batch, ctx));
        // Spilling with no group held would only write the same rows again one level down.
        const room = batch.numRows * bytesPerGroup;
        if (spilled === null && canSpill && groups.size > 0 && !memory.fits(room) && !(await memory.makeRoom(room))) {
          spilled = new SpillPartitions(this.input.schema, this.groupBy, depth, memory, 'hash aggregate', this.metrics);
        }
        let groupIds: Int32Array;
        if (this.groupBy.length === 0) groupIds = new Int32Array(batch.numRows);
        else if (spilled === null) groupIds = groups.insert(keys, batch.numRows);
        else {
          const found = groups.find(keys, batch.numRows);
          const missing = selectWhere(found, batch.numRows, false);
          if (missing.length > 0) await spilled.add(missing.length === batch.numRows ? batch : takeRows(batch, missing), ctx);
          if (missing.length === batch.numRows) continue;
          if (missing.length === 0) groupIds = found;
          else {
            const present = selectWhere(found, batch.numRows, true);
            batch = takeRows(batch, present);
            groupIds = gatherInt32(found, present, present.length);
          }
        }
        this.update(accumulators, batch, groupIds, groups.size, ctx);
        if (memory && groups.size * bytesPerGroup > held) {
          const more = groups.size * bytesPerGroup - held;
          if (spilled === null && !memory.fits(more)) await memory.makeRoom(more);
          memory.reserve(more, 'HashAggregate');
          held = groups.size * bytesPerGroup;
          this.metrics.peakBytes = Math.max(this.metrics.peakBytes, held);
        }
      }
      const numGroups = groups.size;
      const keyColumns = this.groupBy.map((_, c) => groups.keyVector(c));
      const aggregateColumns = accumulators.map((a) => a.finish(numGroups, ctx));
      return { output: makeBatch(this.schema, [...keyColumns, ...aggregateColumns], numGroups), spilled };
    } catch (e) {
      await spilled?.remove();
      throw e;
    } finally {
      // The table and the states are dropped here; what the output holds, the operators above count.
      memory?.release(held);
    }
  }

  private update(accumulators: GroupAccumulator[], batch: Batch, groupIds: Int32Array, numGroups: number, ctx: ExecutionContext): void {
    this.aggregates.forEach((call, k) => {
      const args = call.args.map((e) => e.evaluate(batch, ctx));
      if (call.filter) {
        const selected = selectTrue(call.filter.evaluate(batch, ctx), batch.numRows);
        const subset = takeRows({ schema: [], columns: args, numRows: batch.numRows }, selected);
        accumulators[k].update(subset.columns, Int32Array.from(selected, (i) => groupIds[i]), selected.length, numGroups, ctx);
      } else {
        accumulators[k].update(args, groupIds, batch.numRows, numGroups, ctx);
      }
    });
  }

  describe() {
    const keys = this.groupBy.map(String).join(', ');
    return `HashAggregate(keys=[${keys}], functions=[${this.aggregates.map((a) => a.display).join(', ')}])`;
  }

  formatted(): FormattedOperator {
    return {
      name: 'HashAggregate',
      fields: [
        countedList('Input', columnNames(this.input.schema)),
        countedList('Keys', this.groupBy),
        countedList('Functions', this.aggregates.map((a) => a.display)),
        countedList('Results', columnNames(this.schema)),
      ],
    };
  }
}
