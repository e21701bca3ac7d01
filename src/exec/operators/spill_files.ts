// Rows an operator cannot hold within the query's memory budget go to Parquet files in a temporary
// folder of their own, removed when the operator ends. Columns are stored by position (c0, c1, …),
// so any output names, duplicates included, survive the round trip.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readParquetFile, writeParquetFile } from '../../catalog/index.js';
import { Batch, makeBatch } from '../../common/batch.js';
import { QuarryError } from '../../common/errors.js';
import { Field, Schema } from '../../common/types.js';
import { ExecutionContext } from '../context.js';
import type { MemoryMetrics } from './execution_plan.js';

export class SpillFiles {
  private directory: string | undefined;
  private written = 0;
  private readonly positional: Field[];

  /**
   * `operator` names the spilling operator in errors ("sort", "hash join"); its folder is made in
   * `parent` (the query's spill directory); `metrics` counts what it spills.
   */
  constructor(
    readonly schema: Schema, private readonly operator: string, private readonly parent = os.tmpdir(),
    private readonly metrics?: MemoryMetrics,
  ) {
    this.positional = schema.map((f, c) => ({ ...f, name: `c${c}` }));
  }

  /** Writes the batches as one new file; returns its path. */
  async write(batches: readonly Batch[]): Promise<string> {
    try {
      this.directory ??= await fs.mkdtemp(path.join(this.parent, 'quarry-spill-'));
      const file = path.join(this.directory, `${this.written++}.parquet`);
      await writeParquetFile(file, this.positional, batches.map((b) => makeBatch(this.positional, b.columns, b.numRows)));
      if (this.metrics) {
        this.metrics.spillFiles++;
        this.metrics.spilledRows += batches.reduce((n, b) => n + b.numRows, 0);
        this.metrics.spilledBytes += (await fs.stat(file)).size;
      }
      return file;
    } catch (e) {
      throw new QuarryError('53200', `[QUERY_MEMORY_EXCEEDED] The ${this.operator} needs more memory than the query's budget and could not spill to disk: ${(e as Error).message}`,
        undefined, 'QUERY_MEMORY_EXCEEDED');
    }
  }

  /** A written file's batches, with the operator's schema. */
  async *read(file: string, ctx: ExecutionContext): AsyncGenerator<Batch> {
    for await (const b of readParquetFile(file, { columns: this.positional, signal: ctx.signal })) {
      yield makeBatch(this.schema, b.columns, b.numRows);
    }
  }

  async remove(): Promise<void> {
    if (this.directory) await fs.rm(this.directory, { recursive: true, force: true });
    this.directory = undefined;
  }
}
