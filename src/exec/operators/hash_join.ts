import { BATCH_SIZE, Batch, makeBatch, sliceRows, takeRows } from '../../common/batch.js';
import { Schema } from '../../common/types.js';
import { concat, gatherInt32, isNullAt, take, takeCoded } from '../../common/vector.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { PhysicalExpr } from '../expressions/physical_expr.js';
import { selectTrue } from './filter.js';
import { ExecutionPlan, FormattedOperator, MemoryMetrics, newMemoryMetrics } from './execution_plan.js';
import { countedList } from './formatted_plan.js';
import { KeyTable } from './key_table.js';
import { MAX_SPILL_DEPTH, PARTITIONS, SpillPartitions } from './spill_partitions.js';
import type { RuntimeKeySet } from './runtime_filter.js';

export type JoinKind = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti' | 'cross';

/**
 * Equi-join: builds a hash table on the right input, streams the left through it. A residual
 * condition is checked on candidate pairs. Without keys every pair is a candidate (cross and
 * non-equi joins). Output: left columns then right columns (semi/anti: left only).
 */
export class HashJoinExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  readonly metrics = newMemoryMetrics();
  constructor(
    readonly left: ExecutionPlan,
    readonly right: ExecutionPlan,
    readonly kind: JoinKind,
    readonly leftKeys: readonly PhysicalExpr[],
    readonly rightKeys: readonly PhysicalExpr[],
    /** Evaluated on left ++ right columns. */
    readonly condition: PhysicalExpr | null,
    readonly schema: Schema,
    /**
     * Semi and anti joins with keys may build on the left input when it is the smaller: the right
     * input streams through marking the left rows it matches.
     */
    readonly buildSide: 'left' | 'right' = 'right',
    /**
     * Set: the probe side is read first and its keys given to this set, which a filter under the
     * build side's aggregate reads (see RuntimeFilterExec).
     */
    readonly runtimeKeys?: RuntimeKeySet,
    /**
     * `left NOT IN (right)`, one key, built on the right (Spark's null-aware anti join): a NULL
     * among the right keys keeps no row, and a left row with a NULL key stays only when the right
     * side is empty.
     */
    readonly nullAware = false,
  ) {
    this.children = [left, right];
    if (nullAware && !(kind === 'anti' && leftKeys.length === 1 && buildSide === 'right' && condition === null && !runtimeKeys)) {
      throw new Error('a null-aware anti join has one key, no condition, and builds on the right');
    }
    if (buildSide === 'left' && !((kind === 'semi' || kind === 'anti') && leftKeys.length > 0)) {
      throw new Error('only semi and anti equi-joins build on the left');
    }
  }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    if (!this.runtimeKeys) {
      yield* this.joinInputs(this.left.execute(ctx), this.right.execute(ctx), ctx, 0);
      return;
    }
    // The probe side is read first, to filter the build side by its keys; both are held.
    const held = { bytes: 0 };
    try {
      const probe = (await collect(this.left.execute(ctx), this.left.schema, [], ctx, held, 0, this.metrics)) as Batch;
      const keys = new KeyTable(this.leftKeys.map((e) => e.type), 'skip');
      keys.insert(this.leftKeys.map((e) => e.evaluate(probe, ctx)), probe.numRows);
      this.runtimeKeys.keys = keys;
      yield* this.join((await collect(this.right.execute(ctx), this.right.schema, [], ctx, held, 0, this.metrics)) as Batch, ctx, slices(probe));
    } finally {
      ctx.memory?.release(held.bytes);
    }
  }

  /**
   * Holds the build side in memory, within the query's budget, and streams the other through it.
   * A build side past the budget makes it a grace hash join: both sides are partitioned by key to
   * disk and each pair of partitions is joined on its own (spilling again if still too large).
   */
  private async *joinInputs(left: AsyncIterable<Batch>, right: AsyncIterable<Batch>, ctx: ExecutionContext, depth: number): AsyncGenerator<Batch> {
    const buildLeft = this.buildSide === 'left';
    const [buildPlan, probePlan] = buildLeft ? [this.left, this.right] : [this.right, this.left];
    const [buildKeys, probeKeys] = buildLeft ? [this.leftKeys, this.rightKeys] : [this.rightKeys, this.leftKeys];
    const held = { bytes: 0 };
    const spills: SpillPartitions[] = [];
    try {
      // A null-aware join sees all of its build side at once: a NULL anywhere in it decides every row.
      const partitionKeys = this.nullAware ? [] : buildKeys;
      const build = await collect(buildLeft ? left : right, buildPlan.schema, partitionKeys, ctx, held, depth, this.metrics);
      const probeInput = buildLeft ? right : left;
      if (!(build instanceof SpillPartitions)) {
        yield* buildLeft ? this.markLeftRows(build, probeInput, ctx) : this.join(build, ctx, probeInput);
        return;
      }
      spills.push(build);
      const probe = new SpillPartitions(probePlan.schema, probeKeys, depth, ctx.memory!, 'hash join', this.metrics);
      spills.push(probe);
      for await (const batch of probeInput) {
        await checkpoint(ctx);
        await probe.add(batch, ctx);
      }
      for (let p = 0; p < PARTITIONS; p++) {
        if (this.partitionIsEmpty(build.rows[p], probe.rows[p])) continue;
        const [buildRows, probeRows] = [build.read(p, ctx), probe.read(p, ctx)];
        yield* this.joinInputs(buildLeft ? buildRows : probeRows, buildLeft ? probeRows : buildRows, ctx, depth + 1);
      }
    } finally {
      ctx.memory?.release(held.bytes);
      for (const spill of spills) await spill.remove();
    }
  }

  /** Whether a pair of partitions with these row counts can output nothing. */
  private partitionIsEmpty(buildRows: number, probeRows: number): boolean {
    if (this.buildSide === 'left') return buildRows === 0 || (probeRows === 0 && this.kind === 'semi');
    if (buildRows === 0) return this.kind === 'inner' || this.kind === 'semi' || this.kind === 'right';
    return probeRows === 0 && this.kind !== 'right' && this.kind !== 'full';
  }

  /** A semi or anti join built on its left rows: those the right rows match (or do not), in their order. */
  private async *markLeftRows(left: Batch, right: AsyncIterable<Batch>, ctx: ExecutionContext): AsyncGenerator<Batch> {
    const { table, head, next } = chainRows(left, this.leftKeys, ctx);
    const matched = new Uint8Array(left.numRows);
    const pairs = new PairBuffer();
    const pairSchema = [...this.left.schema, ...this.right.schema];
    const checkPairs = (probe: Batch) => {
      if (pairs.count === 0) return;
      const leftRows = pairs.build.subarray(0, pairs.count), rightRows = pairs.probe.subarray(0, pairs.count);
      const batch = makeBatch(pairSchema, [...left.columns.map((c) => take(c, leftRows)), ...probe.columns.map((c) => take(c, rightRows))], pairs.count);
      const keep = selectTrue(this.condition!.evaluate(batch, ctx), batch.numRows);
      for (let k = 0; k < keep.length; k++) matched[leftRows[keep[k]]] = 1;
      pairs.count = 0;
    };
    for await (const probe of right) {
      await checkpoint(ctx);
      const ids = table.find(this.rightKeys.map((e) => e.evaluate(probe, ctx)), probe.numRows);
      for (let j = 0; j < probe.numRows; j++) {
        const id = ids[j];
        if (id < 0) continue;
        if (this.condition === null) {
          for (let r = head[id]; r >= 0; r = next[r]) matched[r] = 1;
          head[id] = -1; // all of this key's rows are matched: later probes skip them
          continue;
        }
        for (let r = head[id]; r >= 0; r = next[r]) if (matched[r] === 0) pairs.push(j, r);
        if (pairs.count >= BATCH_SIZE) checkPairs(probe);
      }
      checkPairs(probe);
    }
    const rows = selectWhere(matched, left.numRows, this.kind === 'semi');
    for (let start = 0; start < rows.length; start += BATCH_SIZE) {
      const chunk = rows.subarray(start, Math.min(rows.length, start + BATCH_SIZE));
      yield makeBatch(this.schema, takeRows(left, chunk).columns, chunk.length);
    }
  }

  private async *join(build: Batch, ctx: ExecutionContext, probes: AsyncIterable<Batch>): AsyncGenerator<Batch> {
    const { table, head, next, nullKeys } = this.rightKeys.length > 0 ? chainRows(build, this.rightKeys, ctx)
      : { table: null, head: new Int32Array(0), next: new Int32Array(0), nullKeys: false };
    // NOT IN a set that holds a NULL is never true; NOT IN an empty set always is, even for NULL.
    if (this.nullAware && nullKeys) return;
    const dropNullKeys = this.nullAware && build.numRows > 0;
    const tracksBuild = this.kind === 'right' || this.kind === 'full';
    const buildMatched = new Uint8Array(build.numRows);
    // Candidate pairs in chunks so one probe batch never explodes memory; gathered before reuse.
    const pairs = new PairBuffer();

    for await (const probe of probes) {
      await checkpoint(ctx);
      const probeKeys = this.leftKeys.map((e) => e.evaluate(probe, ctx));
      const probeIds = table !== null ? table.find(probeKeys, probe.numRows) : null;
      if ((this.kind === 'semi' || this.kind === 'anti') && !this.condition) {
        // Without a condition a key in the table is a match: no pairs to form.
        let rows = probeIds === null ? (build.numRows > 0) === (this.kind === 'semi') ? null : new Int32Array(0)
          : selectWhere(probeIds, probe.numRows, this.kind === 'semi');
        if (dropNullKeys && rows !== null) rows = rows.filter((i) => !isNullAt(probeKeys[0], i));
        if (rows === null) yield probe;
        else if (rows.length > 0) yield makeBatch(this.schema, takeRows(probe, rows).columns, rows.length);
        continue;
      }
      const probeMatched = new Uint8Array(probe.numRows);
      const flush = async function* (this: HashJoinExec): AsyncGenerator<Batch> {
        if (pairs.count === 0) return;
        let probeIdx: Int32Array = pairs.probe.subarray(0, pairs.count), buildIdx: Int32Array = pairs.build.subarray(0, pairs.count);
        let batch = this.pairBatch(probe, build, probeIdx, buildIdx);
        if (this.condition) {
          const keep = selectTrue(this.condition.evaluate(batch, ctx), batch.numRows);
          if (keep.length < batch.numRows) {
            batch = takeRows(batch, keep);
            probeIdx = gatherInt32(probeIdx, keep, keep.length);
            buildIdx = gatherInt32(buildIdx, keep, keep.length);
          }
        }
        for (let k = 0; k < probeIdx.length; k++) probeMatched[probeIdx[k]] = 1;
        if (tracksBuild) for (let k = 0; k < buildIdx.length; k++) buildMatched[buildIdx[k]] = 1;
        pairs.count = 0;
        if (this.kind !== 'semi' && this.kind !== 'anti' && batch.numRows > 0) yield batch;
      };
      const firstMatchOnly = this.kind === 'semi' && !this.condition;
      for (let i = 0; i < probe.numRows; i++) {
        if (probeIds === null) {
          for (let r = 0; r < build.numRows; r++) pairs.push(i, r);
        } else {
          for (let r = probeIds[i] < 0 ? -1 : head[probeIds[i]]; r >= 0; r = next[r]) {
            pairs.push(i, r);
            if (firstMatchOnly) break;
          }
        }
        if (pairs.count >= BATCH_SIZE) yield* flush.call(this);
      }
      yield* flush.call(this);

      if (this.kind === 'semi' || this.kind === 'anti') {
        const wanted = this.kind === 'semi' ? 1 : 0;
        const rows: number[] = [];
        for (let i = 0; i < probe.numRows; i++) if (probeMatched[i] === wanted) rows.push(i);
        if (rows.length > 0) yield makeBatch(this.schema, takeRows(probe, rows).columns, rows.length);
      } else if (this.kind === 'left' || this.kind === 'full') {
        const rows: number[] = [];
        for (let i = 0; i < probe.numRows; i++) if (!probeMatched[i]) rows.push(i);
        if (rows.length > 0) yield this.pairBatch(probe, build, Int32Array.from(rows), new Int32Array(rows.length).fill(-1));
      }
    }

    if (tracksBuild) {
      const rows: number[] = [];
      for (let i = 0; i < build.numRows; i++) if (!buildMatched[i]) rows.push(i);
      const emptyProbe = makeBatch(this.left.schema, this.left.schema.map((f) => concat(f.type, [])), 0);
      for (let start = 0; start < rows.length; start += BATCH_SIZE) {
        const chunk = Int32Array.from(rows.slice(start, start + BATCH_SIZE));
        yield this.pairBatch(emptyProbe, build, new Int32Array(chunk.length).fill(-1), chunk);
      }
    }
  }

  private pairBatch(probe: Batch, build: Batch, probeIdx: Int32Array, buildIdx: Int32Array): Batch {
    const columns = [
      ...probe.columns.map((c) => take(c, probeIdx)),
      ...build.columns.map((c) => takeCoded(c, buildIdx)),
    ];
    return makeBatch(this.kind === 'semi' || this.kind === 'anti' ? [...this.left.schema, ...this.right.schema] : this.schema, columns, probeIdx.length);
  }

  describe() {
    const keys = this.leftKeys.map((k, i) => `${k} = ${this.rightKeys[i]}`).join(' AND ');
    return `${this.operatorName()} ${this.joinType()}${keys ? ` [${keys}]` : ''}${this.condition ? ` condition ${this.condition}` : ''}${this.nullAware ? ' NullAware' : ''} ${this.buildSideName()}${this.runtimeKeys ? ', probe keys filter the build side' : ''}`;
  }

  formatted(): FormattedOperator {
    return {
      name: `${this.operatorName()} ${this.joinType()} ${this.buildSideName()}`,
      fields: [
        countedList('Left keys', this.leftKeys),
        countedList('Right keys', this.rightKeys),
        ['Join type', this.joinType()],
        ['Join condition', this.condition ? String(this.condition) : 'None'],
        ...(this.nullAware ? [['Null aware', 'true'] as const] : []),
        ...(this.runtimeKeys ? [['Runtime filter', 'the probe side\'s keys filter the build side'] as const] : []),
      ],
    };
  }

  private operatorName() { return this.leftKeys.length > 0 ? 'HashJoin' : 'NestedLoopJoin'; }
  private joinType() { return this.kind === 'semi' ? 'LeftSemi' : this.kind === 'anti' ? 'LeftAnti' : this.kind[0].toUpperCase() + this.kind.slice(1); }
  private buildSideName() { return this.buildSide === 'left' ? 'BuildLeft' : 'BuildRight'; }
}

