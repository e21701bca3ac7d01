import { BATCH_SIZE, Batch, makeBatch, sliceRows } from '../../common/batch.js';
import { Vector, concat, getScalar, isNullAt, take } from '../../common/vector.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { PhysicalExpr } from '../expressions/physical_expr.js';
import { compareValues } from '../functions/comparison.js';
import { numbers } from '../functions/kernels.js';
import { ExecutionPlan, FormattedOperator, newMemoryMetrics } from './execution_plan.js';
import { columnNames, countedList } from './formatted_plan.js';
import { holdBatch } from '../query_memory.js';
import { SpilledRuns } from './sort_runs.js';

export interface SortKey {
  readonly expr: PhysicalExpr;
  readonly ascending: boolean;
  readonly nullsFirst: boolean;
}

/**
 * ORDER BY: buffers its input, sorts row indices by the key columns and gathers. With a limit it
 * keeps only the best `limit` rows between batches (top-N), so memory stays bounded.
 */
export class SortExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  readonly metrics = newMemoryMetrics();
  constructor(readonly input: ExecutionPlan, readonly keys: readonly SortKey[], readonly limit: number | null = null) {
    this.children = [input];
  }
  get schema() { return this.input.schema; }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    let buffered: Batch[] = [];
    let rows = 0;
    let held = 0;
    // Past the query's memory budget, a full sort writes what it holds as a sorted run to disk:
    // when its next batch does not fit, or when an operator under it needs the room.
    const runs = new SpilledRuns(this.schema, ctx.memory?.spillDirectory, this.metrics);
    const spill = async () => {
      if (buffered.length === 0) return;
      const run = this.sorted(buffered, ctx, null);
      buffered = [];
      ctx.memory?.release(held);
      held = 0;
      await runs.write(run);
    };
    const unregister = this.limit === null ? ctx.memory?.registerSpillable({ spill }) : undefined;
    try {
      for await (const batch of this.input.execute(ctx)) {
        await checkpoint(ctx);
        if (ctx.memory && this.limit === null) {
          const bytes = ctx.memory.batchBytes(batch);
          if (!ctx.memory.fits(bytes)) await spill();
          if (!ctx.memory.fits(bytes)) {
            // One batch past what is left of the budget is a run of its own.
            await runs.write(this.sorted([batch], ctx, null));
            continue;
          }
          ctx.memory.reserve(bytes, 'Sort');
          held += bytes;
          this.metrics.peakBytes = Math.max(this.metrics.peakBytes, held);
          buffered.push(batch);
          rows += batch.numRows;
          continue;
        }
        buffered.push(batch);
        held += holdBatch(ctx.memory, batch, 'Sort');
        this.metrics.peakBytes = Math.max(this.metrics.peakBytes, held);
        rows += batch.numRows;
        if (this.limit !== null && rows > Math.max(this.limit * 2, BATCH_SIZE)) {
          buffered = [this.sorted(buffered, ctx, this.limit)];
          rows = buffered[0].numRows;
          ctx.memory?.release(held);
          held = holdBatch(ctx.memory, buffered[0], 'Sort');
        }
      }
      unregister?.();
      if (runs.count > 0) {
        yield* runs.merge(this.keys, buffered.length > 0 ? this.sorted(buffered, ctx, null) : null, ctx);
        return;
      }
      if (buffered.length === 0) return;
      const result = this.sorted(buffered, ctx, this.limit);
      for (let start = 0; start < result.numRows; start += BATCH_SIZE) {
        yield sliceRows(result, start, Math.min(result.numRows, start + BATCH_SIZE));
      }
    } finally {
      unregister?.();
      ctx.memory?.release(held);
      await runs.remove();
    }
  }

  private sorted(batches: Batch[], ctx: ExecutionContext, limit: number | null): Batch {
    const schema = this.schema;
    const all = makeBatch(schema, schema.map((f, c) => concat(f.type, batches.map((b) => b.columns[c]))),
      batches.reduce((s, b) => s + b.numRows, 0));
    const keyColumns = this.keys.map((k) => k.expr.evaluate(all, ctx));
    const order = Array.from({ length: all.numRows }, (_, i) => i);
    const comparators = this.keys.map((k, c) => rowComparator(keyColumns[c], k));
    order.sort((a, b) => {
      for (const compare of comparators) {
        const r = compare(a, b);
        if (r !== 0) return r;
      }
      return a - b;
    });
    const count = limit === null ? order.length : Math.min(limit, order.length);
    return makeBatch(schema, all.columns.map((c) => take(c, order, count)), count);
  }

  describe() {
    return `${this.limit !== null ? `TakeOrdered(limit=${this.limit}, ` : 'Sort('}[${this.keyTexts().join(', ')}])`;
  }

  formatted(): FormattedOperator {
    return {
      name: this.limit !== null ? 'TakeOrdered' : 'Sort',
      fields: [
        countedList('Input', columnNames(this.input.schema)),
        countedList('Keys', this.keyTexts()),
        ...(this.limit !== null ? [['Limit', String(this.limit)] as const] : []),
      ],
    };
  }

  private keyTexts(): string[] {
    return this.keys.map((k) => `${k.expr} ${k.ascending ? 'ASC' : 'DESC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`);
  }
}

/** Compares rows a and b of one key column, by the key's direction and NULL placement. */
export function rowComparator(v: Vector, key: Pick<SortKey, 'ascending' | 'nullsFirst'>): (a: number, b: number) => number {
  const direction = key.ascending ? 1 : -1;
  const nullOrder = key.nullsFirst ? -1 : 1;
  const nums = numbers(v);
  return (a, b) => {
    const an = isNullAt(v, a), bn = isNullAt(v, b);
    if (an || bn) return an && bn ? 0 : an ? nullOrder : -nullOrder;
    const c = nums !== null ? compareValues(nums[a], nums[b]) : compareValues(getScalar(v, a), getScalar(v, b));
    return c * direction;
  };
}
