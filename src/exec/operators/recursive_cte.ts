// WITH RECURSIVE as Spark's UnionLoopExec runs it: the anchor once, then the recursive part again
// and again, each run reading the rows of the run before (its working table), until a run yields
// no rows. Every run's rows are streamed out once it finishes, so a LIMIT above stops the loop
// early, as Spark's pushed-down limit does; an endless loop fails at the level or row limit.

import { Batch } from '../../common/batch.js';
import { QuarryError } from '../../common/errors.js';
import { Schema } from '../../common/types.js';
import { ExecutionContext } from '../context.js';
import { collect } from './cte_results.js';
import { ExecutionPlan } from './execution_plan.js';

/** Spark's defaults: spark.sql.cteRecursionLevelLimit and spark.sql.cteRecursionRowLimit (-1: none). */
const DEFAULT_LEVEL_LIMIT = 100;
const DEFAULT_ROW_LIMIT = 1_000_000;

export class RecursiveCteExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  constructor(
    readonly loopId: number, readonly anchor: ExecutionPlan, readonly recursive: ExecutionPlan, readonly schema: Schema,
    /** The query's own MAX RECURSION LEVEL, over the session setting. */
    readonly maxLevel?: number,
  ) {
    this.children = [anchor, recursive];
  }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    const levelLimit = this.maxLevel ?? limitSetting(ctx, 'spark.sql.cteRecursionLevelLimit', DEFAULT_LEVEL_LIMIT);
    const rowLimit = limitSetting(ctx, 'spark.sql.cteRecursionRowLimit', DEFAULT_ROW_LIMIT);
    let previous = await collect(this.anchor, ctx, this.schema);
    // The anchor's rows are level 1; a level past the limit that still has rows is an error.
    let level = 1;
    let total = 0;
    while (rowCount(previous) > 0) {
      if (levelLimit >= 0 && level > levelLimit) {
        throw new QuarryError('42836',
          `[RECURSION_LEVEL_LIMIT_EXCEEDED] Recursion level limit ${levelLimit} reached but query has not exhausted, try increasing it like 'WITH RECURSIVE t(col) MAX RECURSION LEVEL ${Math.max(levelLimit, 1) * 2}' or the setting spark.sql.cteRecursionLevelLimit.`,
          undefined, 'RECURSION_LEVEL_LIMIT_EXCEEDED');
      }
      total += rowCount(previous);
      if (rowLimit >= 0 && total > rowLimit) {
        throw new QuarryError('42836',
          `[RECURSION_ROW_LIMIT_EXCEEDED] Recursion row limit ${rowLimit} reached but query has not exhausted, try setting a larger LIMIT value when querying the CTE relation.`,
          undefined, 'RECURSION_ROW_LIMIT_EXCEEDED');
      }
      yield* previous;
      const cteResults = new Map(ctx.cteResults ?? []).set(this.loopId, previous);
      previous = await collect(this.recursive, { ...ctx, cteResults }, this.schema);
      level++;
    }
  }

  describe() { return `UnionLoop ${this.loopId}${this.maxLevel !== undefined ? `, maxLevel=${this.maxLevel}` : ''}`; }
}

const rowCount = (batches: readonly Batch[]) => batches.reduce((n, b) => n + b.numRows, 0);

function limitSetting(ctx: ExecutionContext, name: string, fallback: number): number {
  const value = Number(ctx.setting?.(name));
  return Number.isInteger(value) ? value : fallback;
}
