import { BATCH_SIZE, Batch, makeBatch, sliceRows } from '../../common/batch.js';
import { DataType, Schema } from '../../common/types.js';
import { Scalar, Vector, concat, getScalar, isNullAt, take, vectorFromScalars } from '../../common/vector.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { BoundAggregateFunction } from '../aggregates/aggregate_function.js';
import { PhysicalExpr } from '../expressions/physical_expr.js';
import { ExecutionPlan } from './execution_plan.js';
import { SortKey, rowComparator } from './sort.js';

/** A frame edge relative to the current row: a row offset, or unbounded. */
export type FrameBound =
  | { readonly kind: 'unboundedPreceding' } | { readonly kind: 'unboundedFollowing' } | { readonly kind: 'currentRow' }
  | { readonly kind: 'offset'; readonly rows: number }
  /** RANGE frames: this far from the current row's ORDER BY value (negative: preceding), in its units. */
  | { readonly kind: 'valueOffset'; readonly value: number };

export interface Frame {
  /** ROWS counts rows; RANGE treats rows with equal ORDER BY values (peers) as one. */
  readonly units: 'ROWS' | 'RANGE';
  readonly start: FrameBound;
  readonly end: FrameBound;
}

export type WindowFunction =
  | { readonly kind: 'row_number' | 'rank' | 'dense_rank' | 'percent_rank' | 'cume_dist' }
  | { readonly kind: 'ntile'; readonly buckets: number }
  | { readonly kind: 'lag' | 'lead'; readonly value: PhysicalExpr; readonly offset: number; readonly default: PhysicalExpr | null; readonly ignoreNulls?: boolean }
  | { readonly kind: 'aggregate'; readonly fn: BoundAggregateFunction; readonly args: readonly PhysicalExpr[]; readonly frame: Frame;
      /** `FILTER (WHERE …)`: only rows it holds for enter the frames. */
      readonly filter?: PhysicalExpr };

export interface WindowExpr {
  readonly fn: WindowFunction;
  readonly partitionBy: readonly PhysicalExpr[];
  readonly orderBy: readonly SortKey[];
  readonly type: DataType;
  readonly display: string;
}

/**
 * Window functions: buffers its input, and for each window expression orders the rows by
 * (partition, order keys), walks each partition and computes the values. Output: the input
 * columns, then one column per window expression, in input order.
 */
export class WindowExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  constructor(readonly input: ExecutionPlan, readonly windows: readonly WindowExpr[], readonly schema: Schema) {
    this.children = [input];
  }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    const batches: Batch[] = [];
    for await (const b of this.input.execute(ctx)) {
      await checkpoint(ctx);
      batches.push(b);
    }
    const inputSchema = this.input.schema;
    const n = batches.reduce((s, b) => s + b.numRows, 0);
    const all = makeBatch(inputSchema, inputSchema.map((f, c) => concat(f.type, batches.map((b) => b.columns[c]))), n);
    const computed = this.windows.map((w) => computeWindow(w, all, ctx));
    const result = makeBatch(this.schema, [...all.columns, ...computed], n);
    for (let start = 0; start < n; start += BATCH_SIZE) yield sliceRows(result, start, Math.min(n, start + BATCH_SIZE));
  }

  describe() {
    return `Window [${this.windows.map((w) => w.display).join(', ')}]`;
  }
}

