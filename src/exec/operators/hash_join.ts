import { BATCH_SIZE, Batch, makeBatch, takeRows } from '../../common/batch.js';
import { Schema } from '../../common/types.js';
import { concat, take } from '../../common/vector.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { PhysicalExpr } from '../expressions/physical_expr.js';
import { selectTrue } from './filter.js';
import { ExecutionPlan } from './execution_plan.js';
import { KeyTable } from './key_table.js';
import { holdBatch } from '../query_memory.js';

export type JoinKind = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti' | 'cross';

/**
 * Equi-join: builds a hash table on the right input, streams the left through it. A residual
 * condition is checked on candidate pairs. Without keys every pair is a candidate (cross and
 * non-equi joins). Output: left columns then right columns (semi/anti: left only).
 */
export class HashJoinExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  constructor(
    readonly left: ExecutionPlan,
    readonly right: ExecutionPlan,
    readonly kind: JoinKind,
    readonly leftKeys: readonly PhysicalExpr[],
    readonly rightKeys: readonly PhysicalExpr[],
    /** Evaluated on left ++ right columns. */
    readonly condition: PhysicalExpr | null,
    readonly schema: Schema,
  ) {
    this.children = [left, right];
  }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    // The build side is held in memory for the whole join, within the query's budget.
    const held = { bytes: 0 };
    try {
      yield* this.join(await this.collectBuildSide(ctx, held), ctx);
    } finally {
      ctx.memory?.release(held.bytes);
    }
  }

  private async *join(build: Batch, ctx: ExecutionContext): AsyncGenerator<Batch> {
    // Build rows by key: head[key id] is the key's first row, next[row] the row after it.
    let table: KeyTable | null = null;
    let head = new Int32Array(0);
    let next = new Int32Array(0);
    if (this.rightKeys.length > 0) {
      table = new KeyTable(this.rightKeys.map((e) => e.type), 'skip');
      const ids = table.insert(this.rightKeys.map((e) => e.evaluate(build, ctx)), build.numRows);
      head = new Int32Array(table.size).fill(-1);
      next = new Int32Array(build.numRows);
      for (let r = build.numRows - 1; r >= 0; r--) {
        const id = ids[r];
        if (id < 0) continue;
        next[r] = head[id];
        head[id] = r;
      }
    }
    const tracksBuild = this.kind === 'right' || this.kind === 'full';
    const buildMatched = new Uint8Array(build.numRows);

    for await (const probe of this.left.execute(ctx)) {
      await checkpoint(ctx);
      const probeIds = table !== null ? table.find(this.leftKeys.map((e) => e.evaluate(probe, ctx)), probe.numRows) : null;
      if ((this.kind === 'semi' || this.kind === 'anti') && !this.condition) {
        // Without a condition a key in the table is a match: no pairs to form.
        const rows = probeIds === null ? (build.numRows > 0) === (this.kind === 'semi') ? null : new Int32Array(0)
          : selectWhere(probeIds, probe.numRows, this.kind === 'semi');
        if (rows === null) yield probe;
        else if (rows.length > 0) yield makeBatch(this.schema, takeRows(probe, rows).columns, rows.length);
        continue;
      }
      const probeMatched = new Uint8Array(probe.numRows);
      // Candidate pairs in chunks so one probe batch never explodes memory.
      const pairs = new PairBuffer();
      const flush = async function* (this: HashJoinExec): AsyncGenerator<Batch> {
        if (pairs.count === 0) return;
        let probeIdx = pairs.probe.subarray(0, pairs.count), buildIdx = pairs.build.subarray(0, pairs.count);
        let batch = this.pairBatch(probe, build, probeIdx, buildIdx);
        if (this.condition) {
          const keep = selectTrue(this.condition.evaluate(batch, ctx), batch.numRows);
          if (keep.length < batch.numRows) {
            batch = takeRows(batch, keep);
            probeIdx = gather(probeIdx, keep);
            buildIdx = gather(buildIdx, keep);
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

  private async collectBuildSide(ctx: ExecutionContext, held: { bytes: number }): Promise<Batch> {
    const batches: Batch[] = [];
    for await (const b of this.right.execute(ctx)) {
      held.bytes += holdBatch(ctx.memory, b, 'HashJoin (build side)');
      batches.push(b);
    }
    const schema = this.right.schema;
    const columns = schema.map((f, c) => concat(f.type, batches.map((b) => b.columns[c])));
    return makeBatch(schema, columns, batches.reduce((s, b) => s + b.numRows, 0));
  }

  private pairBatch(probe: Batch, build: Batch, probeIdx: Int32Array, buildIdx: Int32Array): Batch {
    const columns = [
      ...probe.columns.map((c) => take(c, probeIdx)),
      ...build.columns.map((c) => take(c, buildIdx)),
    ];
    return makeBatch(this.kind === 'semi' || this.kind === 'anti' ? [...this.left.schema, ...this.right.schema] : this.schema, columns, probeIdx.length);
  }

  describe() {
    const keys = this.leftKeys.map((k, i) => `${k} = ${this.rightKeys[i]}`).join(' AND ');
    const kind = this.kind === 'semi' ? 'LeftSemi' : this.kind === 'anti' ? 'LeftAnti' : this.kind[0].toUpperCase() + this.kind.slice(1);
    const name = this.leftKeys.length > 0 ? 'HashJoin' : 'NestedLoopJoin';
    return `${name} ${kind}${keys ? ` [${keys}]` : ''}${this.condition ? ` condition ${this.condition}` : ''} BuildRight`;
  }
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

/** Rows whose key was found (`found`) or not. */
function selectWhere(ids: Int32Array, n: number, found: boolean): Int32Array {
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) if ((ids[i] >= 0) === found) out[k++] = i;
  return out.subarray(0, k);
}

function gather(values: Int32Array, indices: Int32Array) {
  const out = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = values[indices[k]];
  return out;
}
