import { BATCH_SIZE, Batch, makeBatch, takeRows } from '../../common/batch.js';
import { Schema } from '../../common/types.js';
import { concat, take } from '../../common/vector.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { PhysicalExpr } from '../expressions/physical_expr.js';
import { selectTrue } from './filter.js';
import { ExecutionPlan } from './execution_plan.js';
import { encodeKeys } from './row_keys.js';

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
    const build = await this.collectBuildSide(ctx);
    const table = new Map<unknown, number[]>();
    const allRows = Array.from({ length: build.numRows }, (_, i) => i);
    if (this.rightKeys.length > 0) {
      const keys = encodeKeys(this.rightKeys.map((e) => e.evaluate(build, ctx)), build.numRows, 'skip');
      for (let i = 0; i < build.numRows; i++) {
        if (keys[i] === undefined) continue;
        const rows = table.get(keys[i]);
        if (rows) rows.push(i);
        else table.set(keys[i], [i]);
      }
    }
    const tracksBuild = this.kind === 'right' || this.kind === 'full';
    const buildMatched = new Uint8Array(build.numRows);

    for await (const probe of this.left.execute(ctx)) {
      await checkpoint(ctx);
      const probeKeys = this.leftKeys.length > 0
        ? encodeKeys(this.leftKeys.map((e) => e.evaluate(probe, ctx)), probe.numRows, 'skip') : null;
      const probeMatched = new Uint8Array(probe.numRows);
      // Candidate pairs in chunks so one probe batch never explodes memory.
      let probeIdx: number[] = [], buildIdx: number[] = [];
      const flush = async function* (this: HashJoinExec): AsyncGenerator<Batch> {
        if (probeIdx.length === 0) return;
        let pairs = this.pairBatch(probe, build, probeIdx, buildIdx);
        if (this.condition) {
          const keep = selectTrue(this.condition.evaluate(pairs, ctx), pairs.numRows);
          if (keep.length < pairs.numRows) {
            pairs = takeRows(pairs, keep);
            probeIdx = Array.from(keep, (k) => probeIdx[k]);
            buildIdx = Array.from(keep, (k) => buildIdx[k]);
          }
        }
        for (const p of probeIdx) probeMatched[p] = 1;
        if (tracksBuild) for (const b of buildIdx) buildMatched[b] = 1;
        if (this.kind !== 'semi' && this.kind !== 'anti' && pairs.numRows > 0) yield pairs;
        probeIdx = [];
        buildIdx = [];
      };
      for (let i = 0; i < probe.numRows; i++) {
        if (this.kind === 'semi' && probeMatched[i] && !this.condition) continue;
        const rows = probeKeys === null ? allRows : probeKeys[i] === undefined ? undefined : table.get(probeKeys[i]);
        if (!rows) continue;
        for (const r of rows) {
          probeIdx.push(i);
          buildIdx.push(r);
        }
        if (probeIdx.length >= BATCH_SIZE) yield* flush.call(this);
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
        if (rows.length > 0) yield this.pairBatch(probe, build, rows, rows.map(() => -1));
      }
    }

    if (tracksBuild) {
      const rows: number[] = [];
      for (let i = 0; i < build.numRows; i++) if (!buildMatched[i]) rows.push(i);
      const emptyProbe = makeBatch(this.left.schema, this.left.schema.map((f) => concat(f.type, [])), 0);
      for (let start = 0; start < rows.length; start += BATCH_SIZE) {
        const chunk = rows.slice(start, start + BATCH_SIZE);
        yield this.pairBatch(emptyProbe, build, chunk.map(() => -1), chunk);
      }
    }
  }

  private async collectBuildSide(ctx: ExecutionContext): Promise<Batch> {
    const batches: Batch[] = [];
    for await (const b of this.right.execute(ctx)) batches.push(b);
    const schema = this.right.schema;
    const columns = schema.map((f, c) => concat(f.type, batches.map((b) => b.columns[c])));
    return makeBatch(schema, columns, batches.reduce((s, b) => s + b.numRows, 0));
  }

  private pairBatch(probe: Batch, build: Batch, probeIdx: number[], buildIdx: number[]): Batch {
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