function computeWindow(w: WindowExpr, all: Batch, ctx: ExecutionContext): Vector {
  const n = all.numRows;
  const partitionKeys = w.partitionBy.map((e) => e.evaluate(all, ctx));
  const partitionComparators = partitionKeys.map((v) => rowComparator(v, { ascending: true, nullsFirst: true }));
  const orderComparators = w.orderBy.map((k) => rowComparator(k.expr.evaluate(all, ctx), k));
  const samePartition = (a: number, b: number) => partitionComparators.every((c) => c(a, b) === 0);
  const peers = (a: number, b: number) => orderComparators.every((c) => c(a, b) === 0);
  const order = Array.from({ length: n }, (_, i) => i);
  const comparators = [...partitionComparators, ...orderComparators];
  order.sort((a, b) => {
    for (const c of comparators) {
      const r = c(a, b);
      if (r !== 0) return r;
    }
    return a - b;
  });
  const result: Scalar[] = new Array(n).fill(null);
  const positions = orderPositions(w, all, ctx);
  // The function's arguments over all rows, once: each partition picks its rows out of them.
  const inputs: WindowInputs = w.fn.kind === 'aggregate' ? { args: w.fn.args.map((e) => e.evaluate(all, ctx)), filter: w.fn.filter?.evaluate(all, ctx) }
    : w.fn.kind === 'lag' || w.fn.kind === 'lead' ? { values: w.fn.value.evaluate(all, ctx), defaults: w.fn.default?.evaluate(all, ctx) }
    : {};
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && samePartition(order[start], order[end])) end++;
    computePartition(w.fn, order.slice(start, end), peers, inputs, ctx, result, positions);
    start = end;
  }
  return vectorFromScalars(w.type, result);
}

/** A window function's evaluated inputs: an aggregate's arguments, lag/lead's value and default. */
interface WindowInputs {
  readonly args?: readonly Vector[];
  /** An aggregate's FILTER condition, per row. */
  readonly filter?: Vector;
  readonly values?: Vector;
  readonly defaults?: Vector;
}

/**
 * For RANGE frames with value offsets: each row's ORDER BY value as a position that grows in window
 * order (negated for DESC), null for NULL. Undefined when no frame needs them.
 */
function orderPositions(w: WindowExpr, all: Batch, ctx: ExecutionContext): (number | null)[] | undefined {
  if (w.fn.kind !== 'aggregate' || (w.fn.frame.start.kind !== 'valueOffset' && w.fn.frame.end.kind !== 'valueOffset')) return undefined;
  const keys = w.orderBy[0].expr.evaluate(all, ctx);
  const sign = w.orderBy[0].ascending ? 1 : -1;
  return Array.from({ length: all.numRows }, (_, i) => (isNullAt(keys, i) ? null : sign * Number(getScalar(keys, i))));
}

/** Values for one partition, its rows in window order; written into `result` by row index. */
function computePartition(fn: WindowFunction, rows: number[], peers: (a: number, b: number) => boolean,
  inputs: WindowInputs, ctx: ExecutionContext, result: Scalar[], positions?: (number | null)[]): void {
  const m = rows.length;
  // Peer groups: [start, end) ranges of rows with equal ORDER BY values.
  const groupEnd = new Int32Array(m);
  const groupStart = new Int32Array(m);
  for (let i = 0; i < m;) {
    let j = i + 1;
    while (j < m && peers(rows[i], rows[j])) j++;
    for (let k = i; k < j; k++) { groupStart[k] = i; groupEnd[k] = j; }
    i = j;
  }
  switch (fn.kind) {
    case 'row_number': rows.forEach((r, i) => { result[r] = i + 1; }); return;
    case 'rank': rows.forEach((r, i) => { result[r] = groupStart[i] + 1; }); return;
    case 'dense_rank': {
      let rank = 0;
      rows.forEach((r, i) => { if (groupStart[i] === i) rank++; result[r] = rank; });
      return;
    }
    case 'percent_rank': rows.forEach((r, i) => { result[r] = m === 1 ? 0 : groupStart[i] / (m - 1); }); return;
    case 'cume_dist': rows.forEach((r, i) => { result[r] = groupEnd[i] / m; }); return;
    case 'ntile': {
      const size = Math.floor(m / fn.buckets), extra = m % fn.buckets;
      let bucket = 1, left = size + (extra > 0 ? 1 : 0);
      rows.forEach((r) => {
        if (left === 0) { bucket++; left = size + (bucket <= extra ? 1 : 0); }
        result[r] = bucket;
        left--;
      });
      return;
    }
    case 'lag': case 'lead': {
      const values = inputs.values!;
      const defaults = inputs.defaults;
      const shift = fn.kind === 'lag' ? -fn.offset : fn.offset;
      if (fn.ignoreNulls && shift !== 0) {
        // The offset counts only rows whose value is not NULL: the nth such row before (or after) this one.
        const present = rows.map((_, i) => i).filter((i) => !isNullAt(values, rows[i]));
        rows.forEach((r, i) => {
          // How many non-NULL rows come strictly before i.
          let lo = 0, hi = present.length;
          while (lo < hi) { const mid = (lo + hi) >> 1; if (present[mid] < i) lo = mid + 1; else hi = mid; }
          const k = shift < 0 ? lo + shift : (lo < present.length && present[lo] === i ? lo + 1 : lo) + shift - 1;
          result[r] = k >= 0 && k < present.length ? getScalar(values, rows[present[k]]) : defaults ? getScalar(defaults, r) : null;
        });
        return;
      }
      rows.forEach((r, i) => {
        const j = i + shift;
        result[r] = j >= 0 && j < m ? getScalar(values, rows[j]) : defaults ? getScalar(defaults, r) : null;
      });
      return;
    }
    case 'aggregate': return aggregateOverFrames(fn, rows, groupStart, groupEnd, inputs, ctx, result, positions);
  }
}