/** Probe and build row indexes of candidate pairs, in growing typed arrays. */
class PairBuffer {
  probe = new Int32Array(BATCH_SIZE);
  build = new Int32Array(BATCH_SIZE);
  count = 0;

  push(probeRow: number, buildRow: number): void {
    if (this.count === this.probe.length) {
      const probe = new Int32Array(this.count * 2), build = new Int32Array(this.count * 2);
      probe.set(this.probe);
      build.set(this.build);
      this.probe = probe;
      this.build = build;
    }
    this.probe[this.count] = probeRow;
    this.build[this.count++] = buildRow;
  }
}

/** A batch in batches of BATCH_SIZE rows. */
async function* slices(batch: Batch): AsyncGenerator<Batch> {
  for (let start = 0; start < batch.numRows; start += BATCH_SIZE) yield sliceRows(batch, start, Math.min(batch.numRows, start + BATCH_SIZE));
}

/**
 * An input's batches as one, held within the query's memory budget; past the budget, when the
 * join has keys and may spill another level, its rows partitioned to disk by `keys`.
 */
async function collect(
  input: AsyncIterable<Batch>, schema: Schema, keys: readonly PhysicalExpr[], ctx: ExecutionContext,
  held: { bytes: number }, depth: number, metrics: MemoryMetrics,
): Promise<Batch | SpillPartitions> {
  const memory = ctx.memory;
  const batches: Batch[] = [];
  let spilled: SpillPartitions | null = null;
  try {
    for await (const b of input) {
      if (spilled !== null) {
        await spilled.add(b, ctx);
        continue;
      }
      const bytes = memory?.batchBytes(b) ?? 0;
      const canSpill = keys.length > 0 && batches.length > 0 && depth < MAX_SPILL_DEPTH;
      // Others asked to spill only when it does not fit: no await per batch otherwise.
      if (memory && !memory.fits(bytes) && !(await memory.makeRoom(bytes)) && canSpill) {
        spilled = new SpillPartitions(schema, keys, depth, memory, 'hash join', metrics);
        for (const batch of batches.splice(0)) await spilled.add(batch, ctx);
        memory.release(held.bytes);
        held.bytes = 0;
        await spilled.add(b, ctx);
        continue;
      }
      memory?.reserve(bytes, 'HashJoin (build side)');
      held.bytes += bytes;
      metrics.peakBytes = Math.max(metrics.peakBytes, held.bytes);
      batches.push(b);
    }
  } catch (e) {
    await spilled?.remove();
    throw e;
  }
  if (spilled !== null) return spilled;
  const columns = schema.map((f, c) => concat(f.type, batches.map((b) => b.columns[c])));
  return makeBatch(schema, columns, batches.reduce((s, b) => s + b.numRows, 0));
}

/** The build rows by key: head[key id] is the key's first row, next[row] the row after it (-1 ends). */
function chainRows(build: Batch, keys: readonly PhysicalExpr[], ctx: ExecutionContext) {
  const table = new KeyTable(keys.map((e) => e.type), 'skip');
  const ids = table.insert(keys.map((e) => e.evaluate(build, ctx)), build.numRows);
  const head = new Int32Array(table.size).fill(-1);
  const next = new Int32Array(build.numRows);
  let nullKeys = false;
  for (let r = build.numRows - 1; r >= 0; r--) {
    const id = ids[r];
    if (id < 0) {
      nullKeys = true;
      continue;
    }
    next[r] = head[id];
    head[id] = r;
  }
  return { table, head, next, nullKeys };
}

/** Rows whose key was found (id ≥ 0, or flag 1) when `found`, else the others. */
export function selectWhere(ids: Int32Array | Uint8Array, n: number, found: boolean): Int32Array {
  const out = new Int32Array(n);
  const threshold = ids instanceof Uint8Array ? 1 : 0;
  let k = 0;
  for (let i = 0; i < n; i++) if ((ids[i] >= threshold) === found) out[k++] = i;
  return out.subarray(0, k);
}
