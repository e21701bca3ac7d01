// A sort past its memory budget: sorted runs go to disk (spill_files.ts), and the runs are merged
// back in order, one batch of each in memory at a time.

import { BATCH_SIZE, Batch, makeBatch } from '../../common/batch.js';
import { Schema } from '../../common/types.js';
import { Scalar, Vector, getScalar, isNullAt, vectorFromScalars } from '../../common/vector.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { compareValues } from '../functions/comparison.js';
import type { SortKey } from './sort.js';
import type { MemoryMetrics } from './execution_plan.js';
import { SpillFiles } from './spill_files.js';

export class SpilledRuns {
  private readonly spill: SpillFiles;
  private readonly files: string[] = [];

  constructor(private readonly schema: Schema, directory: string | undefined, metrics?: MemoryMetrics) {
    this.spill = new SpillFiles(schema, 'sort', directory, metrics);
  }

  get count(): number {
    return this.files.length;
  }

  /** Writes one sorted run. */
  async write(run: Batch): Promise<void> {
    this.files.push(await this.spill.write([run]));
  }

  /** The runs on disk and `last` (in memory, the latest input) merged in order; earlier runs first on ties. */
  async *merge(keys: readonly SortKey[], last: Batch | null, ctx: ExecutionContext): AsyncGenerator<Batch> {
    const sources = this.files.map((f) => this.spill.read(f, ctx));
    if (last !== null) sources.push((async function* () { yield last; })());
    const cursors: Cursor[] = [];
    for (const [run, source] of sources.entries()) {
      const cursor = new Cursor(run, source, keys, ctx);
      if (await cursor.advance()) cursors.push(cursor);
    }
    let rows: Scalar[][] = [];
    while (cursors.length > 0) {
      // The smallest current row; few runs, so a scan beats a heap.
      let best = 0;
      for (let c = 1; c < cursors.length; c++) if (cursors[c].compareTo(cursors[best]) < 0) best = c;
      const cursor = cursors[best];
      rows.push(cursor.row());
      if (!(await cursor.advance())) cursors.splice(best, 1);
      if (rows.length === BATCH_SIZE) {
        await checkpoint(ctx);
        yield this.batchOf(rows);
        rows = [];
      }
    }
    if (rows.length > 0) yield this.batchOf(rows);
  }

  remove(): Promise<void> {
    return this.spill.remove();
  }

  private batchOf(rows: Scalar[][]): Batch {
    return makeBatch(this.schema, this.schema.map((f, c) => vectorFromScalars(f.type, rows.map((r) => r[c]))), rows.length);
  }
}

/** A run's current row, with its key values to compare. */
class Cursor {
  private batch: Batch | null = null;
  private keyColumns: Vector[] = [];
  private index = -1;

  constructor(
    readonly run: number, private readonly source: AsyncGenerator<Batch>, private readonly keys: readonly SortKey[],
    private readonly ctx: ExecutionContext,
  ) {}

  async advance(): Promise<boolean> {
    this.index++;
    while (this.batch === null || this.index >= this.batch.numRows) {
      const next = await this.source.next();
      if (next.done) return false;
      this.batch = next.value;
      this.keyColumns = this.keys.map((k) => k.expr.evaluate(next.value, this.ctx));
      this.index = 0;
    }
    return true;
  }

  row(): Scalar[] {
    return this.batch!.columns.map((c) => getScalar(c, this.index));
  }

  compareTo(other: Cursor): number {
    for (let k = 0; k < this.keys.length; k++) {
      const key = this.keys[k];
      const a = this.keyColumns[k], b = other.keyColumns[k];
      const an = isNullAt(a, this.index), bn = isNullAt(b, other.index);
      let c: number;
      if (an || bn) c = an && bn ? 0 : an === key.nullsFirst ? -1 : 1;
      else c = compareValues(getScalar(a, this.index), getScalar(b, other.index)) * (key.ascending ? 1 : -1);
      if (c !== 0) return c;
    }
    return this.run - other.run;
  }
}