function aggregateOverFrames(fn: Extract<WindowFunction, { kind: 'aggregate' }>, rows: number[], groupStart: Int32Array,
  groupEnd: Int32Array, inputs: WindowInputs, ctx: ExecutionContext, result: Scalar[], positions?: (number | null)[]): void {
  const m = rows.length;
  const args = inputs.args!.map((v) => take(v, rows));
  const { start, end, units } = fn.frame;
  const unboundedStart = start.kind === 'unboundedPreceding';
  const finishOne = (acc: ReturnType<BoundAggregateFunction['createAccumulator']>) => getScalar(acc.finish(1, ctx), 0);
  const filter = inputs.filter ? take(inputs.filter, rows) : null;
  const included = (k: number) => filter === null || (!isNullAt(filter, k) && getScalar(filter, k) === true);

  if (unboundedStart && end.kind === 'unboundedFollowing') {
    const acc = fn.fn.createAccumulator();
    const kept = Array.from({ length: m }, (_, k) => k).filter(included);
    acc.update(args.map((a) => take(a, kept)), new Int32Array(kept.length), kept.length, 1, ctx);
    const value = finishOne(acc);
    for (const r of rows) result[r] = value;
    return;
  }
  if (unboundedStart && end.kind === 'currentRow') {
    // Running aggregate: rows enter one at a time; RANGE frames end with the current peer group.
    const acc = fn.fn.createAccumulator();
    const one = new Int32Array(1);
    for (let i = 0; i < m;) {
      const last = units === 'RANGE' ? groupEnd[i] : i + 1;
      for (let k = i; k < last; k++) if (included(k)) acc.update(args.map((a) => take(a, [k])), one, 1, 1, ctx);
      const value = finishOne(acc);
      for (let k = i; k < last; k++) result[rows[k]] = value;
      i = last;
    }
    return;
  }
  // Frames with offsets: each row's frame fed as its own group, in one vectorized update.
  const position = (k: number) => positions![rows[k]];
  // The non-NULL ORDER BY values are contiguous (NULLs sort first or last), in growing position.
  let valued = 0, valuedEnd = m;
  if (positions) {
    while (valued < m && position(valued) === null) valued++;
    valuedEnd = valued;
    while (valuedEnd < m && position(valuedEnd) !== null) valuedEnd++;
  }
  /** The first row in [valued, valuedEnd) whose position is at least `target` (strictly more when `after`). */
  const search = (target: number, after: boolean): number => {
    let lo = valued, hi = valuedEnd;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const p = position(mid)!;
      if (p < target || (after && p === target)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const edge = (b: FrameBound, i: number, isStart: boolean): number => {
    switch (b.kind) {
      case 'unboundedPreceding': return 0;
      case 'unboundedFollowing': return m - 1;
      case 'currentRow': return i;
      case 'offset': return i + b.rows;
      case 'valueOffset': {
        // A NULL ORDER BY value's frame is its peers: the other NULLs.
        if (position(i) === null) return isStart ? groupStart[i] : groupEnd[i] - 1;
        const target = position(i)! + b.value;
        return isStart ? search(target, false) : search(target, true) - 1;
      }
    }
  };
  const frameStart = (i: number) => Math.max(0, units === 'RANGE' && start.kind === 'currentRow' ? groupStart[i] : edge(start, i, true));
  const frameEnd = (i: number) => Math.min(m - 1, units === 'RANGE' && end.kind === 'currentRow' ? groupEnd[i] - 1 : edge(end, i, false));
  if ((fn.fn.name === 'first' || fn.fn.name === 'last') && args.length === 1 && !filter) {
    // first_value/last_value (which keep NULLs): the value at the frame's first or last row.
    for (let i = 0; i < m; i++) {
      const lo = frameStart(i), hi = frameEnd(i);
      result[rows[i]] = lo > hi ? null : getScalar(args[0], fn.fn.name === 'first' ? lo : hi);
    }
    return;
  }
  const fromEnd = end.kind === 'unboundedFollowing' && ORDER_INSENSITIVE.has(fn.fn.name);
  if ((unboundedStart || fromEnd) && !filter) {
    // Every frame is a prefix of the partition (or a suffix): one running aggregate, from the
    // first row on (or from the last back, for aggregates the order of rows cannot change), is
    // read off where each frame ends (or starts), instead of feeding each frame's rows anew.
    const running = runningValues(fn, args, m, ctx, !unboundedStart);
    const empty = finishOne(fn.fn.createAccumulator());
    for (let i = 0; i < m; i++) {
      const lo = frameStart(i), hi = frameEnd(i);
      result[rows[i]] = lo > hi ? empty : running[unboundedStart ? hi : lo];
    }
    return;
  }
  // A RANGE frame is the same for all peers (its edges follow the ORDER BY value): one per peer group.
  const sharedByPeers = units === 'RANGE' && start.kind !== 'offset' && end.kind !== 'offset';
  const frameOf = new Int32Array(m);
  let frames = 0;
  const members: number[] = [], groups: number[] = [];
  for (let i = 0; i < m; i++) {
    if (sharedByPeers && i > groupStart[i]) { frameOf[i] = frameOf[groupStart[i]]; continue; }
    frameOf[i] = frames;
    const lo = frameStart(i), hi = frameEnd(i);
    for (let k = lo; k <= hi; k++) if (included(k)) { members.push(k); groups.push(frames); }
    frames++;
  }
  const acc = fn.fn.createAccumulator();
  acc.update(args.map((a) => take(a, members)), Int32Array.from(groups), members.length, frames, ctx);
  const values = acc.finish(frames, ctx);
  rows.forEach((r, i) => { result[r] = getScalar(values, frameOf[i]); });
}

/** Aggregates whose value does not depend on the order rows are fed in (first/last do). */
const ORDER_INSENSITIVE = new Set(['sum', 'count', 'min', 'max', 'avg', 'bool_and', 'bool_or', 'var_samp', 'var_pop', 'stddev_samp', 'stddev_pop']);

/** The aggregate over rows [0, k] for each k (or over [k, m) when `backward`). */
function runningValues(fn: Extract<WindowFunction, { kind: 'aggregate' }>, args: readonly Vector[], m: number, ctx: ExecutionContext,
  backward: boolean): Scalar[] {
  const acc = fn.fn.createAccumulator();
  const one = new Int32Array(1);
  const values: Scalar[] = new Array(m);
  for (let step = 0; step < m; step++) {
    const k = backward ? m - 1 - step : step;
    acc.update(args.map((a) => take(a, [k])), one, 1, 1, ctx);
    values[k] = getScalar(acc.finish(1, ctx), 0);
  }
  return values;
}
