// DISTINCT aggregates (count(DISTINCT x), sum(DISTINCT x)): each group feeds its inner accumulator
// only values it has not seen yet.

import { Vector, getScalar, isNullAt } from '../../common/vector.js';
import { takeRows } from '../../common/batch.js';
import { ExecutionContext } from '../context.js';
import { BoundAggregateFunction, GroupAccumulator } from './aggregate_function.js';

class DistinctAccumulator implements GroupAccumulator {
  private readonly seen: Set<string>[] = [];
  constructor(private readonly inner: GroupAccumulator) {}

  update(args: readonly Vector[], groupIds: Int32Array, n: number, numGroups: number, ctx: ExecutionContext): void {
    const keep: number[] = [];
    for (let i = 0; i < n; i++) {
      if (args.some((a) => isNullAt(a, i))) continue;
      const g = groupIds[i];
      const key = args.length === 1 ? keyOf(getScalar(args[0], i)) : args.map((a) => keyOf(getScalar(a, i))).join('\u0000');
      const set = (this.seen[g] ??= new Set());
      if (set.has(key)) continue;
      set.add(key);
      keep.push(i);
    }
    const subset = takeRows({ schema: [], columns: args, numRows: n }, keep);
    this.inner.update(subset.columns, Int32Array.from(keep, (i) => groupIds[i]), keep.length, numGroups, ctx);
  }

  finish(numGroups: number, ctx: ExecutionContext): Vector {
    return this.inner.finish(numGroups, ctx);
  }
}

/** A stable key for set membership: numbers and bigints of equal value collide on purpose. */
function keyOf(x: unknown): string {
  if (x instanceof Uint8Array) return Buffer.from(x).toString('hex');
  return typeof x === 'string' ? `s${x}` : `n${String(x)}`;
}

export function distinctAggregate(fn: BoundAggregateFunction): BoundAggregateFunction {
  return { ...fn, createAccumulator: () => new DistinctAccumulator(fn.createAccumulator()) };
}
